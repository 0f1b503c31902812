export { Migration } from '@mikro-orm/migrations';
export type { EntityManager } from '@mikro-orm/postgresql';
export { APP_ROLE, appUrl, ensureAppRole } from './app-role.js';
export { type BaseRow, baseProperties, type TenantOwned, tenantOwnedProperties } from './base-entity.js';
export { type Database, type OpenDatabaseOptions, openDatabase } from './open-database.js';
export { plannerStatsFunctionSql, refreshPlannerStats } from './planner-stats.js';
export { readRow } from './read-row.js';
export { auditRowLevelSecurity, type RlsFinding } from './rls-audit.js';
export { TENANT_PREDICATE, tenantTableSql } from './rls-sql.js';
export { escapeLike } from './sql-text.js';
export {
  bindTenant,
  inOrder,
  inTransaction,
  type TenantEm,
  withPlatform,
  withTenant,
} from './tenant-context.js';
