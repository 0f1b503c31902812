import type { AuthContext } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { AuditEntryEntity } from './audit-entry.entity.js';

const SECRET_FIELDS = new Set(['passwordHash', 'secretHash', 'password', 'secret', 'privatePem']);

/** A plain copy of a record for the audit trail, without secrets or bookkeeping noise. */
export function snapshot(row: object | null | undefined): Record<string, unknown> | null {
  if (!row) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (SECRET_FIELDS.has(k) || k === 'version' || k === 'updatedAt' || typeof v === 'function') continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

export interface AuditInput {
  tenantId: string;
  action: string;
  targetType: string;
  targetId: string;
  before?: object | null;
  after?: object | null;
}

/**
 * Records an admin action in the tenant's audit log, in the caller's transaction: the entry exists
 * exactly when the change does. Platform actions on a tenant go to that tenant's log, so its admins
 * see what the platform changed.
 */
export function recordAudit(em: EntityManager, req: FastifyRequest, input: AuditInput): void {
  const actor = req.auth as AuthContext;
  em.create(AuditEntryEntity, {
    tenantId: input.tenantId,
    actorKind: actor.kind,
    actorId: actor.subject,
    actorName: actor.name ?? null,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    before: snapshot(input.before),
    after: snapshot(input.after),
    requestId: String(req.id),
  });
}

/**
 * Records a change the system made by rule rather than a person's action (say, a compound flagged
 * because its roster changed), in the caller's transaction. The actor is the service itself, so
 * the audit log tells an automatic change from an admin's; `cause` says what set it off.
 */
export function recordSystemAudit(
  em: EntityManager,
  service: string,
  input: AuditInput & { cause: string },
): void {
  em.create(AuditEntryEntity, {
    tenantId: input.tenantId,
    actorKind: 'system',
    actorId: service,
    actorName: `系统（${input.cause}）`,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    before: snapshot(input.before),
    after: snapshot(input.after),
    requestId: null,
  });
}
