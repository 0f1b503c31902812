/**
 * The tenant predicate of every policy. `current_setting(..., true)` is NULL (or '') when no tenant
 * is set, so a query outside a tenant transaction matches no row instead of failing open.
 */
export const TENANT_PREDICATE = "tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid";

/**
 * Statements a migration runs after creating a tenant-owned table: enable and force row-level
 * security (FORCE makes it apply to the table owner as well) and add the isolation policy for
 * reads and writes. Use it for every table with a tenant_id column; the tenancy test checks it.
 */
export function tenantTableSql(table: string): string[] {
  return [
    `alter table ${table} enable row level security`,
    `alter table ${table} force row level security`,
    `create policy tenant_isolation on ${table} using (${TENANT_PREDICATE}) with check (${TENANT_PREDICATE})`,
  ];
}
