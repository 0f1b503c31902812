import { randomUUID } from 'node:crypto';
import { type EventEnvelope, streamName, streamSubjects, tenantUpdated } from '@hongfan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNats,
  enqueue,
  ensureStream,
  type NatsHandles,
  OutboxRelay,
  startConsumer,
} from '../src/index.js';
import { NatsServerProcess } from './helpers/nats-server-process.js';
import { createTestDb, type TestDb } from './helpers/test-db.js';
import {
  deleteStreams,
  NATS_URL,
  readStream,
  testLogger,
  uniquePrefix,
  waitFor,
} from './helpers/test-nats.js';

let db: TestDb;
const prefix = uniquePrefix();
const tenantId = randomUUID();

async function enqueueCodes(p: string, codes: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const code of codes) {
    const env = await db.orm.em.fork().transactional((em) =>
      enqueue(
        em,
        { def: tenantUpdated, tenantId, data: { tenantId, code, name: '任城区', city: '济宁市' } },
        {
          schema: 'svc',
          prefix: p,
        },
      ),
    );
    ids.push(env.id);
  }
  return ids;
}

const unpublished = async () =>
  (await db.pool.query('select count(*)::int as n from svc.hf_outbox where published_at is null')).rows[0]
    .n as number;

beforeAll(async () => {
  db = await createTestDb('svc', ['create table svc.seen (seq serial primary key, code text not null)']);
});

afterAll(async () => {
  await db?.drop();
});

describe('relay outages', () => {
  let nats: NatsHandles;
  beforeAll(async () => {
    nats = await connectNats({ servers: NATS_URL, name: 'messaging-test-outage' });
  });
  afterAll(async () => {
    if (nats) {
      await deleteStreams(nats.jsm, prefix);
      await nats.nc.close();
    }
  });

  it('keeps events written while the relay is down and delivers them, in order, when it starts', async () => {
    const stream = streamName(prefix, 'identity');
    await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(prefix, 'identity') });
    // Its own pool this time, and a stop/start cycle: a stopped relay can be started again.
    const relay = new OutboxRelay({ pgConnectionString: db.url, schema: 'svc', js: nats.js });
    await relay.start();
    await relay.stop();
    const ids = await enqueueCodes(prefix, ['a', 'b', 'c', 'd']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await nats.jsm.streams.info(stream)).state.messages).toBe(0);
    expect(await unpublished()).toBe(4);

    await relay.start();
    try {
      await relay.flush();
      expect((await readStream(nats.jsm, stream)).map((m) => m.json<EventEnvelope>().id)).toEqual(ids);
      expect(await unpublished()).toBe(0);
    } finally {
      await relay.stop();
    }
  });

  it('re-establishes LISTEN after its Postgres connection is killed', async () => {
    const p = `${prefix}l.`;
    const stream = streamName(p, 'identity');
    await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(p, 'identity') });
    // No effective poll: only NOTIFY (and the catch-up after re-LISTEN) can publish.
    const relay = new OutboxRelay({
      pool: db.pool,
      schema: 'svc',
      js: nats.js,
      pollMs: 60_000,
      minBackoffMs: 50,
      logger: testLogger('listen'),
    });
    await relay.start();
    try {
      const killed = await db.pool.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and query = 'listen hf_outbox' and pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBe(1);
      await enqueueCodes(p, ['x']);
      await waitFor(
        () => nats.jsm.streams.info(stream),
        (s) => s.state.messages === 1,
        3000,
        'catch-up',
      );
      // (The dying backend may still have relayed that NOTIFY, so wait for the new listener.)
      await waitFor(
        async () =>
          (
            await db.pool.query(
              `select 1 from pg_stat_activity where datname = current_database() and query = 'listen hf_outbox'`,
            )
          ).rowCount,
        (count) => count === 1,
        3000,
        'a new LISTEN connection',
      );
      const start = Date.now();
      await enqueueCodes(p, ['y']);
      await waitFor(
        () => nats.jsm.streams.info(stream),
        (s) => s.state.messages === 2,
        3000,
        'notify after re-listen',
      );
      expect(Date.now() - start).toBeLessThan(1000);
    } finally {
      await relay.stop();
    }
  });
});

describe('broker restart (private nats-server)', () => {
  let server: NatsServerProcess;
  let nats: NatsHandles;

  beforeAll(async () => {
    server = await NatsServerProcess.start();
    nats = await connectNats({
      servers: server.url,
      name: 'messaging-test-restart',
      reconnectTimeWaitMs: 100,
    });
  });
  afterAll(async () => {
    await nats?.nc.close();
    await server?.dispose();
  });

  it('delivers events committed while the broker is down once it is back, in order, exactly once', async () => {
    const p = `${prefix}r.`;
    const stream = streamName(p, 'identity');
    await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(p, 'identity') });
    const relay = new OutboxRelay({
      pool: db.pool,
      schema: 'svc',
      js: nats.js,
      pollMs: 200,
      publishTimeoutMs: 500,
      maxBackoffMs: 300,
      logger: testLogger('restart-relay'),
    });
    const consumer = await startConsumer({
      ...nats,
      orm: db.orm,
      schema: 'svc',
      stream,
      durable: 'test.restart',
      filterSubjects: streamSubjects(p, 'identity'),
      prefix: p,
      restartDelayMs: 100,
      logger: testLogger('restart-consumer'),
      handle: async (em, env) => {
        await em.execute('insert into svc.seen (code) values (?)', [(env.data as { code: string }).code]);
      },
    });
    const seen = async () =>
      (await db.pool.query<{ code: string }>('select code from svc.seen order by seq')).rows.map(
        (r) => r.code,
      );
    await relay.start();
    try {
      await enqueueCodes(p, ['before']);
      await waitFor(seen, (s) => s.length === 1, 5000, 'first event');

      await server.kill();
      await enqueueCodes(p, ['during-1', 'during-2', 'during-3']);
      await waitFor(
        () => relay.error(),
        (e) => e !== null,
        5000,
        'relay to notice the outage',
      );
      expect(await unpublished()).toBe(3);
      expect(await seen()).toEqual(['before']);

      await server.start();
      await enqueueCodes(p, ['after']);
      await waitFor(seen, (s) => s.length >= 5, 15_000, 'events after restart');
      expect(await seen()).toEqual(['before', 'during-1', 'during-2', 'during-3', 'after']);
      expect(await unpublished()).toBe(0);
      expect(relay.error()).toBeNull();
      // Republishes during the outage (a publish may have reached the server without its ack
      // reaching us) were deduplicated by JetStream: one stored message per event.
      expect((await nats.jsm.streams.info(stream)).state.messages).toBe(5);
    } finally {
      await consumer.stop();
      await relay.stop();
    }
  });
});
