import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  type EventEnvelope,
  streamName,
  streamSubjects,
  tenantSuspended,
  tenantUpdated,
} from '@hongfan/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsumerHandle,
  connectNats,
  enqueue,
  ensureStream,
  type NatsHandles,
  OutboxRelay,
  startConsumer,
} from '../src/index.js';
import { createTestDb, type TestDb } from './helpers/test-db.js';
import { deleteStreams, NATS_URL, testLogger, uniquePrefix, waitFor } from './helpers/test-nats.js';

// The "read model" the handlers maintain: one row per applied event, numbered per key.
const READ_MODEL_SQL = [
  `create table svc.applied (
     seq serial primary key, key text not null, event_id uuid not null, tenant_setting text, code text)`,
];

let db: TestDb;
let nats: NatsHandles;
const root = uniquePrefix();
const consumers: ConsumerHandle[] = [];
let n = 0;

async function setup() {
  const prefix = `${root}${++n}.`;
  const stream = streamName(prefix, 'identity');
  await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(prefix, 'identity') });
  return { prefix, stream, key: `k${n}` };
}

async function record(em: EntityManager, key: string, env: EventEnvelope) {
  const [{ t }] = await em.execute<{ t: string | null }[]>(
    `select current_setting('app.tenant_id', true) as t`,
  );
  const code = (env.data as { code?: string }).code ?? null;
  await em.execute('insert into svc.applied (key, event_id, tenant_setting, code) values (?, ?, ?, ?)', [
    key,
    env.id,
    t,
    code,
  ]);
}

const applied = async (key: string) =>
  (
    await db.pool.query<{ event_id: string; tenant_setting: string | null; code: string | null }>(
      'select event_id, tenant_setting, code from svc.applied where key = $1 order by seq',
      [key],
    )
  ).rows;

async function settled(stream: string, durable: string) {
  return waitFor(
    () => nats.jsm.consumers.info(stream, durable),
    (ci) => ci.num_pending === 0 && ci.num_ack_pending === 0 && ci.num_redelivered === 0,
    5000,
    'consumer to settle',
  );
}

beforeAll(async () => {
  db = await createTestDb('svc', READ_MODEL_SQL);
  nats = await connectNats({ servers: NATS_URL, name: 'messaging-test-consumer' });
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  if (nats) {
    await deleteStreams(nats.jsm, root);
    await nats.nc.close();
  }
  await db?.drop();
});

