import type { EventDefinition } from '@hongfan/contracts';
import { enqueue } from '@hongfan/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** Org's Postgres schema: its tables, outbox and inbox live here. */
export const SCHEMA = 'org';

/** Writes an org event to the outbox in the caller's transaction, correlated with the request. */
export function publish<D extends z.ZodType>(
  em: EntityManager,
  ctx: { prefix: string; req?: FastifyRequest },
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
