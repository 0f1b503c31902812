import { auditRoutes } from '@hongfan/audit';
import type { Database } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import { buildService, type Service, type TenantStatus } from '@hongfan/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { IdentityDeps } from './deps.js';
import { tokenRoutes } from './modules/auth/token.routes.js';
import { keyRoutes } from './modules/keys/key.routes.js';
import { serviceAccountRoutes } from './modules/service-accounts/service-account.routes.js';
import { tenantRoutes } from './modules/tenants/tenant.routes.js';
import { meRoutes } from './modules/users/me.routes.js';
import { userRoutes } from './modules/users/user.routes.js';

export interface IdentityAppOptions {
  deps: IdentityDeps;
  db: Database;
  logger: Logger;
  tenantStatus: TenantStatus;
  nats?: NatsConnection;
  jwt: { issuer: string; audience: string };
  bodyLimit?: number;
  rateLimit?: { perToken: number; perTenant: number };
}

/** Identity's HTTP app: district tenants, users, service accounts, tokens, JWKS, audit log. Not listening. */
export async function buildApp(o: IdentityAppOptions): Promise<Service> {
  const app = await buildService({
    name: 'identity',
    title: 'Hongfan identity (身份与租户)',
    description:
      'District tenants and their settings, users, roles and data scopes, service accounts, tokens and JWKS, audit log.',
    logger: o.logger,
    db: o.db,
    nats: o.nats,
    keys: o.deps.keys,
    tenantStatus: o.tenantStatus,
    jwt: o.jwt,
    bodyLimit: o.bodyLimit,
    rateLimit: o.rateLimit,
  });
  // OAuth2 clients commonly send the token request form-encoded.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  await tokenRoutes(app, o.deps);
  await keyRoutes(app, o.deps);
  await meRoutes(app, o.deps);
  await tenantRoutes(app, o.deps);
  await userRoutes(app, o.deps);
  await serviceAccountRoutes(app);
  await auditRoutes(app);
  return app;
}
