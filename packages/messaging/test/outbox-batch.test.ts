import { randomUUID } from 'node:crypto';
import { type EventEnvelope, streamName, streamSubjects, tenantSuspended } from '@hongfan/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNats, enqueueMany, ensureStream, type NatsHandles, OutboxRelay } from '../src/index.js';
import { createTestDb, type TestDb } from './helpers/test-db.js';
import { deleteStreams, NATS_URL, readStream, uniquePrefix, waitFor } from './helpers/test-nats.js';

let db: TestDb;
let nats: NatsHandles;
let relay: OutboxRelay;
const prefix = uniquePrefix();
const stream = streamName(prefix, 'identity');

beforeAll(async () => {
  db = await createTestDb();
  nats = await connectNats({ servers: NATS_URL, name: 'messaging-test-outbox-batch' });
  await ensureStream(nats.jsm, { name: stream, subjects: streamSubjects(prefix, 'identity') });
  relay = new OutboxRelay({ pool: db.pool, schema: 'svc', js: nats.js, pollMs: 60_000 });
  await relay.start();
});

afterAll(async () => {
  await relay?.stop();
  if (nats) {
    await deleteStreams(nats.jsm, prefix);
    await nats.nc.close();
  }
  await db?.drop();
});

const count = async () =>
  (await db.pool.query('select count(*)::int as n from svc.hf_outbox')).rows[0].n as number;

describe('enqueueMany', () => {
  it('writes nothing when the transaction rolls back, or when any event is invalid', async () => {
    const tenantId = randomUUID();
    await expect(
      db.orm.em.fork().transactional(async (em) => {
        await enqueueMany(
          em,
          [1, 2, 3].map(() => ({ def: tenantSuspended, tenantId, data: { tenantId } })),
          { schema: 'svc', prefix },
        );
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await expect(
      db.orm.em.fork().transactional((em) =>
        enqueueMany(
          em,
          [
            { def: tenantSuspended, tenantId, data: { tenantId } },
            { def: tenantSuspended, tenantId, data: { tenantId: 'not-a-uuid' } },
          ],
          { schema: 'svc', prefix },
        ),
      ),
    ).rejects.toThrow();
    expect(await count()).toBe(0);
  });

  it('writes many events (across batches) in order, in the caller’s transaction, and the relay publishes them all', async () => {
    // More than one INSERT statement's worth (1000 rows each).
    const tenants = Array.from({ length: 1200 }, () => randomUUID());
    const envelopes = await db.orm.em.fork().transactional((em) =>
      enqueueMany(
        em,
        tenants.map((tenantId) => ({
          def: tenantSuspended,
          tenantId,
          data: { tenantId },
          correlationId: 'import-1',
        })),
        { schema: 'svc', prefix },
      ),
    );
    expect(envelopes.map((e) => e.tenantId)).toEqual(tenants);
    const rows = await db.pool.query('select id, subject, tenant_id from svc.hf_outbox order by seq');
    expect(rows.rows.map((r) => r.id)).toEqual(envelopes.map((e) => e.id));
    expect(rows.rows[0].subject).toBe(`${prefix}hf.identity.tenant.suspended`);
    await relay.flush(30_000);
    const msgs = await waitFor(
      () => readStream(nats.jsm, stream),
      (m) => m.length >= tenants.length,
      10_000,
      'publish',
    );
    expect(msgs.map((m) => m.json<EventEnvelope>().id)).toEqual(envelopes.map((e) => e.id));
    expect(msgs[0].json<EventEnvelope>()).toEqual(envelopes[0]);
  });
});
