import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';

/** Who did what to which record, when, with the record before and after. Append-only. */
export interface AuditEntry extends TenantOwned {
  actorKind: string;
  actorId: string;
  actorName?: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
}

export const AuditEntryEntity = new EntitySchema<AuditEntry>({
  name: 'AuditEntry',
  tableName: 'audit_log',
  properties: {
    ...tenantOwnedProperties,
    actorKind: { type: 'string' },
    actorId: { type: 'string' },
    actorName: { type: 'string', nullable: true },
    action: { type: 'string' },
    targetType: { type: 'string' },
    targetId: { type: 'string' },
    before: { type: 'json', nullable: true },
    after: { type: 'json', nullable: true },
    requestId: { type: 'string', nullable: true },
  },
});
