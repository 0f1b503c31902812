import { problemSchema, RateLimiter, type Service } from '@hongfan/service-kit';
import { z } from 'zod';
import type { IdentityDeps } from '../../deps.js';
import { revokeRequest, tokenRequest, tokenResponse } from './token.schemas.js';

/** OAuth2-style token endpoint (JSON or form-encoded) and refresh-token revocation (logout). */
export async function tokenRoutes(app: Service, deps: IdentityDeps) {
  // Per client address, before any password work: slows spraying across many accounts.
  const perIp = new RateLimiter(60);
  const tags = ['auth'];
  const problems = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };

  app.post(
    '/v1/auth/token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Get tokens: password, refresh_token or client_credentials grant',
        security: [],
        body: tokenRequest,
        response: { 200: tokenResponse, ...problems },
      },
    },
    async (req, reply) => {
      perIp.hit(req.ip);
      reply.header('cache-control', 'no-store');
      return deps.tokens.grant(req.body);
    },
  );

  app.post(
    '/v1/auth/revoke',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Revoke a refresh token and its family (logout)',
        security: [],
        body: revokeRequest,
        response: { 204: z.null(), 400: problemSchema },
      },
    },
    async (req, reply) => {
      perIp.hit(req.ip);
      await deps.tokens.revoke(req.body.refresh_token);
      return reply.status(204).send(null);
    },
  );
}
