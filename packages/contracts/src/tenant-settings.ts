import { z } from 'zod';

/*
 * Per-tenant rules. The defaults come from the domain brief (Jining's figures); each district
 * may change them. Array and object defaults are factories so no caller can mutate a shared one.
 */

const staffRange = (min: number, max: number) =>
  z
    .object({ min: z.int().min(1), max: z.int().min(1) })
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max', path: ['min'] })
    .default(() => ({ min, max }));

export const tenantSettingsSchema = z.object({
  /** Self-managed full members a compound needs for its own branch (实体党支部). */
  branchThreshold: z.int().min(1).max(50).default(3),
  /** Yearly working funds per grid branch, in yuan. */
  gridBranchAnnualFundYuan: z.number().min(0).default(3000),
  /** Community two-committee members who stay at the service window. */
  windowStaff: staffRange(2, 3),
  /** People working each grid. */
  gridStaff: staffRange(5, 10),
  /** Days of the month when sentiment-secretary teams go down to compounds (民意"5"来听). */
  listeningDays: z
    .array(z.int().min(1).max(31))
    .min(1)
    .refine((days) => new Set(days).size === days.length, { message: 'days must be unique' })
    .default(() => [5, 15, 25]),
  /** Accumulated service hours for 1★ … 5★ volunteers. */
  volunteerStarHours: z
    .array(z.number().positive())
    .length(5)
    .refine((h) => h.every((v, i) => i === 0 || v > h[i - 1]), {
      message: 'hours must be strictly increasing',
    })
    .default(() => [100, 300, 600, 1000, 1500]),
});

export type TenantSettings = z.output<typeof tenantSettingsSchema>;
export type TenantSettingsInput = z.input<typeof tenantSettingsSchema>;

export function defaultTenantSettings(): TenantSettings {
  return tenantSettingsSchema.parse({});
}
