import { z } from 'zod';

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * `SERVICES` is `name=baseUrl` pairs separated by commas, e.g.
 * `identity=http://127.0.0.1:4101,org=http://127.0.0.1:4102`.
 */
export function parseServices(raw: string): Record<string, string> {
  const services: Record<string, string> = {};
  for (const entry of raw.split(',').map((e) => e.trim())) {
    if (!entry) continue;
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new Error(`entry "${entry}" is not name=url`);
    const name = entry.slice(0, eq).trim();
    const url = entry.slice(eq + 1).trim();
    if (!SERVICE_NAME.test(name)) throw new Error(`"${name}" is not a service name (a-z, 0-9, -)`);
    if (name in services) throw new Error(`"${name}" is listed twice`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`"${url}" (for ${name}) is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new Error(`"${url}" (for ${name}) must be an http or https URL`);
    }
    services[name] = url.replace(/\/+$/, '');
  }
  if (Object.keys(services).length === 0) throw new Error('lists no service');
  return services;
}

export const gatewayEnv = z.object({
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  SERVICES: z.string({ error: 'is required (e.g. identity=http://127.0.0.1:4101)' }).transform((raw, ctx) => {
    try {
      return parseServices(raw);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  CONSOLE_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type GatewayEnv = z.infer<typeof gatewayEnv>;

/** Thrown when the environment is unusable; its message is one line naming the variable. */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const result = gatewayEnv.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new GatewayConfigError(`gateway config: ${problems.join('; ')}`);
}
