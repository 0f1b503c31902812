import { PARTY_ORG_LEVELS, partyOrgLevelSchema } from '@hongfan/contracts';
import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';

/** A calendar day, 'YYYY-MM-DD'. */
export const day = z.iso.date();
/** The calendar day now, in China (UTC+8, no daylight saving): "today" for formed/dissolved dates. */
export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const orgName = z.string().trim().min(1).max(60);
const optional = {
  name: orgName.optional().describe('defaults to the unit name + the level, e.g. 幸福里小区党支部'),
  formedOn: day.optional().describe('defaults to today (China time); not in the future'),
};
const parentId = z
  .uuid()
  .optional()
  .describe('optional: the parent is found from the territory; if given it must be that parent');

/**
 * Forming a Party organisation: the level, the territory unit it covers (exactly one field, by
 * level) and optionally its parent, which must be the organisation one level up over the same
 * territory. Unknown fields (tenantId, status, another level's territory) are a 400.
 */
export const partyOrgCreate = z.discriminatedUnion('level', [
  z.strictObject({ level: z.literal('street-committee'), streetId: z.uuid(), ...optional }),
  z.strictObject({ level: z.literal('community-committee'), communityId: z.uuid(), parentId, ...optional }),
  z.strictObject({ level: z.literal('compound-branch'), compoundId: z.uuid(), parentId, ...optional }),
  z.strictObject({ level: z.literal('grid-branch'), gridId: z.uuid(), parentId, ...optional }),
  z.strictObject({ level: z.literal('building-group'), buildingId: z.uuid(), parentId, ...optional }),
  z.strictObject({ level: z.literal('central-household'), householdId: z.uuid(), parentId, ...optional }),
]);
export type PartyOrgCreate = z.infer<typeof partyOrgCreate>;

export const partyOrgRename = z.strictObject({ name: orgName });
export const partyOrgDissolve = z.strictObject({
  reason: z.string().trim().min(1).max(200),
  dissolvedOn: day.describe('not before it was formed, not in the future'),
});

export const partyOrgListQuery = pageQuery.extend({
  level: partyOrgLevelSchema.optional(),
  status: z.enum(['active', 'dissolved', 'all']).default('active'),
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  compoundId: z
    .uuid()
    .optional()
    .describe("the compound's organisations: its branch (own, or the joint branch covering it) and below"),
  parentId: z.uuid().optional(),
  q: z.string().trim().max(60).optional().describe('name contains'),
  sort: z.enum(['name', 'createdAt', 'formedOn']).default('name'),
});
export type PartyOrgListQuery = z.infer<typeof partyOrgListQuery>;

export const partyOrgTreeQuery = z.strictObject({
  depth: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .default(5)
    .describe('levels to include, from the street committee'),
});

export const partyOrgView = z.object({
  id: z.uuid(),
  level: z.enum(PARTY_ORG_LEVELS),
  levelName: z.string(),
  /** 1 = 街道党工委 … 5 = 党员中心户. */
  rank: z.number().int(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  streetId: z.uuid().nullable(),
  communityId: z.uuid().nullable(),
  gridId: z.uuid().nullable(),
  compoundId: z.uuid().nullable(),
  buildingId: z.uuid().nullable(),
  householdId: z.uuid().nullable(),
  /** Branches: the compounds they cover (a joint branch may cover several). */
  compoundIds: z.array(z.uuid()),
  status: z.enum(['active', 'dissolved']),
  statusName: z.string(),
  formedOn: z.string(),
  dissolvedOn: z.string().nullable(),
  dissolveReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type PartyOrgView = z.infer<typeof partyOrgView>;

export interface TreeNode {
  id: string;
  level: (typeof PARTY_ORG_LEVELS)[number];
  levelName: string;
  name: string;
  compoundIds: string[];
  children: TreeNode[];
}
export const treeNode = z.object({
  id: z.uuid(),
  level: z.enum(PARTY_ORG_LEVELS),
  levelName: z.string(),
  name: z.string(),
  compoundIds: z.array(z.uuid()),
  get children() {
    return z.array(treeNode);
  },
});
