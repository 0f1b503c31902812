import type pg from 'pg';
import { APP_ROLE } from './app-role.js';

export interface RlsFinding {
  table: string;
  problem: string;
}

/**
 * Catalog check: every table in `schema` with a tenant_id column (except the ones listed as
 * infrastructure) has row-level security enabled and forced, at least one policy, and is not
 * owned by the app role; the app role itself has no BYPASSRLS and is no superuser.
 */
export async function auditRowLevelSecurity(
  client: pg.ClientBase,
  schema: string,
  infrastructureTables: string[] = ['hf_outbox', 'hf_inbox'],
): Promise<RlsFinding[]> {
  const findings: RlsFinding[] = [];
  const { rows } = await client.query<{
    table: string;
    rls: boolean;
    forced: boolean;
    owner: string;
    policies: number;
  }>(
    `select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
            pg_get_userbyid(c.relowner) as owner,
            (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`,
    [schema],
  );
  for (const r of rows) {
    if (infrastructureTables.includes(r.table)) continue;
    if (!r.rls) findings.push({ table: r.table, problem: 'row level security not enabled' });
    if (!r.forced) findings.push({ table: r.table, problem: 'row level security not forced' });
    if (r.policies === 0) findings.push({ table: r.table, problem: 'no policy' });
    if (r.owner === APP_ROLE) findings.push({ table: r.table, problem: 'owned by the app role' });
  }
  const role = await client.query('select rolsuper, rolbypassrls from pg_roles where rolname = $1', [
    APP_ROLE,
  ]);
  if (role.rows[0]?.rolsuper || role.rows[0]?.rolbypassrls)
    findings.push({ table: '(role)', problem: `${APP_ROLE} is superuser or bypasses RLS` });
  return findings;
}
