import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';
import { day, note, order } from '../committee/people-kit.js';

export const PERSON_KINDS = ['member', 'liaison-cadre', 'committee-member'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
export const PERSON_KIND_NAMES: Record<PersonKind, string> = {
  member: '本支部党员',
  'liaison-cadre': '包保干部',
  'committee-member': '社区党委委员',
};
const ID_FIELD: Record<PersonKind, 'memberId' | 'liaisonId' | 'committeeMemberId'> = {
  member: 'memberId',
  'liaison-cadre': 'liaisonId',
  'committee-member': 'committeeMemberId',
};

export const secretaryAppoint = z
  .strictObject({
    personKind: z.enum(PERSON_KINDS),
    memberId: z.uuid().optional(),
    liaisonId: z.uuid().optional(),
    committeeMemberId: z.uuid().optional(),
    startedOn: day,
    override: z
      .strictObject({
        reason: note(500).describe(
          'why a liaison cadre or committee member serves although a full member lives here',
        ),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    for (const kind of PERSON_KINDS) {
      const field = ID_FIELD[kind];
      if (kind === b.personKind && !b[field])
        ctx.addIssue({ code: 'custom', path: [field], message: `required when personKind is ${kind}` });
      if (kind !== b.personKind && b[field])
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `not allowed when personKind is ${b.personKind}`,
        });
    }
  });
export type SecretaryAppoint = z.infer<typeof secretaryAppoint>;

export const secretaryEnd = z.strictObject({
  endedOn: day,
  reason: note(200).optional(),
});

export const candidatesQuery = pageQuery;

export const candidateView = z.object({
  rank: z.number().int().describe('1 = best'),
  personKind: z.enum(PERSON_KINDS),
  personKindName: z.string(),
  memberId: z.uuid().nullable(),
  liaisonId: z.uuid().nullable(),
  committeeMemberId: z.uuid().nullable(),
  name: z.string(),
  phone: z.string().nullable(),
  compoundId: z.uuid().nullable(),
  isHomeowner: z.boolean().nullable(),
  memberStatus: z.enum(['full', 'probationary']).nullable(),
  management: z.enum(['self', 'non-self']).nullable(),
  position: z.string().nullable(),
  /** A liaison cadre or committee member would hold the post concurrently (兼任). */
  concurrent: z.boolean(),
  /** May be appointed: a full member, or a fallback when the branch has no full member. */
  suitable: z.boolean(),
  reasons: z.array(z.string()),
  reason: z.string(),
});

export const candidatesView = z.object({
  partyOrgId: z.uuid(),
  partyOrgName: z.string(),
  level: z.string(),
  levelName: z.string(),
  compoundIds: z.array(z.uuid()),
  suitableMemberExists: z.boolean(),
  fallbackUsed: z.boolean(),
  message: z.string(),
  items: z.array(candidateView),
  nextCursor: z.string().nullable(),
});

export const termView = z.object({
  id: z.uuid(),
  partyOrgId: z.uuid(),
  streetId: z.uuid().nullable(),
  communityId: z.uuid().nullable(),
  personKind: z.enum(PERSON_KINDS),
  personKindName: z.string(),
  memberId: z.uuid().nullable(),
  liaisonId: z.uuid().nullable(),
  committeeMemberId: z.uuid().nullable(),
  personName: z.string(),
  concurrent: z.boolean(),
  concurrentName: z.string().nullable(),
  isHomeowner: z.boolean(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  current: z.boolean(),
  createdAt: z.string(),
});

export const termsQuery = pageQuery;

export const secretaryListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  partyOrgId: z.uuid().optional(),
  concurrent: queryBool.optional(),
  includeEnded: queryBool.optional().describe('past terms too (default: current secretaries only)'),
  sort: z.enum(['startedOn', 'createdAt']).default('startedOn'),
  order: order.default('desc'),
});
