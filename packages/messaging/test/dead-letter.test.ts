import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  dlqStreamName,
  type EventEnvelope,
  streamName,
  streamSubjects,
  tenantSuspended,
} from '@hongfan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsumerHandle,
  connectNats,
  ensureDlqStream,
  ensureStream,
  HEADERS,
  type MessagingLogger,
  type NatsHandles,
  startConsumer,
} from '../src/index.js';
import { createTestDb, type TestDb } from './helpers/test-db.js';
import { deleteStreams, NATS_URL, readStream, uniquePrefix, waitFor } from './helpers/test-nats.js';

let db: TestDb;
let nats: NatsHandles;
let consumer: ConsumerHandle;
const prefix = uniquePrefix();
const stream = streamName(prefix, 'identity');
const dlq = dlqStreamName(prefix);
const poisonTenant = randomUUID();
const calls = new Map<string, number>();
const errors: { obj: object; msg?: string }[] = [];
const logger: MessagingLogger = { info() {}, warn() {}, error: (obj, msg) => errors.push({ obj, msg }) };

const appliedIds = async () =>
  (await db.pool.query<{ event_id: string }>('select event_id from svc.applied order by seq')).rows.map(
    (r) => r.event_id,
  );

beforeAll(async () => {
  db = await createTestDb('svc', [
    'create table svc.applied (seq serial primary key, event_id uuid not null)',
  ]);
  nats = await connectNats({ servers: NATS_URL, name: 'messaging-test-dlq' });
  await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(prefix, 'identity') });
  await ensureDlqStream(nats.jsm, { prefix });
  consumer = await startConsumer({
    ...nats,
    orm: db.orm,
    schema: 'svc',
    stream,
    durable: 'org.compounds',
    filterSubjects: streamSubjects(prefix, 'identity'),
    prefix,
    maxDeliver: 3,
    backoffMs: [30, 60],
    logger,
    handle: async (em, env) => {
      calls.set(env.id, (calls.get(env.id) ?? 0) + 1);
      await em.execute('insert into svc.applied (event_id) values (?)', [env.id]);
      if (env.tenantId === poisonTenant) throw new Error('cannot apply\nthis event');
    },
  });
});

afterAll(async () => {
  await consumer?.stop();
  if (nats) {
    await deleteStreams(nats.jsm, prefix);
    await nats.nc.close();
  }
  await db?.drop();
});

const publish = (env: EventEnvelope) =>
  nats.js.publish(tenantSuspended.subject(prefix), JSON.stringify(env), { msgID: env.id });

describe('dead-lettering', () => {
  it('parks a message whose handler always throws after maxDeliver deliveries and keeps consuming', async () => {
    const poison = createEnvelope(tenantSuspended, {
      tenantId: poisonTenant,
      data: { tenantId: poisonTenant },
    });
    const good = [randomUUID(), randomUUID()].map((t) =>
      createEnvelope(tenantSuspended, { tenantId: t, data: { tenantId: t } }),
    );
    await publish(poison);
    for (const g of good) await publish(g);

    await waitFor(
      () => appliedIds(),
      (ids) => ids.length === 2,
      5000,
      'good events',
    );
    expect(await appliedIds()).toEqual(good.map((g) => g.id));

    const parked = await waitFor(
      () => readStream(nats.jsm, dlq),
      (m) => m.length === 1,
      5000,
      'DLQ message',
    );
    expect(calls.get(poison.id)).toBe(3);
    expect(parked[0].subject).toBe(`${prefix}hf.dlq.org.compounds`);
    expect(parked[0].json<EventEnvelope>()).toEqual(poison);
    expect(parked[0].header.get(HEADERS.dlqConsumer)).toBe('org.compounds');
    expect(parked[0].header.get(HEADERS.dlqError)).toBe('cannot apply this event');
    expect(parked[0].header.get(HEADERS.dlqSubject)).toBe(tenantSuspended.subject(prefix));
    expect(parked[0].header.get(HEADERS.dlqDeliveries)).toBe('3');
    expect(errors.some((e) => (e.obj as { eventId?: string }).eventId === poison.id)).toBe(true);

    // Terminated, not pending: nothing left for this consumer, and it still takes new work.
    const later = createEnvelope(tenantSuspended, {
      tenantId: randomUUID(),
      data: { tenantId: randomUUID() },
    });
    await publish(later);
    await waitFor(
      () => appliedIds(),
      (ids) => ids.includes(later.id),
      5000,
      'later event',
    );
    const ci = await waitFor(
      () => nats.jsm.consumers.info(stream, consumer.durableName),
      (c) => c.num_pending === 0 && c.num_ack_pending === 0,
      5000,
      'consumer idle',
    );
    expect(ci.config.ack_policy).toBe('explicit');
    expect(calls.get(poison.id)).toBe(3);
  });

  it('parks malformed messages at once, without calling the handler', async () => {
    const before = (await readStream(nats.jsm, dlq)).length;
    const callsBefore = [...calls.values()].reduce((a, b) => a + b, 0);
    await nats.js.publish(tenantSuspended.subject(prefix), 'not json {', { msgID: randomUUID() });
    const { occurredAt: _drop, ...noTimestamp } = createEnvelope(tenantSuspended, {
      tenantId: null,
      data: { tenantId: randomUUID() },
    });
    await nats.js.publish(tenantSuspended.subject(prefix), JSON.stringify(noTimestamp), {
      msgID: randomUUID(),
    });

    const parked = await waitFor(
      () => readStream(nats.jsm, dlq),
      (m) => m.length === before + 2,
      5000,
      'DLQ',
    );
    const fresh = parked.slice(before);
    expect(fresh.map((m) => m.header.get(HEADERS.dlqDeliveries))).toEqual(['1', '1']);
    expect(fresh[0].string()).toBe('not json {');
    expect(fresh[0].header.get(HEADERS.dlqError)).toMatch(/^invalid envelope/);
    expect(fresh[1].header.get(HEADERS.dlqError)).toMatch(/occurredAt/);
    expect([...calls.values()].reduce((a, b) => a + b, 0)).toBe(callsBefore);
  });
});
