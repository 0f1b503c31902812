import type { z } from 'zod';

/** Thrown when the environment does not satisfy a service's schema; the message is one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment once, at start. A missing or bad variable fails with one line that names
 * it (e.g. `config: DATABASE_URL: Required`), so an operator sees what to fix without a stack trace.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`config: ${problems.join('; ')}`);
}