describe('idempotent consumer', () => {
  it('applies an event delivered twice (same envelope, different msgIDs) once', async () => {
    const { prefix, stream, key } = await setup();
    const tenantId = randomUUID();
    const env = createEnvelope(tenantSuspended, { tenantId, data: { tenantId } });
    const body = JSON.stringify(env);
    await nats.js.publish(tenantSuspended.subject(prefix), body, { msgID: randomUUID() });
    await nats.js.publish(tenantSuspended.subject(prefix), body, { msgID: randomUUID() });

    const consumer = await startConsumer({
      ...nats,
      orm: db.orm,
      schema: 'svc',
      stream,
      durable: 'test.twice',
      filterSubjects: streamSubjects(prefix, 'identity'),
      prefix,
      handle: (em, e) => record(em, key, e),
    });
    consumers.push(consumer);
    expect(consumer.durableName).toBe('test_twice');

    await settled(stream, consumer.durableName);
    const rows = await applied(key);
    expect(rows).toEqual([{ event_id: env.id, tenant_setting: tenantId, code: null }]);
    const inbox = await db.pool.query('select consumer from svc.hf_inbox where event_id = $1', [env.id]);
    expect(inbox.rows).toEqual([{ consumer: 'test.twice' }]);
  });

  it('rolls back a failed attempt with its inbox row, so the retry applies the event exactly once', async () => {
    const { prefix, stream, key } = await setup();
    const tenantId = randomUUID();
    const env = createEnvelope(tenantSuspended, { tenantId, data: { tenantId } });
    let calls = 0;
    const consumer = await startConsumer({
      ...nats,
      orm: db.orm,
      schema: 'svc',
      stream,
      durable: 'test.retry',
      filterSubjects: tenantSuspended.subject(prefix),
      prefix,
      backoffMs: [20],
      handle: async (em, e) => {
        calls += 1;
        await record(em, key, e);
        if (calls === 1) throw new Error('transient');
      },
    });
    consumers.push(consumer);
    await nats.js.publish(tenantSuspended.subject(prefix), JSON.stringify(env), { msgID: env.id });

    await waitFor(
      () => calls,
      (c) => c >= 2,
      5000,
      'retry',
    );
    await settled(stream, consumer.durableName);
    expect(calls).toBe(2);
    expect((await applied(key)).map((r) => r.event_id)).toEqual([env.id]);
  });

  it('two consumers of the same stream each apply every event once (separate inbox keys)', async () => {
    const { prefix, stream, key } = await setup();
    const tenantId = randomUUID();
    const env = createEnvelope(tenantSuspended, { tenantId, data: { tenantId } });
    const mk = (durable: string, k: string) =>
      startConsumer({
        ...nats,
        orm: db.orm,
        schema: 'svc',
        stream,
        durable,
        filterSubjects: streamSubjects(prefix, 'identity'),
        prefix,
        handle: (em, e) => record(em, k, e),
      });
    consumers.push(await mk('test.a', `${key}a`), await mk('test.b', `${key}b`));
    await nats.js.publish(tenantSuspended.subject(prefix), JSON.stringify(env), { msgID: env.id });
    await waitFor(
      () => applied(`${key}a`),
      (r) => r.length === 1,
      5000,
      'consumer a',
    );
    await waitFor(
      () => applied(`${key}b`),
      (r) => r.length === 1,
      5000,
      'consumer b',
    );
    await settled(stream, 'test_a');
    await settled(stream, 'test_b');
    expect((await applied(`${key}a`)).length + (await applied(`${key}b`)).length).toBe(2);
  });

  it('starts before the publisher created its stream and attaches once it exists', async () => {
    const prefix = `${root}${++n}.`;
    const stream = streamName(prefix, 'identity');
    const key = `k${n}`;
    const consumer = await startConsumer({
      ...nats,
      orm: db.orm,
      schema: 'svc',
      stream,
      durable: 'test.late',
      filterSubjects: streamSubjects(prefix, 'identity'),
      prefix,
      restartDelayMs: 50,
      handle: (em, e) => record(em, key, e),
    });
    consumers.push(consumer);
    await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(prefix, 'identity') });
    const tenantId = randomUUID();
    const env = createEnvelope(tenantSuspended, { tenantId, data: { tenantId } });
    await nats.js.publish(tenantSuspended.subject(prefix), JSON.stringify(env), { msgID: env.id });
    await waitFor(
      () => applied(key),
      (r) => r.length === 1,
      5000,
      'late attach',
    );
  });

  it('end to end: outbox → relay → consumer, in order, with low latency', async () => {
    const { prefix, stream, key } = await setup();
    const relay = new OutboxRelay({
      pool: db.pool,
      schema: 'svc',
      js: nats.js,
      pollMs: 60_000,
      logger: testLogger('e2e-relay'),
    });
    await relay.start();
    try {
      const consumer = await startConsumer({
        ...nats,
        orm: db.orm,
        schema: 'svc',
        stream,
        durable: 'test.e2e',
        logger: testLogger('e2e-consumer'),
        filterSubjects: streamSubjects(prefix, 'identity'),
        prefix,
        handle: (em, e) => record(em, key, e),
      });
      consumers.push(consumer);
      const tenantId = randomUUID();
      const latencies: number[] = [];
      for (let i = 0; i < 20; i++) {
        await db.orm.em.fork().transactional((em) =>
          enqueue(
            em,
            {
              def: tenantUpdated,
              tenantId,
              data: { tenantId, code: `c${i}`, name: '任城区', city: '济宁市' },
            },
            { schema: 'svc', prefix },
          ),
        );
        const committedAt = Date.now();
        await waitFor(
          () => applied(key),
          (r) => r.length === i + 1,
          3000,
          `event ${i}`,
        );
        latencies.push(Date.now() - committedAt);
      }
      expect((await applied(key)).map((r) => r.code)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
      latencies.sort((a, b) => a - b);
      // The benchmark's budget is p99 <= 100 ms after commit; here, on a shared test machine,
      // the median must be within it and nothing may wait for the (disabled) poll.
      expect(latencies[latencies.length >> 1]).toBeLessThan(100);
      expect(latencies[latencies.length - 1]).toBeLessThan(1000);
    } finally {
      await relay.stop();
    }
  });
});
