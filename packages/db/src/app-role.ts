import type pg from 'pg';

/**
 * The role every service connects as at run time. It owns no table and has no BYPASSRLS, so
 * row-level security applies to every query it makes; tables are created by the migrating
 * (owner) connection.
 */
export const APP_ROLE = 'hongfan_app';

/** Serialises role creation across services starting together (CREATE ROLE has no IF NOT EXISTS). */
const ROLE_LOCK = 7_430_001;

export async function ensureAppRole(client: pg.ClientBase, password: string): Promise<void> {
  // Advisory locks are per database but roles are per cluster: services starting together on
  // different databases can still collide, so a collision is retried rather than fatal.
  for (let attempt = 1; ; attempt++) {
    await client.query('select pg_advisory_lock($1)', [ROLE_LOCK]);
    try {
      const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [APP_ROLE]);
      const pw = client.escapeLiteral(password);
      if (!rowCount)
        await client.query(`create role ${APP_ROLE} login nosuperuser nobypassrls password ${pw}`);
      else await client.query(`alter role ${APP_ROLE} login nosuperuser nobypassrls password ${pw}`);
      return;
    } catch (err) {
      const code = (err as { code?: string }).code;
      // 42710 duplicate_object, 23505 unique_violation, XX000 "tuple concurrently updated".
      if (attempt >= 5 || !['42710', '23505', 'XX000'].includes(code ?? '')) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    } finally {
      await client.query('select pg_advisory_unlock($1)', [ROLE_LOCK]);
    }
  }
}

/** Grants the app role data rights (never ownership) on everything the owner creates in `schema`. */
export async function grantSchema(client: pg.ClientBase, schema: string): Promise<void> {
  const s = client.escapeIdentifier(schema);
  await client.query(`grant usage on schema ${s} to ${APP_ROLE}`);
  await client.query(`grant select, insert, update, delete on all tables in schema ${s} to ${APP_ROLE}`);
  await client.query(`grant usage, select on all sequences in schema ${s} to ${APP_ROLE}`);
  await client.query(
    `alter default privileges in schema ${s} grant select, insert, update, delete on tables to ${APP_ROLE}`,
  );
  await client.query(
    `alter default privileges in schema ${s} grant usage, select on sequences to ${APP_ROLE}`,
  );
}

/** The owner URL with the app role's credentials in place of the owner's. */
export function appUrl(ownerUrl: string, password: string): string {
  const u = new URL(ownerUrl);
  u.username = APP_ROLE;
  u.password = password;
  return u.toString();
}
