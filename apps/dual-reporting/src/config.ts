import { baseServiceEnv } from '@hongfan/config';
import { z } from 'zod';

export const dualReportingEnv = baseServiceEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(4103),
  /** Largest CSV import accepted, in bytes (5,000 members is about 0.5 MB). */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 * 1024),
  /**
   * Most rows one import file may hold. A unit imports its roster in files of at most this many
   * rows (the city's 140,000 members are about 700 per unit), which keeps every import one
   * bounded transaction and the service's memory flat.
   */
  IMPORT_MAX_ROWS: z.coerce.number().int().positive().max(20_000).default(5000),
  /** How long a statistics answer may be reused (this instance's own writes refresh it at once); 0: never. */
  STATS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** Connections in the app role's pool. */
  DATABASE_POOL_MAX: z.coerce.number().int().positive().max(100).default(10),
});
export type DualReportingEnv = z.infer<typeof dualReportingEnv>;
