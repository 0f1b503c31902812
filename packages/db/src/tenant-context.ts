import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

export type TenantEm = EntityManager;

/**
 * Runs `fn` in a transaction bound to one tenant: `app.tenant_id` is set with `set_config(..., true)`
 * (transaction-local, so a pooled connection never carries it to the next request) and the ORM's
 * `tenant` filter narrows every query too. Row-level security is the guarantee; the filter keeps
 * queries index-friendly and fails loudly if a tenant entity is queried without a tenant.
 */
export async function withTenant<T>(
  orm: MikroORM,
  tenantId: string,
  fn: (em: EntityManager) => Promise<T>,
): Promise<T> {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId });
  return inTransaction(em, async () => {
    await em.execute(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    return fn(em);
  });
}

/**
 * A transaction with no tenant set, for platform-level tables (tenants, platform admins, signing
 * keys). Tenant tables read through it return nothing, by policy.
 */
export async function withPlatform<T>(orm: MikroORM, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId: '00000000-0000-0000-0000-000000000000' });
  return inTransaction(em, () => fn(em));
}

/**
 * begin → fn → flush + commit, or rollback, on `em` itself. Use it on a fresh fork instead of
 * `em.transactional`, which also forks again, merges the fork's entities back into the parent and
 * runs an AsyncLocalStorage context: per request that cost more than the transaction itself, and
 * AsyncLocalStorage's promise hooks slow every await in the process (see docs/performance.md).
 */
export async function inTransaction<T>(em: EntityManager, fn: () => Promise<T>): Promise<T> {
  await em.begin();
  try {
    const out = await fn();
    await em.commit();
    return out;
  } catch (err) {
    // A failed COMMIT has already ended the transaction; the error worth reporting is the first.
    if (em.isInTransaction()) await em.rollback().catch(() => undefined);
    throw err;
  }
}

/**
 * Binds an open transaction to a tenant mid-way, for platform work that creates a tenant's first
 * rows (e.g. its initial admin) in the same transaction as the tenant itself.
 */
export async function bindTenant(em: EntityManager, tenantId: string): Promise<void> {
  await em.execute(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
  em.setFilterParams('tenant', { tenantId });
}

/**
 * Runs queries one after another, as `Promise.all` over thunks would in parallel. A transaction
 * has one connection, which runs one query at a time: overlapping queries on it only queue (and
 * pg@9 will refuse them), so inside `withTenant` this is the honest way to ask several things.
 */
export async function inOrder<T extends readonly (() => unknown)[]>(
  ...steps: T
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const step of steps) out.push(await step());
  return out as never;
}
