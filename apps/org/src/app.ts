import { auditRoutes } from '@hongfan/audit';
import type { Database } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import { buildService, type KeyResolver, type Service, type TenantStatus } from '@hongfan/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { OrgDeps } from './deps.js';
import { orgModules } from './modules/index.js';

export interface OrgAppOptions {
  deps: OrgDeps;
  db: Database;
  logger: Logger;
  keys: KeyResolver;
  tenantStatus: TenantStatus;
  nats?: NatsConnection;
  jwt: { issuer: string; audience: string };
  bodyLimit?: number;
  rateLimit?: { perToken: number; perTenant: number };
}

/** Org's HTTP app: territory, Party organisations, rosters, formation, staff, funds, coverage. Not listening. */
export async function buildApp(o: OrgAppOptions): Promise<Service> {
  const app = await buildService({
    name: 'org',
    title: 'Hongfan organisation (组织架构)',
    description:
      'Territory (街道 → 社区 → 网格 → 小区 → 楼栋 → 户), the five-level Party organisation tree, member rosters (自管/非自管) and plaques, branch formation, liaison cadres, secretaries, building-leader elections, grid staff, grid-branch funds and the coverage report.',
    logger: o.logger,
    db: o.db,
    nats: o.nats,
    keys: o.keys,
    tenantStatus: o.tenantStatus,
    jwt: o.jwt,
    bodyLimit: o.bodyLimit,
    rateLimit: o.rateLimit,
  });
  // CSV imports arrive as text/csv (or text/plain from simple clients).
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: o.deps.importMaxBytes },
    (_req, body, done) => done(null, body),
  );
  // A successful write makes its tenant's cached report answers stale before the reply leaves.
  app.addHook('onSend', async (req, reply) => {
    if (req.method !== 'GET' && reply.statusCode < 400 && req.auth?.tenantId)
      o.deps.coverageCache.bump(req.auth.tenantId);
  });
  for (const register of orgModules) await register(app, o.deps);
  // The audit log is not narrowed by data scope, so only district-wide admins read it.
  await auditRoutes(app, { roles: ['tenant-admin'] });
  return app;
}
