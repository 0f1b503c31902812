import { streamName } from '@hongfan/contracts';
import type { Logger } from '@hongfan/logger';
import { AnswerCache, type KeyResolver, openServiceInfra, type Service } from '@hongfan/service-kit';
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
 * Wires org from its parsed environment: the shared service infrastructure (database, NATS,
 * stream, outbox relay, tenant-status mirror), the consumer of identity's tenant events, and the
 * HTTP app. server.ts and the tests both start org through here.
 */
export async function composeOrg(
  env: OrgEnv,
  logger: Logger,
  opts: { keys?: KeyResolver } = {},
): Promise<Org> {
  const infra = await openServiceInfra({
    service: 'org',
    schema: SCHEMA,
    env,
    logger,
    entities,
    migrations,
    keys: opts.keys,
  });
  const base = {
    orm: infra.db.orm,
    prefix: infra.prefix,
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
  await infra.consume({
    stream: streamName(infra.prefix, 'identity'),
    durable: 'org.tenant-settings',
    filterSubjects: `${infra.prefix}hf.identity.tenant.>`,
    handle: settingsHandler(settingsListeners(deps)),
  });
  const app = await buildApp({ deps, ...infra.appOptions });
  return { app, deps, shutdown: infra.shutdown };
}
