import fastifyJwt from '@fastify/jwt';
import { errors } from '@hongfan/errors';
import type { Logger } from '@hongfan/logger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RateLimiter } from '../rate-limit.js';
import type { TenantStatus } from '../tenant-status.js';
import { type AuthContext, accessClaims, toAuthContext } from './auth-context.js';
import type { KeyResolver } from './key-resolvers.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface AuthenticateOptions {
  keys: KeyResolver;
  issuer: string;
  audience: string;
  tenantStatus: TenantStatus;
  limits: { perToken: RateLimiter; perTenant: RateLimiter };
}

function freeze(auth: AuthContext): AuthContext {
  for (const list of Object.values(auth.scope)) if (Array.isArray(list)) Object.freeze(list);
  Object.freeze(auth.scope);
  Object.freeze(auth.roles);
  Object.freeze(auth.apiScopes);
  return Object.freeze(auth);
}

/** The only algorithm we accept: a token naming another (or `none`) is refused before any key lookup. */
export const JWT_ALGORITHM = 'RS256';

/**
 * Verifies the bearer token on every route that is not marked `config: { public: true }`: RS256
 * only, key by `kid` from identity's JWKS, `iss`, `aud` and `exp` required. Then refuses a
 * suspended tenant, applies the per-token and per-tenant rate limits, and tags the request log.
 */
export const authenticatePlugin = fp(
  async (app: FastifyInstance, opts: AuthenticateOptions) => {
    // Public keys by kid. A kid's key never changes (rotation makes a new kid), so it can stay.
    const pems = new Map<string, string>();
    const verified = new VerifiedTokens<AuthContext>();
    await app.register(fastifyJwt, {
      secret: {
        // Callback style, answering from a per-kid cache when it can: the key lookup runs on every
        // request, and a promise per request is measurable at this depth.
        public: (
          _req: FastifyRequest,
          token: { header?: { kid?: string; alg?: string } },
          done: (err: Error | null, key?: string) => void,
        ) => {
          if (token.header?.alg !== JWT_ALGORITHM) return done(new Error('algorithm not allowed'));
          const kid = token.header.kid ?? '';
          const known = pems.get(kid);
          if (known) return done(null, known);
          opts.keys.getKey(kid).then((pem) => {
            pems.set(kid, pem);
            done(null, pem);
          }, done);
        },
      } as never,
      decode: { complete: true },
      verify: {
        algorithms: [JWT_ALGORITHM],
        allowedIss: opts.issuer,
        allowedAud: opts.audience,
        requiredClaims: ['exp', 'iss', 'aud', 'sub'],
      } as never,
    });
    app.decorateRequest('auth', undefined);

    /** A new token: verified in full, its claims checked, then kept (frozen: its requests share it). */
    const verifyNew = async (req: FastifyRequest, token: string): Promise<AuthContext> => {
      let raw: { exp?: unknown };
      try {
        raw = await req.jwtVerify();
      } catch (err) {
        req.log.info({ reason: (err as Error).message }, 'token refused');
        throw errors.unauthorized('The token is invalid or expired', 'invalid_token');
      }
      const claims = accessClaims.safeParse(raw);
      if (!claims.success) throw errors.unauthorized('The token claims are malformed', 'invalid_token');
      const auth = freeze(toAuthContext(claims.data));
      verified.set(token, auth, Number(raw.exp));
      return auth;
    };

    /** What every authenticated request checks, however its token was verified. */
    const admit = (req: FastifyRequest, auth: AuthContext): void => {
      if (auth.tenantId && opts.tenantStatus.isSuspended(auth.tenantId))
        throw errors.forbidden('This district tenant is suspended', 'tenant_suspended');
      opts.limits.perToken.hit(`${auth.kind}:${auth.subject}`);
      if (auth.tenantId) opts.limits.perTenant.hit(auth.tenantId);
      req.auth = auth;
      // Binding the ids costs more than the rest of this hook; do it only when this request's
      // info lines will be written (error lines add the ids themselves, see the errors plugin).
      const log = req.log as unknown as Logger;
      if (log.isLevelEnabled('info')) log.setBindings({ tenantId: auth.tenantId, userId: auth.subject });
    };

    // Callback style, so that a token seen before (verified-tokens.ts) is admitted without a
    // promise: this hook runs on every authenticated request.
    app.addHook('onRequest', (req, _reply, done) => {
      if (req.is404 || req.routeOptions.config?.public || req.routeOptions.url?.startsWith('/docs'))
        return done();
      const header = req.headers.authorization;
      if (!header?.startsWith('Bearer ')) return done(errors.unauthorized());
      const token = header.slice(7);
      const known = verified.get(token);
      if (known) {
        try {
          admit(req, known);
        } catch (err) {
          return done(err as Error);
        }
        return done();
      }
      verifyNew(req, token)
        .then((auth) => admit(req, auth))
        .then(
          () => done(),
          (err: Error) => done(err),
        );
    });
  },
  { name: 'hongfan-authenticate' },
);

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
  interface FastifyContextConfig {
    /** No token needed (health, docs, login, JWKS). */
    public?: boolean;
  }
}
