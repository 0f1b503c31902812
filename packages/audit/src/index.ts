export { auditRoutes } from './audit.routes.js';
export { type AuditEntry, AuditEntryEntity } from './audit-entry.entity.js';
export { auditTableSql } from './audit-sql.js';
export { type AuditInput, recordAudit, recordSystemAudit, snapshot } from './record-audit.js';
