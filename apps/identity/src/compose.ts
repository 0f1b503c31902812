import type { Logger } from '@hongfan/logger';
import { openServiceInfra, putTenantStatus, type Service } from '@hongfan/service-kit';
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
 * Wires identity from its parsed environment: the shared service infrastructure (database, NATS,
 * stream, outbox relay, tenant-status mirror), signing keys, the platform admin, the tenant-status
 * writer and the HTTP app. server.ts and the tests both start identity through here, so tests
 * exercise the real wiring.
 */
export async function composeIdentity(env: IdentityEnv, logger: Logger): Promise<Identity> {
  const infra = await openServiceInfra({
    service: 'identity',
    schema: SCHEMA,
    env,
    logger,
    entities,
    migrations,
  });
  const orm = infra.db.orm;
  // Identity verifies its own tokens with its own key set, not over HTTP from itself.
  const keys = new KeyStore(orm, {
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    accessTtlSec: env.ACCESS_TOKEN_TTL_SEC,
  });
  await keys.init();
  await ensurePlatformAdmin(orm, env.PLATFORM_ADMIN_USERNAME, env.PLATFORM_ADMIN_PASSWORD);
  const tokens = new TokenService({
    orm,
    keys,
    throttle: new LoginThrottle(),
    accessTtlSec: env.ACCESS_TOKEN_TTL_SEC,
    refreshTtlSec: env.REFRESH_TOKEN_TTL_SEC,
  });
  const deps: IdentityDeps = {
    orm,
    keys,
    tokens,
    prefix: infra.prefix,
    publishTenantStatus: (tenantId, status) => putTenantStatus(infra.nats.nc, infra.prefix, tenantId, status),
  };
  // The KV mirror is written after each commit; re-sync at start covers a crash between the two.
  const statusSync = await syncTenantStatuses(orm, deps, logger);
  const app = await buildApp({ ...infra.appOptions, deps });
  return {
    app,
    deps,
    async shutdown() {
      statusSync.stop();
      await infra.shutdown();
    },
  };
}
