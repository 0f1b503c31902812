import { createEnvelope, type EventDefinition, type EventEnvelope } from '@hongfan/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { quoteIdent } from './sql-ident.js';

export interface OutboxEvent<D extends z.ZodType> {
  def: EventDefinition<string, D>;
  tenantId: string | null;
  data: z.input<D>;
  correlationId?: string | null;
  causationId?: string | null;
}

export interface EnqueueOptions {
  /** The service's Postgres schema, which holds `hf_outbox`. */
  schema: string;
  /** Subject prefix ('' in production, e.g. 't123.' in tests). */
  prefix?: string;
}

/**
 * Writes an event to the outbox through `em`, so it commits or rolls back with the caller's
 * change: pass the EntityManager of the current transaction (e.g. the one
 * `em.transactional(async (em) => …)` hands you). The relay publishes it after commit.
 * Returns the envelope that will be published.
 */
export async function enqueue<D extends z.ZodType>(
  em: EntityManager,
  event: OutboxEvent<D>,
  opts: EnqueueOptions,
): Promise<EventEnvelope<z.output<D>>> {
  const envelope = createEnvelope(event.def, {
    tenantId: event.tenantId,
    data: event.data,
    correlationId: event.correlationId,
    causationId: event.causationId,
  });
  // em.execute runs on the em's transaction context when there is one.
  await em.execute(
    `insert into ${quoteIdent(opts.schema, 'schema')}.hf_outbox (id, subject, type, version, tenant_id, payload)
     values (?, ?, ?, ?, ?, ?::jsonb)`,
    [
      envelope.id,
      event.def.subject(opts.prefix ?? ''),
      envelope.type,
      envelope.version,
      envelope.tenantId,
      JSON.stringify(envelope),
    ],
    'run',
  );
  return envelope;
}
