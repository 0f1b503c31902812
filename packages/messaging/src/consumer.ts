import { dlqSubject, type EventEnvelope, parseEnvelope } from '@hongfan/contracts';
import { bindTenant, inTransaction } from '@hongfan/db';
import type { EntityManager, MikroORM, QueryResult } from '@mikro-orm/postgresql';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, headers as natsHeaders } from '@nats-io/transport-node';
import { nakDelay, sleep } from './backoff.js';
import { HEADERS } from './headers.js';
import { errorFields, type MessagingLogger, silentLogger } from './logger.js';
import { quoteIdent } from './sql-ident.js';
import { ensureDlqStream } from './streams.js';

export type EventHandler = (em: EntityManager, envelope: EventEnvelope) => Promise<void>;

export interface StartConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  orm: MikroORM;
  /** The consuming service's schema, holding `hf_inbox`. */
  schema: string;
  /** The publishing service's stream, e.g. `streamName(prefix, 'identity')`. */
  stream: string;
  /**
   * `<consumer-service>.<purpose>`, e.g. `org.compounds`. It keys the inbox and names the
   * dead-letter subject; the JetStream durable is the same with dots as underscores
   * (`org_compounds`), because JetStream names cannot contain dots.
   */
  durable: string;
  /** One subject (any server) or several (needs nats-server 2.10+). */
  filterSubjects: string | string[];
  /** Subject prefix for the dead-letter subject ('' in production). */
  prefix?: string;
  /** Deliveries before a failing message is parked in the dead-letter stream. */
  maxDeliver?: number;
  /** nak delay after the n-th failed delivery; the last entry repeats. */
  backoffMs?: number[];
  /** How long JetStream waits for an ack before redelivering (e.g. the process died). */
  ackWaitMs?: number;
  /** Messages JetStream hands out ahead of their acks. */
  maxAckPending?: number;
  /** Create/update the dead-letter stream at start (default true). */
  ensureDlq?: boolean;
  /** Pause before re-opening the consume loop after it broke. */
  restartDelayMs?: number;
  logger?: MessagingLogger;
  /** Applies the event. Runs in a transaction with `app.tenant_id` set; throw to retry. */
  handle: EventHandler;
}

export interface ConsumerHandle {
  /** The logical name (`org.compounds`). */
  readonly name: string;
  /** The JetStream durable name (`org_compounds`). */
  readonly durableName: string;
  /** Finishes the message in hand, hands back the rest, and stops. */
  stop(): Promise<void>;
}

const DEFAULT_BACKOFF_MS = [200, 1000, 5000, 15_000, 30_000];
const decoder = new TextDecoder();

export function durableNameFor(name: string): string {
  const durable = name.replace(/\./g, '_');
  if (!/^[A-Za-z0-9_-]+$/.test(durable)) throw new Error(`invalid consumer name: ${JSON.stringify(name)}`);
  return durable;
}

// Header values travel on one line of the NATS protocol.
const headerValue = (s: string) => s.replace(/[\r\n]+/g, ' ').slice(0, 1024);

/**
 * Runs an idempotent, transactional consumer of a durable pull consumer.
 *
 * Per message: the event id goes into `hf_inbox` in the same transaction as the handler's
 * effect, so a redelivery (or a duplicate publish) is recognised and skipped; the ack is sent
 * only after commit. A failing handler is retried with nak backoff and, on its `maxDeliver`-th
 * delivery, the message is copied to `<prefix>hf.dlq.<name>` and terminated. Messages are
 * processed one at a time, in stream order.
 *
 * JetStream's own `max_deliver` is left unlimited: with a server-side limit, a message whose
 * last delivery died without a verdict (crash, ack timeout) would be dropped silently. Instead a
 * delivery beyond `maxDeliver` is parked without running the handler again.
 */
