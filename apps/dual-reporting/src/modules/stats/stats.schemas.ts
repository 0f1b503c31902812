import { SERVICE_MODES } from '@hongfan/contracts';
import { z } from 'zod';

const filters = {
  workUnitId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  streetId: z.uuid().optional(),
};

export const reportingQuery = z.strictObject({
  by: z.enum(['unit', 'compound', 'community']).default('unit'),
  ...filters,
});
export type ReportingQuery = z.infer<typeof reportingQuery>;

const rate = z.number().describe('0..1, three decimals');

export const reportingRow = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Compounds: their community. */
  communityName: z.string().nullable(),
  /** Units only: members on the roster (within your scope). */
  members: z.number().int().nullable(),
  /** Members with a confirmed report (报到). */
  reported: z.number().int(),
  /** Members whose report awaits the branch. */
  pending: z.number().int(),
  /** Units: reported / members. Compounds and communities: reported / (reported + pending). */
  rate,
});

export const reportingView = z.object({
  by: z.enum(['unit', 'compound', 'community']),
  rows: z.array(reportingRow),
  totals: z.object({
    members: z.number().int().nullable(),
    reported: z.number().int(),
    pending: z.number().int(),
    rate,
  }),
});

export const deedStatsQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('default: this year'),
  ...filters,
});

const modeCount = z.object({
  mode: z.enum(SERVICE_MODES),
  modeName: z.string(),
  /** Verified deeds, of which `tasks` were verified service tasks. */
  deeds: z.number().int(),
  tasks: z.number().int(),
  hours: z.number(),
});

export const deedStatsView = z.object({
  year: z.number().int(),
  months: z.array(modeCount.extend({ month: z.string().describe('YYYY-MM') })),
  byMode: z.array(modeCount),
  totals: z.object({ deeds: z.number().int(), tasks: z.number().int(), hours: z.number() }),
});

export const overviewQuery = z.strictObject(filters);

export const overviewView = z.object({
  workUnits: z.number().int(),
  members: z.number().int(),
  reported: z.number().int(),
  pending: z.number().int(),
  /** reported / members. */
  reportRate: rate,
  tasks: z.object({
    open: z.number().int(),
    accepted: z.number().int(),
    done: z.number().int(),
    verified: z.number().int(),
    cancelled: z.number().int(),
  }),
  deeds: z.object({ verified: z.number().int(), pending: z.number().int(), hours: z.number() }),
});
