import { streamName, streamSubjects } from '@hongfan/contracts';
import { appUrl, openDatabase } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import {
  type ConsumerHandle,
  connectNats,
  ensureStream,
  OutboxRelay,
  startConsumer,
} from '@hongfan/messaging';
import {
  AnswerCache,
  jwksKeyResolver,
  type KeyResolver,
  type Service,
  watchTenantStatus,
} from '@hongfan/service-kit';
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
 * Wires dual reporting from its parsed environment: database (migrated), NATS, its stream and
 * outbox relay, the consumer of org's compound and Party-organisation events (the read model), the
 * tenant-status mirror and the HTTP app. server.ts and the tests both start the service here.
 */
export async function composeDualReporting(
  env: DualReportingEnv,
  logger: Logger,
  opts: { keys?: KeyResolver } = {},
): Promise<DualReporting> {
  const db = await openDatabase({
    url: env.DATABASE_URL,
    appPassword: env.DATABASE_APP_PASSWORD,
    schema: SCHEMA,
    entities,
    migrations,
    poolMax: env.DATABASE_POOL_MAX,
  });
  const { nc, js, jsm } = await connectNats({ servers: env.NATS_URL, name: 'dual-reporting', logger });
  const prefix = env.SUBJECT_PREFIX;
  await ensureStream(jsm, {
    name: streamName(prefix, 'dual-reporting'),
    subjects: streamSubjects(prefix, 'dual-reporting'),
  });
  const relay = new OutboxRelay({
    pgConnectionString: appUrl(env.DATABASE_URL, env.DATABASE_APP_PASSWORD),
    schema: SCHEMA,
    js,
    logger,
  });
  await relay.start();
  const deps: DualReportingDeps = {
    orm: db.orm,
    prefix,
    importMaxBytes: env.IMPORT_MAX_BYTES,
    importMaxRows: env.IMPORT_MAX_ROWS,
    statsCache: new AnswerCache(env.STATS_CACHE_MS),
  };

  const consumers: ConsumerHandle[] = [
    // nats-server 2.9 takes one filter subject: all of org's events, the handler skips the rest.
    await startConsumer({
      js,
      jsm,
      orm: db.orm,
      schema: SCHEMA,
      stream: streamName(prefix, 'org'),
      durable: READ_MODEL_CONSUMER,
      filterSubjects: `${prefix}hf.org.>`,
      prefix,
      logger,
      handle: readModelHandler(),
    }),
  ];
  const tenantStatus = await watchTenantStatus(nc, prefix, logger);
  const app = await buildApp({
    deps,
    db,
    logger,
    keys: opts.keys ?? jwksKeyResolver(env.IDENTITY_URL),
    tenantStatus,
    nats: nc,
    jwt: { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
    bodyLimit: env.BODY_LIMIT_BYTES,
    rateLimit: { perToken: env.RATE_LIMIT_PER_TOKEN, perTenant: env.RATE_LIMIT_PER_TENANT },
  });
  return {
    app,
    deps,
    async shutdown() {
      for (const c of consumers) await c.stop();
      await tenantStatus.close();
      await relay.stop();
      await nc.drain();
      await db.close();
    },
  };
}
