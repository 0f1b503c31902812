import { baseServiceEnv } from '@hongfan/config';
import { z } from 'zod';

export const identityEnv = baseServiceEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4101),
  /** The platform admin ensured at start (created, or its password reset to this). */
  PLATFORM_ADMIN_USERNAME: z.string().min(3).default('admin'),
  PLATFORM_ADMIN_PASSWORD: z.string().min(8).default('Hongfan-Admin-2026!'),
  /** Access tokens live at most 15 minutes. */
  ACCESS_TOKEN_TTL_SEC: z.coerce.number().int().min(30).max(900).default(900),
  REFRESH_TOKEN_TTL_SEC: z.coerce
    .number()
    .int()
    .min(300)
    .default(7 * 24 * 3600),
});
export type IdentityEnv = z.infer<typeof identityEnv>;
