import { errors } from '@hongfan/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from './auth-context.js';

export interface AccessRule {
  /** User roles allowed (any of). */
  roles?: readonly string[];
  /** API scopes a service account may use instead (any of), e.g. `org:read`. */
  scopes?: readonly string[];
  /** Platform admins pass (tenant management). */
  platform?: boolean;
}

/** The caller, or 401 when the route ran without authentication (a wiring bug or a public route). */
export function requireAuth(req: FastifyRequest): AuthContext {
  if (!req.auth) throw errors.unauthorized();
  return req.auth;
}

/** The caller's tenant, or 403 when the caller has none (platform admins on tenant routes). */
export function requireTenant(req: FastifyRequest): string {
  const auth = requireAuth(req);
  if (!auth.tenantId) throw errors.forbidden('This resource belongs to a tenant; use a tenant account');
  return auth.tenantId;
}

export function allows(auth: AuthContext, rule: AccessRule): boolean {
  if (auth.kind === 'platform') return !!rule.platform;
  if (auth.kind === 'service') return !!rule.scopes?.some((s) => auth.apiScopes.includes(s));
  return !!rule.roles?.some((r) => auth.roles.includes(r));
}

/**
 * An onRequest hook that refuses (403) callers the rule does not name, before their body is even
 * validated. Callback style: it runs on every guarded request, and an async hook costs a promise.
 */
export function guard(rule: AccessRule) {
  return function accessGuard(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
    if (!req.auth) done(errors.unauthorized());
    else if (!allows(req.auth, rule)) done(errors.forbidden('Your role or scope does not allow this'));
    else done();
  };
}
