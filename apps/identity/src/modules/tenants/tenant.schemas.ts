import { tenantSettingsSchema } from '@hongfan/contracts';
import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';
import { PASSWORD_RULE } from '../auth/password.js';

export const tenantCode = z
  .string()
  .regex(/^\d{6}$/, 'must be a 6-digit administrative division code (e.g. 370811)');

/** Settings as stored and returned; every field has its domain default. */
export const tenantSettings = tenantSettingsSchema;

/** A settings change names only what changes; the result is validated as a whole. */
export const settingsPatch = z.strictObject({
  branchThreshold: z.unknown().optional(),
  gridBranchAnnualFundYuan: z.unknown().optional(),
  windowStaff: z.unknown().optional(),
  gridStaff: z.unknown().optional(),
  listeningDays: z.unknown().optional(),
  volunteerStarHours: z.unknown().optional(),
});

export const createTenantBody = z.strictObject({
  code: tenantCode,
  name: z.string().trim().min(2).max(50).describe('e.g. 任城区'),
  city: z.string().trim().min(2).max(50).describe('e.g. 济宁市'),
  settings: settingsPatch.optional(),
  /** The district's first tenant admin, created with the tenant. */
  admin: z
    .strictObject({
      username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, 'letters, digits, _ . - (3–64)'),
      displayName: z.string().trim().min(1).max(50),
      password: z.string().regex(PASSWORD_RULE, '8–128 characters with letters and digits'),
    })
    .optional(),
});

export const updateTenantBody = z
  .strictObject({
    name: z.string().trim().min(2).max(50).optional(),
    city: z.string().trim().min(2).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

export const tenantView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  city: z.string(),
  status: z.enum(['active', 'suspended']),
  statusName: z.string(),
  settings: tenantSettings,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const listTenantsQuery = pageQuery.extend({
  status: z.enum(['active', 'suspended']).optional(),
  city: z.string().max(50).optional(),
  q: z.string().max(50).optional().describe('matches code or name'),
  sort: z.enum(['code', 'name', 'createdAt']).default('code'),
});

export const settingsView = z.object({ settings: tenantSettings, defaults: tenantSettings });
