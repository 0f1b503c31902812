import { streamName, streamSubjects } from '@hongfan/contracts';
import { appUrl, openDatabase } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import { connectNats, ensureStream, OutboxRelay } from '@hongfan/messaging';
import { putTenantStatus, type Service, watchTenantStatus } from '@hongfan/service-kit';
import { buildApp } from './app.js';
import type { IdentityEnv } from './config.js';
import type { IdentityDeps } from './deps.js';
import { entities } from './entities.js';
import { SCHEMA } from './events.js';
import { migrations } from './migrations/0001-initial.js';
import { LoginThrottle } from './modules/auth/login-throttle.js';
import { TokenService } from './modules/auth/token.service.js';
import { KeyStore } from './modules/keys/key-store.js';
import { ensurePlatformAdmin } from './modules/platform-admins/bootstrap.js';
import { syncTenantStatuses } from './modules/tenants/tenant-status-sync.js';

export interface Identity {
  app: Service;
  deps: IdentityDeps;
  /** Stops the relay, NATS and the database (after app.close()). */
  shutdown(): Promise<void>;
}

/**
 * Wires identity from its parsed environment: database (migrated), NATS, its stream, the outbox
 * relay, signing keys, the platform admin, the tenant-status mirror and the HTTP app. server.ts and
 * the tests both start identity through here, so tests exercise the real wiring.
 */
export async function composeIdentity(env: IdentityEnv, logger: Logger): Promise<Identity> {
  const db = await openDatabase({
    url: env.DATABASE_URL,
    appPassword: env.DATABASE_APP_PASSWORD,
    schema: SCHEMA,
    entities,
    migrations,
  });
  const { nc, js, jsm } = await connectNats({ servers: env.NATS_URL, name: 'identity', logger });
  const prefix = env.SUBJECT_PREFIX;
  await ensureStream(jsm, {
    name: streamName(prefix, 'identity'),
    subjects: streamSubjects(prefix, 'identity'),
  });
  const relay = new OutboxRelay({
    pgConnectionString: appUrl(env.DATABASE_URL, env.DATABASE_APP_PASSWORD),
    schema: SCHEMA,
    js,
    logger,
  });
  await relay.start();

  const keys = new KeyStore(db.orm, {
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    accessTtlSec: env.ACCESS_TOKEN_TTL_SEC,
  });
  await keys.init();
  await ensurePlatformAdmin(db.orm, env.PLATFORM_ADMIN_USERNAME, env.PLATFORM_ADMIN_PASSWORD);
  const tokens = new TokenService({
    orm: db.orm,
    keys,
    throttle: new LoginThrottle(),
    accessTtlSec: env.ACCESS_TOKEN_TTL_SEC,
    refreshTtlSec: env.REFRESH_TOKEN_TTL_SEC,
  });
  const deps: IdentityDeps = {
    orm: db.orm,
    keys,
    tokens,
    prefix,
    publishTenantStatus: (tenantId, status) => putTenantStatus(nc, prefix, tenantId, status),
  };
  // The KV mirror is written after each commit; re-sync at start covers a crash between the two.
  const statusSync = await syncTenantStatuses(db.orm, deps, logger);
  const tenantStatus = await watchTenantStatus(nc, prefix, logger);

  const app = await buildApp({
    deps,
    db,
    logger,
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
      statusSync.stop();
      await tenantStatus.close();
      await relay.stop();
      await nc.drain();
      await db.close();
    },
  };
}
