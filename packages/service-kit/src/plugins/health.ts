import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

/** /healthz: the process answers. /readyz: its dependencies (database, NATS) answer too. */
export const healthPlugin = fp(
  async (app: FastifyInstance, opts: { checks: ReadinessCheck[] }) => {
    const hide = { hide: true };
    app.get('/healthz', { config: { public: true }, schema: hide, logLevel: 'warn' }, async () => ({
      status: 'ok',
    }));
    app.get('/readyz', { config: { public: true }, schema: hide, logLevel: 'warn' }, async (_req, reply) => {
      const results = await Promise.all(
        opts.checks.map(async (c) => [c.name, await Promise.resolve(c.check()).catch(() => false)] as const),
      );
      const ok = results.every(([, r]) => r);
      return reply
        .status(ok ? 200 : 503)
        .send({ status: ok ? 'ready' : 'unavailable', checks: Object.fromEntries(results) });
    });
  },
  { name: 'hongfan-health' },
);
