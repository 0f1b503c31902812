import { type EventDefinition, memberChanged, memberMoved, memberRegistered } from '@hongfan/contracts';
import { enqueueMany } from '@hongfan/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { publish, SCHEMA } from '../../events.js';
import type { Member } from './member.entities.js';

/** The member's state as other services' read models keep it (consumers overwrite, never merge). */
export function memberState(m: Member) {
  return {
    memberId: m.id,
    name: m.name,
    compoundId: m.compoundId,
    communityId: m.communityId,
    streetId: m.streetId,
    status: m.status,
    management: m.management,
    isHomeowner: m.isHomeowner,
    archived: !!m.archivedAt,
  };
}

/** Member events, written to the outbox in the caller's transaction. */
export function memberEvents(prefix: string) {
  return {
    registered: (em: EntityManager, req: FastifyRequest, m: Member) =>
      publish(em, { prefix, req }, memberRegistered, m.tenantId, memberState(m)),
    changed: (em: EntityManager, req: FastifyRequest, m: Member) =>
      publish(em, { prefix, req }, memberChanged, m.tenantId, memberState(m)),
    moved: (em: EntityManager, req: FastifyRequest, m: Member, fromCompoundId: string) =>
      publish(em, { prefix, req }, memberMoved, m.tenantId, { ...memberState(m), fromCompoundId }),
    /** Many registrations (an import) in a few statements. */
    registeredMany: (em: EntityManager, req: FastifyRequest, tenantId: string, members: Member[]) =>
      publishMany(em, prefix, req, memberRegistered, tenantId, members.map(memberState)),
  };
}

function publishMany<D extends z.ZodType>(
  em: EntityManager,
  prefix: string,
  req: FastifyRequest,
  def: EventDefinition<string, D>,
  tenantId: string,
  data: z.input<D>[],
) {
  const correlationId = String(req.id);
  return enqueueMany(
    em,
    data.map((d) => ({ def, tenantId, data: d, correlationId })),
    { schema: SCHEMA, prefix },
  );
}
