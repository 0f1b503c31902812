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
  return em.transactional(async (tx) => {
    await tx.execute(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    return fn(tx);
  });
}

/**
 * A transaction with no tenant set, for platform-level tables (tenants, platform admins, signing
 * keys). Tenant tables read through it return nothing, by policy.
 */
export async function withPlatform<T>(orm: MikroORM, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  const em = orm.em.fork({ clear: true, useContext: false });
  em.setFilterParams('tenant', { tenantId: '00000000-0000-0000-0000-000000000000' });
  return em.transactional(fn);
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
