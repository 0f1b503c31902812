import type { EventDefinition } from '@hongfan/contracts';
import { enqueue, enqueueMany } from '@hongfan/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** Dual-reporting's Postgres schema: its tables, outbox and inbox live here. */
export const SCHEMA = 'dual_reporting';

export interface PublishContext {
  prefix: string;
  req?: FastifyRequest;
}

/** Writes a dual-reporting event to the outbox in the caller's transaction, correlated with the request. */
export function publish<D extends z.ZodType>(
  em: EntityManager,
  ctx: PublishContext,
  def: EventDefinition<string, D>,
  tenantId: string,
  data: z.input<D>,
) {
  return enqueue(
    em,
    { def, tenantId, data, correlationId: ctx.req ? String(ctx.req.id) : null },
    { schema: SCHEMA, prefix: ctx.prefix },
  );
}

/**
 * Writes many events of one kind to the outbox in a few statements (a CSV import reports hundreds
 * of members at once; one insert per event would dominate the import).
 */
export async function publishMany<D extends z.ZodType>(
  em: EntityManager,
  ctx: PublishContext,
  def: EventDefinition<string, D>,
  tenantId: string,
  items: z.input<D>[],
): Promise<void> {
  if (!items.length) return;
  const correlationId = ctx.req ? String(ctx.req.id) : null;
  await enqueueMany(
    em,
    items.map((data) => ({ def, tenantId, data, correlationId })),
    { schema: SCHEMA, prefix: ctx.prefix },
  );
}
