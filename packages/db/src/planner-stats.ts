import type { EntityManager } from '@mikro-orm/postgresql';
import { APP_ROLE } from './app-role.js';

/**
 * A bulk import changes a table's size by orders of magnitude, and until autovacuum notices, the
 * planner still believes the tables are empty: aggregates then run as nested loops that take
 * seconds instead of milliseconds. The app role owns no table, so it cannot ANALYZE; this
 * migration SQL gives it one SECURITY DEFINER function that analyzes exactly the listed tables.
 */
export function plannerStatsFunctionSql(schema: string, tables: string[]): string[] {
  const body = tables.map((t) => `analyze ${schema}.${t};`).join(' ');
  return [
    `create or replace function ${schema}.refresh_planner_stats() returns void
       language plpgsql security definer set search_path = pg_catalog, pg_temp
       as $$ begin ${body} end $$`,
    `revoke all on function ${schema}.refresh_planner_stats() from public`,
    `grant execute on function ${schema}.refresh_planner_stats() to ${APP_ROLE}`,
  ];
}

/** Call at the end of a bulk import, in its transaction: the import's rows count in the new statistics. */
export async function refreshPlannerStats(em: EntityManager, schema: string): Promise<void> {
  await em.execute(`select ${schema}.refresh_planner_stats()`);
}
