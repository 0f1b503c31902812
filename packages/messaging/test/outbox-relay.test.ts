import { randomUUID } from 'node:crypto';
import {
  type EventEnvelope,
  streamName,
  streamSubjects,
  tenantSuspended,
  tenantUpdated,
} from '@hongfan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, enqueue, ensureStream, HEADERS, type NatsHandles, OutboxRelay } from '../src/index.js';
import { createTestDb, type TestDb } from './helpers/test-db.js';
import { deleteStreams, NATS_URL, readStream, uniquePrefix, waitFor } from './helpers/test-nats.js';

let db: TestDb;
let nats: NatsHandles;
let relay: OutboxRelay;
const root = uniquePrefix();
let n = 0;

/** Each test publishes under its own prefix, so it has its own stream to count. */
async function freshStream(): Promise<{ prefix: string; stream: string }> {
  const prefix = `${root}${++n}.`;
  const stream = streamName(prefix, 'identity');
  await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(prefix, 'identity') });
  return { prefix, stream };
}

const unpublished = async () =>
  (await db.pool.query('select count(*)::int as n from svc.hf_outbox where published_at is null')).rows[0]
    .n as number;

beforeAll(async () => {
  db = await createTestDb();
  nats = await connectNats({ servers: NATS_URL, name: 'messaging-test-outbox' });
  // A long poll interval: only NOTIFY can make these tests fast.
  relay = new OutboxRelay({ pool: db.pool, schema: 'svc', js: nats.js, pollMs: 60_000 });
  await relay.start();
});

afterAll(async () => {
  await relay?.stop();
  if (nats) {
    await deleteStreams(nats.jsm, root);
    await nats.nc.close();
  }
  await db?.drop();
});

describe('outbox + relay', () => {
  it('never publishes an event whose transaction rolled back, and publishes a committed one once', async () => {
    const { prefix, stream } = await freshStream();
    const tenantId = randomUUID();
    let rolledBack: EventEnvelope | undefined;
    await expect(
      db.orm.em.fork().transactional(async (em) => {
        rolledBack = await enqueue(
          em,
          { def: tenantSuspended, tenantId, data: { tenantId } },
          { schema: 'svc', prefix },
        );
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect(rolledBack).toBeDefined();
    expect((await db.pool.query('select count(*)::int as n from svc.hf_outbox')).rows[0].n).toBe(0);

    const committed = await db.orm.em
      .fork()
      .transactional((em) =>
        enqueue(
          em,
          { def: tenantSuspended, tenantId, data: { tenantId }, correlationId: 'req-42' },
          { schema: 'svc', prefix },
        ),
      );
    await relay.flush();

    const msgs = await waitFor(
      () => readStream(nats.jsm, stream),
      (m) => m.length >= 1,
      3000,
      'publish',
    );
    expect(msgs).toHaveLength(1);
    expect(msgs[0].subject).toBe(`${prefix}hf.identity.tenant.suspended`);
    expect(msgs[0].header.get('Nats-Msg-Id')).toBe(committed.id);
    expect(msgs[0].header.get(HEADERS.tenantId)).toBe(tenantId);
    expect(msgs[0].header.get(HEADERS.eventType)).toBe('identity.tenant.suspended');
    expect(msgs[0].json<EventEnvelope>()).toEqual(committed);
    expect(msgs.some((m) => m.json<EventEnvelope>().id === rolledBack?.id)).toBe(false);
    expect(committed.correlationId).toBe('req-42');
    expect(await unpublished()).toBe(0);
    expect(relay.pending()).toBe(0);
  });

  it('rejects data that does not match the event schema, writing nothing', async () => {
    const { prefix } = await freshStream();
    const before = (await db.pool.query('select count(*)::int as n from svc.hf_outbox')).rows[0].n;
    await expect(
      db.orm.em
        .fork()
        .transactional((em) =>
          enqueue(
            em,
            { def: tenantSuspended, tenantId: null, data: { tenantId: 'x' } },
            { schema: 'svc', prefix },
          ),
        ),
    ).rejects.toThrow();
    expect((await db.pool.query('select count(*)::int as n from svc.hf_outbox')).rows[0].n).toBe(before);
  });

  it('wakes on NOTIFY right after commit, not on the poll', async () => {
    const { prefix, stream } = await freshStream();
    const tenantId = randomUUID();
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      await db.orm.em
        .fork()
        .transactional((em) =>
          enqueue(em, { def: tenantSuspended, tenantId, data: { tenantId } }, { schema: 'svc', prefix }),
        );
      const committedAt = Date.now();
      await waitFor(
        () => nats.jsm.streams.info(stream),
        (s) => s.state.messages === i + 1,
        2000,
        'notify wake',
      );
      latencies.push(Date.now() - committedAt);
    }
    // The poll is a minute away: anything near this bound came from NOTIFY.
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  it('publishes in commit order and keeps odd characters intact', async () => {
    const { prefix, stream } = await freshStream();
    const tenantId = randomUUID();
    const name = `任城区 'quoted' "double" ? $1 \\ back\nline`;
    const ids: string[] = [];
    await db.orm.em.fork().transactional(async (em) => {
      for (let i = 0; i < 30; i++) {
        const env = await enqueue(
          em,
          { def: tenantUpdated, tenantId, data: { tenantId, code: `c${i}`, name, city: '济宁市' } },
          { schema: 'svc', prefix },
        );
        ids.push(env.id);
      }
    });
    for (let i = 0; i < 10; i++) {
      const env = await db.orm.em
        .fork()
        .transactional((em) =>
          enqueue(em, { def: tenantSuspended, tenantId, data: { tenantId } }, { schema: 'svc', prefix }),
        );
      ids.push(env.id);
    }
    await relay.flush();
    const msgs = await readStream(nats.jsm, stream);
    expect(msgs.map((m) => m.json<EventEnvelope>().id)).toEqual(ids);
    expect(msgs[0].json<EventEnvelope<{ name: string }>>().data.name).toBe(name);
  });

  it('a republished row is dropped by the JetStream duplicate window', async () => {
    const { prefix, stream } = await freshStream();
    const tenantId = randomUUID();
    const env = await db.orm.em
      .fork()
      .transactional((em) =>
        enqueue(em, { def: tenantSuspended, tenantId, data: { tenantId } }, { schema: 'svc', prefix }),
      );
    await relay.flush();
    // As if the relay crashed after publishing but before marking the row.
    await db.pool.query('update svc.hf_outbox set published_at = null where id = $1', [env.id]);
    relay.wake();
    await relay.flush();
    expect(await unpublished()).toBe(0);
    const msgs = await readStream(nats.jsm, stream);
    expect(msgs.map((m) => m.json<EventEnvelope>().id)).toEqual([env.id]);
  });

  it('purges published rows past retention and keeps unpublished ones', async () => {
    await db.pool.query(
      `insert into svc.hf_outbox (id, subject, type, version, payload) values ($1, 'nowhere', 't', 1, '{}')`,
      [randomUUID()],
    );
    // The row above has no stream, so it stays unpublished; pause the relay's attempts on it.
    await relay.stop();
    const published = (
      await db.pool.query('select count(*)::int as n from svc.hf_outbox where published_at is not null')
    ).rows[0].n;
    expect(published).toBeGreaterThan(0);
    relay = new OutboxRelay({ pool: db.pool, schema: 'svc', js: nats.js, pollMs: 60_000 });
    expect(await relay.purgePublished(0)).toBe(published);
    expect((await db.pool.query('select count(*)::int as n from svc.hf_outbox')).rows[0].n).toBe(1);
    await db.pool.query('delete from svc.hf_outbox');
  });
});
