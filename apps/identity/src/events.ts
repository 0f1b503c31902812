import type { EventDefinition } from '@hongfan/contracts';
import { enqueue } from '@hongfan/messaging';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** Identity's Postgres schema, which holds its outbox. */
export const SCHEMA = 'identity';

/** Writes an identity event to the outbox in the request's transaction, correlated with the request. */
export function publish<D extends z.ZodType>(
  em: EntityManager,
  req: FastifyRequest,
  prefix: string,
  def: EventDefinition<string, D>,
  tenantId: string | null,
  data: z.input<D>,
) {
  return enqueue(em, { def, tenantId, data, correlationId: String(req.id) }, { schema: SCHEMA, prefix });
}
