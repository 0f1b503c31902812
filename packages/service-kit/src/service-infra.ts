import type { BaseServiceEnv } from '@hongfan/config';
import { type ServiceName, streamName, streamSubjects } from '@hongfan/contracts';
import { appUrl, type Database, type OpenDatabaseOptions, openDatabase } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import {
  type ConsumerHandle,
  connectNats,
  ensureStream,
  type NatsHandles,
  OutboxRelay,
  type StartConsumerOptions,
  startConsumer,
} from '@hongfan/messaging';
import type { KeyResolver } from './auth/key-resolvers.js';
import { jwksKeyResolver } from './auth/key-resolvers.js';
import { type TenantStatus, watchTenantStatus } from './tenant-status.js';

export interface ServiceInfraOptions {
  service: ServiceName;
  /** The service's Postgres schema (holds its tables, outbox and inbox). */
  schema: string;
  env: BaseServiceEnv;
  logger: Logger;
  entities: OpenDatabaseOptions['entities'];
  migrations: OpenDatabaseOptions['migrations'];
  poolMax?: number;
  /** Verify tokens with these keys instead of identity's JWKS (tests; identity itself). */
  keys?: KeyResolver;
}

/** A consumer of another service's stream, as the service describes it. */
export type ConsumeOptions = Omit<
  StartConsumerOptions,
  'js' | 'jsm' | 'orm' | 'schema' | 'prefix' | 'logger'
>;

export interface ServiceInfra {
  db: Database;
  nats: NatsHandles;
  /** Subject prefix ('' in production). */
  prefix: string;
  tenantStatus: TenantStatus;
  /** The options every service's buildService needs from its environment and infrastructure. */
  appOptions: {
    db: Database;
    logger: Logger;
    nats: NatsHandles['nc'];
    keys: KeyResolver;
    tenantStatus: TenantStatus;
    jwt: { issuer: string; audience: string };
    bodyLimit: number;
    rateLimit: { perToken: number; perTenant: number };
  };
  /** Starts a durable, idempotent consumer; it is stopped by shutdown(). */
  consume(opts: ConsumeOptions): Promise<ConsumerHandle>;
  /** Stops consumers, the tenant-status mirror, the relay, NATS and the database, in that order. */
  shutdown(): Promise<void>;
}

/**
 * What every service stands on, wired the same way everywhere: its database (migrated, app role),
 * NATS with its own stream and the outbox relay, the tenant-status mirror, and consumers of other
 * services' streams. A service's compose.ts adds its own dependencies and routes on top.
 */
export async function openServiceInfra(o: ServiceInfraOptions): Promise<ServiceInfra> {
  const { env, logger, schema } = o;
  const db = await openDatabase({
    url: env.DATABASE_URL,
    appPassword: env.DATABASE_APP_PASSWORD,
    schema,
    entities: o.entities,
    migrations: o.migrations,
    poolMax: o.poolMax,
  });
  const nats = await connectNats({ servers: env.NATS_URL, name: o.service, logger });
  const prefix = env.SUBJECT_PREFIX;
  await ensureStream(nats.jsm, {
    name: streamName(prefix, o.service),
    subjects: streamSubjects(prefix, o.service),
  });
  const relay = new OutboxRelay({
    pgConnectionString: appUrl(env.DATABASE_URL, env.DATABASE_APP_PASSWORD),
    schema,
    js: nats.js,
    logger,
  });
  await relay.start();
  const tenantStatus = await watchTenantStatus(nats.nc, prefix, logger);
  const consumers: ConsumerHandle[] = [];
  return {
    db,
    nats,
    prefix,
    tenantStatus,
    appOptions: {
      db,
      logger,
      nats: nats.nc,
      keys: o.keys ?? jwksKeyResolver(env.IDENTITY_URL),
      tenantStatus,
      jwt: { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
      bodyLimit: env.BODY_LIMIT_BYTES,
      rateLimit: { perToken: env.RATE_LIMIT_PER_TOKEN, perTenant: env.RATE_LIMIT_PER_TENANT },
    },
    async consume(opts) {
      const c = await startConsumer({
        ...opts,
        js: nats.js,
        jsm: nats.jsm,
        orm: db.orm,
        schema,
        prefix,
        logger,
      });
      consumers.push(c);
      return c;
    },
    async shutdown() {
      for (const c of consumers) await c.stop();
      await tenantStatus.close();
      await relay.stop();
      await nats.nc.drain();
      await db.close();
    },
  };
}
