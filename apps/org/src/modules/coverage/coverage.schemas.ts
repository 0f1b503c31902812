import { z } from 'zod';

export const COVERAGE_LEVELS = ['district', 'street', 'community'] as const;
export const GROUPS = ['street', 'community', 'grid'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];
export type Group = (typeof GROUPS)[number];

export const coverageQuery = z.object({
  level: z
    .enum(COVERAGE_LEVELS)
    .optional()
    .describe(
      'with its id (streetId / communityId): that unit; without: every unit of the level. Default: community with communityId, street with streetId, else district',
    ),
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  groupBy: z
    .enum(GROUPS)
    .optional()
    .describe('breakdown unit, finer than level (default: the next level down; grid for a community)'),
  uncoveredLimit: z.coerce
    .number()
    .int()
    .min(0)
    .max(500)
    .default(50)
    .describe(
      'uncovered compounds listed (the total is always given); page through all of them with GET /v1/formation?uncovered=true',
    ),
});

export const figures = z.object({
  /** Active (not archived) compounds. */
  compounds: z.number().int(),
  /** Compounds a branch covers (own or joint). */
  coveredCompounds: z.number().int(),
  uncoveredCompounds: z.number().int(),
  /** covered / compounds × 100, one decimal; null when there are no compounds. */
  coveragePercent: z.number().nullable(),
  /** Compounds with their own 小区党支部 (one branch each). */
  ownBranches: z.number().int(),
  /** Distinct 网格联合党支部 covering compounds here. */
  jointBranches: z.number().int(),
  jointBranchCompounds: z.number().int(),
  /** Active members living in these compounds. */
  members: z.number().int(),
  /** Active members living in covered compounds: 纳入小区党支部管理的党员. */
  membersUnderManagement: z.number().int(),
});
export type Figures = z.infer<typeof figures>;

export const coverageView = z.object({
  level: z.enum(COVERAGE_LEVELS),
  unit: z.object({
    kind: z.enum(COVERAGE_LEVELS),
    /** null for the district (the tenant itself). */
    id: z.uuid().nullable(),
    name: z.string().nullable(),
  }),
  totals: figures,
  groupBy: z.enum(GROUPS),
  /** The same figures per street / community / grid of the unit (every live one, for charts). */
  breakdown: z.array(
    figures.extend({
      kind: z.enum(GROUPS),
      id: z.uuid(),
      name: z.string(),
      streetId: z.uuid(),
      communityId: z.uuid().nullable(),
    }),
  ),
  uncovered: z.object({
    total: z.number().int(),
    limit: z.number().int(),
    items: z.array(
      z.object({
        compoundId: z.uuid(),
        name: z.string(),
        streetId: z.uuid(),
        streetName: z.string(),
        communityId: z.uuid(),
        communityName: z.string(),
        gridId: z.uuid(),
        gridName: z.string(),
      }),
    ),
  }),
});
export type CoverageView = z.infer<typeof coverageView>;
