import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs SQL with real bind parameters (`?` placeholders) on the transaction of `em`. MikroORM's
 * `em.execute` inlines parameters into the SQL text, which is wasteful for the large JSON batches
 * of an import and for aggregate queries run under load. Returns the rows.
 */
export async function rawQuery<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const knex = em.getConnection().getKnex();
  const q = knex.raw(sql, params as never[]);
  const trx = em.getTransactionContext();
  if (trx) q.transacting(trx);
  const res = (await q) as { rows: T[] };
  return res.rows;
}

/** Like rawQuery, for statements whose rows nobody reads. */
export async function rawExecute(em: EntityManager, sql: string, params: unknown[] = []): Promise<void> {
  await rawQuery(em, sql, params);
}
