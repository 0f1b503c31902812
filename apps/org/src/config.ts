import { baseServiceEnv } from '@hongfan/config';
import { z } from 'zod';

export const orgEnv = baseServiceEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4102),
  /** Largest CSV import accepted, in bytes (10,000 members is about 1.2 MB). */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  /** How long a coverage answer may be reused when no write of its tenant went through (0: never). */
  COVERAGE_CACHE_MS: z.coerce.number().int().min(0).default(2000),
});
export type OrgEnv = z.infer<typeof orgEnv>;
