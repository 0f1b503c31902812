import { withPlatform } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { IdentityDeps } from '../../deps.js';
import { TenantEntity } from './tenant.entity.js';

/**
 * Writes every tenant's status to the KV mirror now and then every `everyMs`. Status changes are
 * mirrored right after their commit; this closes the gap if the process died in between.
 */
export async function syncTenantStatuses(
  orm: MikroORM,
  deps: IdentityDeps,
  logger: Logger,
  everyMs = 60_000,
) {
  const run = async () => {
    const rows = await withPlatform(orm, (em) => em.find(TenantEntity, {}, { fields: ['id', 'status'] }));
    for (const t of rows) await deps.publishTenantStatus(t.id, t.status);
  };
  await run();
  const timer = setInterval(
    () => run().catch((err) => logger.warn({ err }, 'tenant status sync failed')),
    everyMs,
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
