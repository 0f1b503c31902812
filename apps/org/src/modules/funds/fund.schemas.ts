import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';
import { day, note } from '../committee/people-kit.js';

export const FUND_KIND_NAMES = { grant: '拨付', spend: '支出' } as const;

/** Largest single amount, in yuan (fen are stored in a 32-bit integer column). */
const MAX_YUAN = 10_000_000;

/**
 * An amount in yuan with at most two decimals, as a JSON number (120.5) or a decimal string
 * ("120.50"). Stored as integer fen so every sum is exact.
 */
export const yuan = z.union([
  z
    .number()
    .positive()
    .max(MAX_YUAN)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimal places (fen)'),
  z
    .string()
    .trim()
    .regex(/^\d{1,8}(\.\d{1,2})?$/, 'a positive amount with at most two decimal places')
    .refine((v) => Number(v) > 0 && Number(v) <= MAX_YUAN, `between 0.01 and ${MAX_YUAN}`),
]);

const year = z.number().int().min(2000).max(2100);

export const grantBody = z.strictObject({
  year,
  amountYuan: yuan.optional().describe("default: the tenant's gridBranchAnnualFundYuan (3000)"),
  entryDate: day,
  purpose: note(200).default('年度工作经费'),
});

export const spendBody = z.strictObject({
  year,
  amountYuan: yuan,
  purpose: note(200),
  entryDate: day,
  receiptRef: note(100).describe('receipt or voucher number (票据号)'),
  override: z
    .strictObject({ reason: note(500) })
    .optional()
    .describe("record the spending although it takes the year's balance below zero (an overdraft, audited)"),
});

const yearQuery = z.coerce.number().int().min(2000).max(2100).optional().describe('default: this year');

export const ledgerQuery = pageQuery.extend({ year: yearQuery });

export const fundsListQuery = pageQuery.extend({
  year: yearQuery,
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  includeDissolved: queryBool.optional(),
});

const totalsView = z.object({
  granted: z.string().describe('yuan, two decimals'),
  spent: z.string(),
  balance: z.string(),
  grantedFen: z.number().int(),
  spentFen: z.number().int(),
  balanceFen: z.number().int(),
  overdrawn: z.boolean(),
});

export const entryView = z.object({
  id: z.uuid(),
  partyOrgId: z.uuid(),
  streetId: z.uuid().nullable(),
  communityId: z.uuid().nullable(),
  gridId: z.uuid().nullable(),
  year: z.number().int(),
  kind: z.enum(['grant', 'spend']),
  kindName: z.string(),
  amountYuan: z.string(),
  amountFen: z.number().int(),
  purpose: z.string(),
  entryDate: z.string(),
  receiptRef: z.string().nullable(),
  overdraft: z.boolean(),
  overrideReason: z.string().nullable(),
  recordedBy: z.string(),
  /** The year's balance right after this entry, in recording order. */
  balanceAfter: z.string(),
  balanceAfterFen: z.number().int(),
  createdAt: z.string(),
});

export const ledgerView = z.object({
  partyOrgId: z.uuid(),
  partyOrgName: z.string(),
  year: z.number().int(),
  totals: totalsView,
  items: z.array(entryView),
  nextCursor: z.string().nullable(),
});

export const fundsListView = z.object({
  year: z.number().int(),
  totals: totalsView.extend({ branches: z.number().int() }),
  items: z.array(
    totalsView.extend({
      partyOrgId: z.uuid(),
      name: z.string(),
      status: z.enum(['active', 'dissolved']),
      streetId: z.uuid().nullable(),
      communityId: z.uuid().nullable(),
      gridId: z.uuid().nullable(),
      hasGrant: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
