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

/** Rows per INSERT statement in `enqueueMany` (each row's envelope travels inside one jsonb parameter). */
const BATCH_ROWS = 1000;

/**
 * Writes many events to the outbox through `em` in a few multi-row statements (a bulk import's
 * thousands of events cost a handful of round trips, not one each), in the caller's transaction.
 * Events keep their order: the outbox `seq` follows the array. Returns the envelopes.
 */
export async function enqueueMany<D extends z.ZodType>(
  em: EntityManager,
  events: readonly OutboxEvent<D>[],
  opts: EnqueueOptions,
): Promise<EventEnvelope<z.output<D>>[]> {
  const envelopes = events.map((event) =>
    createEnvelope(event.def, {
      tenantId: event.tenantId,
      data: event.data,
      correlationId: event.correlationId,
      causationId: event.causationId,
    }),
  );
  const table = `${quoteIdent(opts.schema, 'schema')}.hf_outbox`;
  for (let start = 0; start < envelopes.length; start += BATCH_ROWS) {
    const rows = envelopes.slice(start, start + BATCH_ROWS).map((envelope, i) => ({
      i,
      id: envelope.id,
      subject: events[start + i].def.subject(opts.prefix ?? ''),
      type: envelope.type,
      version: envelope.version,
      tenant_id: envelope.tenantId,
      payload: envelope,
    }));
    // A real bind parameter (not em.execute, which inlines values as escaped literals: slow for
    // megabytes), on the caller's transaction when there is one.
    const query = em.getKnex().raw(
      `insert into ${table} (id, subject, type, version, tenant_id, payload)
       select r.id, r.subject, r.type, r.version, r.tenant_id, r.payload
       from jsonb_to_recordset(?::jsonb)
         as r(i int, id uuid, subject text, type text, version int, tenant_id uuid, payload jsonb)
       order by r.i`,
      [JSON.stringify(rows)],
    );
    const tx = em.getTransactionContext();
    if (tx) query.transacting(tx as never);
    await query;
  }
  return envelopes;
}
