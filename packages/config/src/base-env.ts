import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string({ error: 'is required' }).refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.join(' or ')} URL`,
  );

/** Variables every backend service reads; services extend this with their own. */
export const baseServiceEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  /** Password of the non-owner role the service connects as (trust auth ignores it). */
  DATABASE_APP_PASSWORD: z.string().min(8).default('hongfan-app-dev'),
  NATS_URL: url(['nats:', 'tls:']).default('nats://127.0.0.1:4222'),
  /** Prefix for every subject and stream; tests give each worker its own. */
  SUBJECT_PREFIX: z
    .string()
    .regex(/^([a-z0-9_-]+\.)?$/, 'must be empty or end with a dot')
    .default(''),
  IDENTITY_URL: url(['http:', 'https:']).default('http://127.0.0.1:4101'),
  JWT_ISSUER: z.string().default('hongfan-identity'),
  JWT_AUDIENCE: z.string().default('hongfan'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  RATE_LIMIT_PER_TOKEN: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_PER_TENANT: z.coerce.number().int().positive().default(6000),
});
export type BaseServiceEnv = z.infer<typeof baseServiceEnv>;
