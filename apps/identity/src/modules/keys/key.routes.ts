import { guard, problemSchema, type Service } from '@hongfan/service-kit';
import { z } from 'zod';
import type { IdentityDeps } from '../../deps.js';

const jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

/** The public keys other services verify tokens with, and rotation for platform admins. */
export async function keyRoutes(app: Service, deps: IdentityDeps) {
  app.get(
    '/.well-known/jwks.json',
    {
      config: { public: true },
      schema: { tags: ['keys'], summary: 'JSON Web Key Set', security: [], response: { 200: jwks } },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return deps.keys.jwks();
    },
  );

  app.post(
    '/v1/keys/rotate',
    {
      onRequest: guard({ platform: true }),
      schema: {
        tags: ['keys'],
        summary: 'Start signing with a new key; the old one stays published until its tokens expire',
        response: { 200: z.object({ kid: z.string() }), 401: problemSchema, 403: problemSchema },
      },
    },
    async () => ({ kid: await deps.keys.rotate() }),
  );
}
