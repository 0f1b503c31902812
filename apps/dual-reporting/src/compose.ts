import { streamName } from '@hongfan/contracts';
import type { Logger } from '@hongfan/logger';
import { AnswerCache, type KeyResolver, openServiceInfra, type Service } from '@hongfan/service-kit';
import { buildApp } from './app.js';
import type { DualReportingEnv } from './config.js';
import type { DualReportingDeps } from './deps.js';
import { entities } from './entities.js';
import { SCHEMA } from './events.js';
import { migrations } from './migrations/index.js';
import { READ_MODEL_CONSUMER, readModelHandler } from './modules/read-model/read-model.consumer.js';

export interface DualReporting {
  app: Service;
  deps: DualReportingDeps;
  shutdown(): Promise<void>;
}

/**
 * Wires dual reporting from its parsed environment: the shared service infrastructure (database,
 * NATS, stream, outbox relay, tenant-status mirror), the consumer of org's compound and
 * Party-organisation events (the read model), and the HTTP app. server.ts and the tests both
 * start the service here.
 */
export async function composeDualReporting(
  env: DualReportingEnv,
  logger: Logger,
  opts: { keys?: KeyResolver } = {},
): Promise<DualReporting> {
  const infra = await openServiceInfra({
    service: 'dual-reporting',
    schema: SCHEMA,
    env,
    logger,
    entities,
    migrations,
    poolMax: env.DATABASE_POOL_MAX,
    keys: opts.keys,
  });
  const deps: DualReportingDeps = {
    orm: infra.db.orm,
    prefix: infra.prefix,
    importMaxBytes: env.IMPORT_MAX_BYTES,
    importMaxRows: env.IMPORT_MAX_ROWS,
    statsCache: new AnswerCache(env.STATS_CACHE_MS),
  };
  // nats-server 2.9 takes one filter subject: all of org's events, the handler skips the rest.
  await infra.consume({
    stream: streamName(infra.prefix, 'org'),
    durable: READ_MODEL_CONSUMER,
    filterSubjects: `${infra.prefix}hf.org.>`,
    handle: readModelHandler(),
  });
  const app = await buildApp({ deps, ...infra.appOptions });
  return { app, deps, shutdown: infra.shutdown };
}
