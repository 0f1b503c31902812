export { AuditEntryEntity, type AuditEntry } from './audit-entry.entity.js';
export { recordAudit, snapshot, type AuditInput } from './record-audit.js';
export { auditRoutes } from './audit.routes.js';
export { auditTableSql } from './audit-sql.js';
