import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { createEventRegistry } from '../event-registry.js';
import { uuidSchema } from '../ids.js';

/**
 * Events of the organisation service. Other services keep read models of compounds and Party
 * branches from these, so each carries the full current state of its record (consumers overwrite,
 * never merge) and the territory path (street → community → grid) with names for display.
 */

export const PARTY_ORG_LEVELS = [
  'street-committee',
  'community-committee',
  'compound-branch',
  'grid-branch',
  'building-group',
  'central-household',
] as const;
export const partyOrgLevelSchema = z.enum(PARTY_ORG_LEVELS);
export type PartyOrgLevel = z.output<typeof partyOrgLevelSchema>;

/** The branch forms a compound can have (合理设置党支部). */
export const BRANCH_FORMS = ['own-branch', 'joint-branch'] as const;
export const branchFormSchema = z.enum(BRANCH_FORMS);

export const compoundState = z.object({
  compoundId: uuidSchema,
  name: z.string(),
  address: z.string().nullable(),
  streetId: uuidSchema,
  streetName: z.string(),
  communityId: uuidSchema,
  communityName: z.string(),
  gridId: uuidSchema,
  gridName: z.string(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  householdCount: z.number().int().nullable(),
  buildingCount: z.number().int().nullable(),
  propertyCompany: z.string().nullable(),
  /** The Party branch covering the compound (its own or the grid's joint branch), if any. */
  branchId: uuidSchema.nullable(),
  branchForm: branchFormSchema.nullable(),
  archived: z.boolean(),
});
export type CompoundState = z.output<typeof compoundState>;

const compoundEvent = (event: string) =>
  defineEvent({ service: 'org', aggregate: 'compound', event, version: 1, data: compoundState });
export const compoundCreated = compoundEvent('created');
export const compoundUpdated = compoundEvent('updated');
export const compoundArchived = compoundEvent('archived');

export const partyOrgState = z.object({
  partyOrgId: uuidSchema,
  level: partyOrgLevelSchema,
  name: z.string(),
  parentId: uuidSchema.nullable(),
  streetId: uuidSchema.nullable(),
  communityId: uuidSchema.nullable(),
  gridId: uuidSchema.nullable(),
  /** For a compound branch, its compound; for a joint branch, every compound it covers. */
  compoundIds: z.array(uuidSchema),
  status: z.enum(['active', 'dissolved']),
});
export const partyOrgFormed = defineEvent({
  service: 'org',
  aggregate: 'party-org',
  event: 'formed',
  version: 1,
  data: partyOrgState,
});
export const partyOrgChanged = defineEvent({
  service: 'org',
  aggregate: 'party-org',
  event: 'changed',
  version: 1,
  data: partyOrgState,
});
export const partyOrgDissolved = defineEvent({
  service: 'org',
  aggregate: 'party-org',
  event: 'dissolved',
  version: 1,
  data: partyOrgState,
});

export const memberState = z.object({
  memberId: uuidSchema,
  name: z.string(),
  compoundId: uuidSchema,
  communityId: uuidSchema,
  streetId: uuidSchema,
  status: z.enum(['full', 'probationary']),
  management: z.enum(['self', 'non-self']),
  isHomeowner: z.boolean(),
  archived: z.boolean(),
});
export const memberRegistered = defineEvent({
  service: 'org',
  aggregate: 'member',
  event: 'registered',
  version: 1,
  data: memberState,
});
export const memberChanged = defineEvent({
  service: 'org',
  aggregate: 'member',
  event: 'changed',
  version: 1,
  data: memberState,
});
export const memberMoved = defineEvent({
  service: 'org',
  aggregate: 'member',
  event: 'moved',
  version: 1,
  data: memberState.extend({ fromCompoundId: uuidSchema }),
});

export const secretaryAppointed = defineEvent({
  service: 'org',
  aggregate: 'secretary',
  event: 'appointed',
  version: 1,
  data: z.object({
    termId: uuidSchema,
    partyOrgId: uuidSchema,
    personName: z.string(),
    memberId: uuidSchema.nullable(),
    concurrent: z.boolean(),
    startedOn: z.string(),
  }),
});

export const buildingLeaderElected = defineEvent({
  service: 'org',
  aggregate: 'building-leader',
  event: 'elected',
  version: 1,
  data: z.object({
    leaderId: uuidSchema,
    electionId: uuidSchema,
    buildingId: uuidSchema,
    compoundId: uuidSchema,
    name: z.string(),
    isMember: z.boolean(),
    termStart: z.string(),
    termEnd: z.string().nullable(),
  }),
});

export const fundEntryRecorded = defineEvent({
  service: 'org',
  aggregate: 'fund-entry',
  event: 'recorded',
  version: 1,
  data: z.object({
    entryId: uuidSchema,
    partyOrgId: uuidSchema,
    year: z.number().int(),
    kind: z.enum(['grant', 'spend']),
    amountFen: z.number().int(),
    overdraft: z.boolean(),
  }),
});

export const orgEvents = {
  compoundCreated,
  compoundUpdated,
  compoundArchived,
  partyOrgFormed,
  partyOrgChanged,
  partyOrgDissolved,
  memberRegistered,
  memberChanged,
  memberMoved,
  secretaryAppointed,
  buildingLeaderElected,
  fundEntryRecorded,
} as const;

export const orgEventRegistry = createEventRegistry(...Object.values(orgEvents));
