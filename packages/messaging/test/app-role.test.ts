import { randomBytes, randomUUID } from 'node:crypto';
import { streamName, streamSubjects, tenantSuspended } from '@hongfan/contracts';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectNats,
  enqueue,
  ensureStream,
  grantMessagingSql,
  messagingTablesSql,
  type NatsHandles,
  OutboxRelay,
  startConsumer,
} from '../src/index.js';
import { createTestDb, type TestDb } from './helpers/test-db.js';
import { deleteStreams, NATS_URL, uniquePrefix, waitFor } from './helpers/test-nats.js';

// Services run as a non-owner role without BYPASSRLS; the library must work for it.
const role = `hf_app_${randomBytes(4).toString('hex')}`;
const prefix = uniquePrefix();
let db: TestDb;
let nats: NatsHandles;
let appOrm: MikroORM;
let appPool: pg.Pool;

beforeAll(async () => {
  db = await createTestDb('svc', [
    // A tenant-owned table guarded like every service table: RLS on app.tenant_id.
    `create table svc.suspensions (tenant_id uuid not null, event_id uuid not null)`,
    'alter table svc.suspensions enable row level security',
    'alter table svc.suspensions force row level security',
    `create policy tenant_isolation on svc.suspensions
       using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
       with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)`,
  ]);
  await db.pool.query(`create role ${role} login nosuperuser nobypassrls`);
  await db.pool.query(`grant connect on database ${db.name} to ${role}`);
  for (const sql of grantMessagingSql('svc', role)) await db.pool.query(sql);
  await db.pool.query(`grant select, insert on svc.suspensions to ${role}`);
  const url = new URL(db.url);
  url.username = role;
  appPool = new pg.Pool({ connectionString: url.toString(), max: 3 });
  appOrm = await MikroORM.init({
    clientUrl: url.toString(),
    entities: [],
    discovery: { warnWhenNoEntities: false },
  });
  nats = await connectNats({ servers: NATS_URL, name: 'messaging-test-app-role' });
  await ensureStream(nats.jsm, {
    name: streamName(prefix, 'identity'),
    subjects: streamSubjects(prefix, 'identity'),
  });
});

afterAll(async () => {
  await appOrm?.close(true);
  await appPool?.end();
  if (nats) {
    await deleteStreams(nats.jsm, prefix);
    await nats.nc.close();
  }
  await db?.drop();
  const admin = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  });
  await admin.connect();
  await admin.query(`drop role if exists ${role}`);
  await admin.end();
});

describe('as the unprivileged app role', () => {
  it('enqueues, relays and consumes, with the tenant set for row-level security', async () => {
    const relay = new OutboxRelay({ pool: appPool, schema: 'svc', js: nats.js });
    await relay.start();
    const consumer = await startConsumer({
      ...nats,
      orm: appOrm,
      schema: 'svc',
      stream: streamName(prefix, 'identity'),
      durable: 'test.rls',
      filterSubjects: streamSubjects(prefix, 'identity'),
      prefix,
      handle: async (em, env) => {
        // Passes the policy's WITH CHECK only because the consumer set app.tenant_id.
        await em.execute('insert into svc.suspensions (tenant_id, event_id) values (?, ?)', [
          env.tenantId,
          env.id,
        ]);
      },
    });
    try {
      const tenants = [randomUUID(), randomUUID()];
      for (const t of tenants) {
        await appOrm.em
          .fork()
          .transactional((em) =>
            enqueue(
              em,
              { def: tenantSuspended, tenantId: t, data: { tenantId: t } },
              { schema: 'svc', prefix },
            ),
          );
      }
      await relay.flush();
      const all = async () =>
        (await db.pool.query('select tenant_id from svc.suspensions')).rows.map((r) => r.tenant_id);
      await waitFor(all, (rows) => rows.length === 2, 5000, 'both tenants applied');
      expect((await all()).sort()).toEqual([...tenants].sort());
      // And the app role itself sees nothing without a tenant: the policy is really in force.
      expect((await appPool.query('select * from svc.suspensions')).rowCount).toBe(0);
    } finally {
      await consumer.stop();
      await relay.stop();
    }
  });

  it('the DDL re-runs cleanly through MikroORM and refuses unsafe identifiers', async () => {
    // Through MikroORM's raw path, as a migration's addSql would run it.
    for (const sql of messagingTablesSql('svc')) await db.orm.em.getConnection().execute(sql);
    expect(() => messagingTablesSql('svc; drop table x')).toThrow(/invalid SQL schema/);
    expect(() => grantMessagingSql('svc', 'Robert"')).toThrow(/invalid SQL role/);
  });
});
