export { openDatabase, type Database, type OpenDatabaseOptions } from './open-database.js';
export { APP_ROLE, ensureAppRole, appUrl } from './app-role.js';
export { withTenant, withPlatform, bindTenant, type TenantEm } from './tenant-context.js';
export { tenantTableSql, TENANT_PREDICATE } from './rls-sql.js';
export { tenantOwnedProperties, baseProperties, type TenantOwned, type BaseRow } from './base-entity.js';
export { auditRowLevelSecurity, type RlsFinding } from './rls-audit.js';
export { Migration } from '@mikro-orm/migrations';
export type { EntityManager } from '@mikro-orm/postgresql';