export async function startConsumer(opts: StartConsumerOptions): Promise<ConsumerHandle> {
  const log = opts.logger ?? silentLogger;
  const name = opts.durable;
  const durableName = durableNameFor(name);
  const maxDeliver = opts.maxDeliver ?? 5;
  const backoffMs = opts.backoffMs ?? DEFAULT_BACKOFF_MS;
  const restartDelayMs = opts.restartDelayMs ?? 1000;
  const inbox = `${quoteIdent(opts.schema, 'schema')}.hf_inbox`;
  const deadLetterSubject = dlqSubject(opts.prefix ?? '', name);
  const ctx = { consumer: name, stream: opts.stream };

  const filters = Array.isArray(opts.filterSubjects) ? opts.filterSubjects : [opts.filterSubjects];
  if (filters.length === 0) throw new Error('startConsumer needs at least one filter subject');
  const config = {
    ack_wait: nanos(opts.ackWaitMs ?? 30_000),
    max_deliver: -1,
    max_ack_pending: opts.maxAckPending ?? 1000,
    description: `hongfan consumer ${name}`,
    // Exactly one of the two is sent; an undefined key is dropped, which also clears the other
    // form when an existing consumer is updated.
    filter_subject: filters.length === 1 ? filters[0] : undefined,
    filter_subjects: filters.length > 1 ? filters : undefined,
  } satisfies Partial<ConsumerConfig>;

  let ensuring: Promise<void> | null = null;
  const ensureConsumer = (): Promise<void> => {
    ensuring ??= (async () => {
      try {
        await opts.jsm.consumers.info(opts.stream, durableName);
        await opts.jsm.consumers.update(opts.stream, durableName, config);
      } catch (err) {
        if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
        await opts.jsm.consumers.add(opts.stream, {
          ...config,
          durable_name: durableName,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
        });
      }
    })().finally(() => {
      ensuring = null;
    });
    return ensuring;
  };

  const park = async (msg: JsMsg, reason: unknown, envelope?: EventEnvelope): Promise<void> => {
    const error = reason instanceof Error ? reason.message : String(reason);
    const h = natsHeaders();
    for (const [k, v] of msg.headers ?? []) if (k.startsWith('Hf-') && v[0] !== undefined) h.set(k, v[0]);
    h.set(HEADERS.dlqConsumer, name);
    h.set(HEADERS.dlqError, headerValue(error) || 'unknown error');
    h.set(HEADERS.dlqSubject, msg.subject);
    h.set(HEADERS.dlqStream, msg.info.stream);
    h.set(HEADERS.dlqStreamSeq, String(msg.info.streamSequence));
    h.set(HEADERS.dlqDeliveries, String(msg.info.deliveryCount));
    try {
      await opts.js.publish(deadLetterSubject, msg.data, {
        headers: h,
        // Parking twice (e.g. the term was lost) must not file the message twice.
        msgID: `${msg.info.stream}:${msg.info.streamSequence}:${durableName}`,
      });
    } catch (err) {
      // Never drop a message we could not park: try the whole thing again later.
      log.error(
        { ...ctx, ...errorFields(err), seq: msg.info.streamSequence },
        'could not park message in DLQ',
      );
      msg.nak(nakDelay(backoffMs, msg.info.deliveryCount));
      return;
    }
    msg.term();
    log.error(
      {
        ...ctx,
        eventId: envelope?.id,
        type: envelope?.type,
        subject: msg.subject,
        seq: msg.info.streamSequence,
        deliveries: msg.info.deliveryCount,
        error,
      },
      'message parked in dead-letter stream',
    );
  };

  const apply = async (envelope: EventEnvelope): Promise<boolean> => {
    let applied = false;
    const em = opts.orm.em.fork({ clear: true, useContext: false });
    await inTransaction(em, async () => {
      if (envelope.tenantId) {
        // Local to this transaction (the pooled connection forgets it at commit), and the ORM's
        // tenant filter follows it, so handlers query exactly as request handlers do.
        await bindTenant(em, envelope.tenantId);
      }
      const res = await em.execute<QueryResult>(
        `insert into ${inbox} (consumer, event_id) values (?, ?) on conflict do nothing`,
        [name, envelope.id],
        'run',
      );
      if (res.affectedRows === 0) return;
      await opts.handle(em, envelope);
      applied = true;
    });
    return applied;
  };

  const processMessage = async (msg: JsMsg): Promise<void> => {
    let envelope: EventEnvelope;
    try {
      envelope = parseEnvelope(JSON.parse(decoder.decode(msg.data)));
    } catch (err) {
      // Retrying cannot fix a malformed message.
      await park(msg, new Error(`invalid envelope: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    const deliveries = msg.info.deliveryCount;
    if (deliveries > maxDeliver) {
      await park(msg, new Error(`delivered ${deliveries} times without a verdict`), envelope);
      return;
    }
    let applied: boolean;
    try {
      applied = await apply(envelope);
    } catch (err) {
      if (deliveries >= maxDeliver) {
        await park(msg, err, envelope);
      } else {
        const delay = nakDelay(backoffMs, deliveries);
        log.warn(
          {
            ...ctx,
            ...errorFields(err),
            eventId: envelope.id,
            type: envelope.type,
            deliveries,
            retryInMs: delay,
          },
          'event handler failed, will retry',
        );
        msg.nak(delay);
      }
      return;
    }
    // Outside the try: a failed ack (connection gone) is not a handler failure; the inbox row
    // makes the redelivery a no-op.
    msg.ack();
    if (!applied) log.debug?.({ ...ctx, eventId: envelope.id }, 'duplicate event skipped');
  };

  if (opts.ensureDlq ?? true) {
    await ensureDlqStream(opts.jsm, { prefix: opts.prefix }).catch((err) =>
      log.warn({ ...ctx, ...errorFields(err) }, 'could not ensure the dead-letter stream'),
    );
  }
  try {
    await ensureConsumer();
  } catch (err) {
    // The publishing service may simply not have created its stream yet (start-up order is not
    // guaranteed): keep retrying in the loop below. Anything else is a configuration error.
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
    log.warn({ ...ctx }, 'stream not found yet; the consumer will attach when it appears');
  }

  let stopping = false;
  let messages: ConsumerMessages | null = null;

  const watch = async (msgs: ConsumerMessages) => {
    for await (const s of msgs.status()) {
      if (s.type === 'consumer_not_found' || s.type === 'consumer_deleted') {
        // E.g. the stream was recreated: put our durable back so consumption can resume.
        log.warn({ ...ctx, status: s.type }, 'consumer missing, re-creating it');
        await ensureConsumer().catch((err) =>
          log.warn({ ...ctx, ...errorFields(err) }, 'could not re-create consumer'),
        );
      } else if (s.type === 'heartbeats_missed') {
        log.warn({ ...ctx, count: s.count }, 'consumer heartbeats missed');
      }
    }
  };

  const loop = (async () => {
    while (!stopping) {
      try {
        const consumer = await opts.js.consumers.get(opts.stream, durableName);
        messages = await consumer.consume({ max_messages: 100 });
        if (stopping) {
          await messages.close();
          break;
        }
        void watch(messages).catch(() => {});
        for await (const msg of messages) {
          if (stopping) {
            // Hand buffered messages back now rather than after ack_wait.
            msg.nak();
            continue;
          }
          try {
            await processMessage(msg);
          } catch (err) {
            // ack/nak/term only throw on a closed connection; redelivery will sort it out.
            log.warn({ ...ctx, ...errorFields(err) }, 'could not settle message');
          }
        }
        if (!stopping) log.warn(ctx, 'consume loop ended, restarting');
      } catch (err) {
        if (!stopping) log.warn({ ...ctx, ...errorFields(err) }, 'consume loop failed, restarting');
      }
      if (stopping) break;
      await sleep(restartDelayMs);
      await ensureConsumer().catch((err) =>
        log.warn({ ...ctx, ...errorFields(err) }, 'could not ensure consumer'),
      );
    }
  })();

  log.info({ ...ctx, durableName, filters }, 'consumer started');
  return {
    name,
    durableName,
    async stop() {
      stopping = true;
      await (messages as ConsumerMessages | null)?.close();
      await loop;
      log.info(ctx, 'consumer stopped');
    },
  };
}
