import { dataScopeSchema } from '@hongfan/contracts';
import { z } from 'zod';

/** The org units (or work unit / property company) whose data a user may see; unknown kinds are ignored. */
export const dataScopeClaim = dataScopeSchema.default({});
export type DataScope = z.infer<typeof dataScopeClaim>;

/**
 * Access-token claims. `tid` is the tenant (district); platform admins have none. `roles` are the
 * user's roles, `scope` the data scope, `scp` the API scopes of a service account
 * (e.g. `org:read`). `typ` says which kind of principal holds the token.
 */
export const accessClaims = z.object({
  sub: z.string().min(1),
  typ: z.enum(['user', 'service', 'platform']),
  tid: z.string().uuid().optional(),
  name: z.string().optional(),
  roles: z.array(z.string()).default([]),
  scope: dataScopeClaim,
  scp: z.array(z.string()).default([]),
});
export type AccessClaims = z.infer<typeof accessClaims>;

/** What a route sees about its caller. */
export interface AuthContext {
  subject: string;
  kind: AccessClaims['typ'];
  tenantId: string | null;
  name?: string;
  roles: string[];
  scope: DataScope;
  apiScopes: string[];
}

export function toAuthContext(c: AccessClaims): AuthContext {
  return {
    subject: c.sub,
    kind: c.typ,
    tenantId: c.tid ?? null,
    name: c.name,
    roles: c.roles,
    scope: c.scope,
    apiScopes: c.scp,
  };
}
