import { branchFormSchema } from '@hongfan/contracts';
import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';
import { day, orgName, partyOrgView } from '../party-orgs/party-org.schemas.js';

export const formationListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  q: z.string().trim().max(60).optional().describe('compound name contains'),
  recommended: branchFormSchema.optional().describe('compounds the rule recommends this form for'),
  flagged: queryBool.optional().describe('applied form no longer fits the rule (form-mismatch)'),
  uncovered: queryBool.optional().describe('no branch covers the compound yet'),
  weak: queryBool.optional().describe('weak base: no active self-managed full member'),
  missingLiaison: queryBool.optional().describe('weak base without a current liaison cadre'),
});

export const applyBody = z
  .strictObject({
    branchName: orgName
      .optional()
      .describe('name for a branch formed now (default: 幸福里小区党支部 / 一网格联合党支部)'),
  })
  .nullish();

const counts = z.object({
  selfFull: z.number().int().describe('active self-managed full members: the only ones the rule counts'),
  selfProbationary: z.number().int(),
  nonSelf: z.number().int(),
  total: z.number().int(),
});

export const liaisonSummary = z.object({
  id: z.uuid(),
  cadreKind: z.enum(['street-cadre', 'community-committee']),
  cadreKindName: z.string(),
  cadreName: z.string(),
  cadrePhone: z.string().nullable(),
  committeeMemberId: z.uuid().nullable(),
  startedOn: z.string(),
});

export const formationView = z.object({
  compoundId: z.uuid(),
  compoundName: z.string(),
  streetId: z.uuid(),
  streetName: z.string(),
  communityId: z.uuid(),
  communityName: z.string(),
  gridId: z.uuid(),
  gridName: z.string(),
  counts,
  threshold: z.number().int().describe("the tenant's branchThreshold"),
  recommendation: z.object({
    form: branchFormSchema,
    formName: z.string(),
    /** The branch it would join or form (an existing joint branch's name, or the default name). */
    branchName: z.string(),
    reason: z.string(),
  }),
  /** No active self-managed full member: needs a liaison cadre (联系包保). */
  weakBase: z.boolean(),
  liaison: liaisonSummary.nullable(),
  current: z
    .object({
      form: branchFormSchema,
      formName: z.string(),
      branchId: z.uuid(),
      branchName: z.string().nullable(),
    })
    .nullable(),
  /** Whether the applied form fits the rule now; null when no branch covers the compound. */
  fits: z.boolean().nullable(),
  flag: z.string().nullable(),
  flagName: z.string().nullable(),
  flaggedAt: z.string().nullable(),
  warnings: z.array(
    z.object({
      code: z.enum(['uncovered', 'form-mismatch', 'weak-base-without-liaison']),
      message: z.string(),
    }),
  ),
});
export type FormationView = z.infer<typeof formationView>;

export const applyResult = z.object({
  /** False when the compound already had the recommended form (nothing was written). */
  changed: z.boolean(),
  /** True when the branch was formed by this call (not an existing joint branch reused). */
  formed: z.boolean(),
  formation: formationView,
  branch: partyOrgView.nullable(),
  dissolvedBranchIds: z.array(z.uuid()),
});

// ——— liaison cadres (联系包保) ———

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, 'digits, spaces, + - ( ) only (5–20)');

export const liaisonCreate = z.strictObject({
  compoundId: z.uuid(),
  cadreKind: z.enum(['street-cadre', 'community-committee']),
  cadreName: z.string().trim().min(1).max(50),
  cadrePhone: phone.optional(),
  committeeMemberId: z
    .uuid()
    .optional()
    .describe('community-committee only: the two-committee member (of the compound’s community)'),
  startedOn: day.describe('not in the future'),
});

export const liaisonEnd = z.strictObject({
  endedOn: day.describe('not before it started, not in the future'),
  reason: z.string().trim().min(1).max(200),
});

export const liaisonListQuery = pageQuery.extend({
  compoundId: z.uuid().optional(),
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  cadreKind: z.enum(['street-cadre', 'community-committee']).optional(),
  includeEnded: queryBool.optional().describe('also ended assignments (default: current only)'),
  sort: z.enum(['startedOn', 'createdAt']).default('startedOn'),
});

export const liaisonView = z.object({
  id: z.uuid(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  compoundId: z.uuid(),
  cadreKind: z.enum(['street-cadre', 'community-committee']),
  cadreKindName: z.string(),
  cadreName: z.string(),
  cadrePhone: z.string().nullable(),
  committeeMemberId: z.uuid().nullable(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  current: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
