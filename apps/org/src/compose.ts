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
import type { OrgEnv } from './config.js';
import type { OrgDeps } from './deps.js';
import { entities } from './entities.js';
import { SCHEMA } from './events.js';
import { migrations } from './migrations/index.js';
import { rosterListeners, settingsListeners } from './modules/listeners.js';
import { settingsHandler } from './modules/settings/settings.consumer.js';

export interface Org {
  app: Service;
  deps: OrgDeps;
  shutdown(): Promise<void>;
}

/**
 * Wires org from its parsed environment: database (migrated), NATS, its stream and outbox relay,
 * the consumer of identity's tenant events, the tenant-status mirror and the HTTP app. server.ts
 * and the tests both start org through here.
 */
export async function composeOrg(
  env: OrgEnv,
  logger: Logger,
  opts: { keys?: KeyResolver } = {},
): Promise<Org> {
  const db = await openDatabase({
    url: env.DATABASE_URL,
    appPassword: env.DATABASE_APP_PASSWORD,
    schema: SCHEMA,
    entities,
    migrations,
  });
  const { nc, js, jsm } = await connectNats({ servers: env.NATS_URL, name: 'org', logger });
  const prefix = env.SUBJECT_PREFIX;
  await ensureStream(jsm, { name: streamName(prefix, 'org'), subjects: streamSubjects(prefix, 'org') });
  const relay = new OutboxRelay({
    pgConnectionString: appUrl(env.DATABASE_URL, env.DATABASE_APP_PASSWORD),
    schema: SCHEMA,
    js,
    logger,
  });
  await relay.start();
  const base = {
    orm: db.orm,
    prefix,
    importMaxBytes: env.IMPORT_MAX_BYTES,
    coverageCache: new AnswerCache(env.COVERAGE_CACHE_MS),
  };
  const onRoster = rosterListeners(base);
  const deps: OrgDeps = {
    ...base,
    async rosterChanged(em, tenantId, compoundIds) {
      for (const l of onRoster) await l(em, tenantId, compoundIds);
    },
  };

  const consumers: ConsumerHandle[] = [
    await startConsumer({
      js,
      jsm,
      orm: db.orm,
      schema: SCHEMA,
      stream: streamName(prefix, 'identity'),
      durable: 'org.tenant-settings',
      filterSubjects: `${prefix}hf.identity.tenant.>`,
      prefix,
      logger,
      handle: settingsHandler(settingsListeners(deps)),
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
