import { auditRoutes } from '@hongfan/audit';
import type { Database } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import { buildService, type KeyResolver, type Service, type TenantStatus } from '@hongfan/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DualReportingDeps } from './deps.js';
import { dualReportingModules } from './modules/index.js';

export interface DualReportingAppOptions {
  deps: DualReportingDeps;
  db: Database;
  logger: Logger;
  keys: KeyResolver;
  tenantStatus: TenantStatus;
  nats?: NatsConnection;
  jwt: { issuer: string; audience: string };
  bodyLimit?: number;
  rateLimit?: { perToken: number; perTenant: number };
}

/** Dual reporting's HTTP app: work units, liaison links, in-service members, reports, tasks, deeds, stats. Not listening. */
export async function buildApp(o: DualReportingAppOptions): Promise<Service> {
  const app = await buildService({
    name: 'dual-reporting',
    title: 'Hongfan dual reporting and Red Agency (双报到 · 红色代办)',
    description:
      'Work units (机关/企业/事业单位) and their liaison links to compound branches; in-service Party members (在职党员) and their reports (报到) to the compounds where they live, confirmed by the compound branch; service tasks (红色代办) dispatched as 专业代办, 党员协办 or 志愿帮办; good deeds (好事实事); quarterly feedback to units; statistics.',
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
  for (const register of dualReportingModules) await register(app, o.deps);
  await auditRoutes(app, { roles: ['tenant-admin'] });
  return app;
}
