import { AsyncLocalStorage } from 'node:async_hooks';
import { EntitySchema } from '@mikro-orm/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ROLE,
  auditRowLevelSecurity,
  type Database,
  Migration,
  openDatabase,
  readRow,
  type TenantOwned,
  tenantOwnedProperties,
  tenantTableSql,
  withTenant,
} from '../src/index.js';

interface Note extends TenantOwned {
  body: string;
}
const NoteEntity = new EntitySchema<Note>({
  name: 'Note',
  tableName: 'notes',
  properties: { ...tenantOwnedProperties, body: { type: 'string' } },
});

class CreateNotes extends Migration {
  override async up() {
    this.addSql(`create table dbtest.notes (id uuid primary key, tenant_id uuid not null, body text not null,
      created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1)`);
    this.addSql('create table dbtest.loose (id int primary key, tenant_id uuid)');
    for (const sql of tenantTableSql('dbtest.notes')) this.addSql(sql);
  }
}

const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `hf_dbtest_${process.pid}_${Math.random().toString(36).slice(2, 7)}`;
const url = Object.assign(new URL(admin), { pathname: `/${name}` }).toString();
let db: Database;
const T1 = crypto.randomUUID();
const T2 = crypto.randomUUID();

beforeAll(async () => {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const open = () =>
    openDatabase({
      url,
      appPassword: 'hongfan-app-dev',
      schema: 'dbtest',
      entities: [NoteEntity],
      migrations: [{ name: '0001', class: CreateNotes }],
    });
  // Two instances starting at once must not race on the role, the schema or the migration.
  const [a, b] = await Promise.all([open(), open()]);
  await b.close();
  db = a;
});

afterAll(async () => {
  await db.close();
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${name} with (force)`);
  await c.end();
});

describe('openDatabase', () => {
  it('connects as the app role, which owns nothing and cannot bypass RLS', async () => {
    const rows = await db.orm.em.fork().getConnection().execute('select current_user as u');
    expect(rows[0].u).toBe(APP_ROLE);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const findings = await auditRowLevelSecurity(c, 'dbtest');
    await c.end();
    // The deliberately unprotected table is reported; the protected one is not.
    expect(findings).toEqual([
      { table: 'loose', problem: 'row level security not enabled' },
      { table: 'loose', problem: 'row level security not forced' },
      { table: 'loose', problem: 'no policy' },
    ]);
  });
});

describe('withTenant', () => {
  it('writes and reads only within the bound tenant', async () => {
    await withTenant(db.orm, T1, async (em) => {
      em.create(NoteEntity, { tenantId: T1, body: 'one' });
    });
    await withTenant(db.orm, T2, async (em) => {
      em.create(NoteEntity, { tenantId: T2, body: 'two' });
    });
    const seen = await withTenant(db.orm, T1, (em) => em.find(NoteEntity, {}));
    expect(seen.map((n) => n.body)).toEqual(['one']);
  });

  it('refuses to write a row for another tenant', async () => {
    await expect(
      withTenant(db.orm, T1, async (em) => {
        em.create(NoteEntity, { tenantId: T2, body: 'smuggled' });
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it('shows nothing when no tenant is set, and the setting does not leak to the next transaction', async () => {
    const em = db.orm.em.fork();
    expect(await em.getConnection().execute('select * from dbtest.notes')).toEqual([]);
    await withTenant(db.orm, T1, (em) => em.find(NoteEntity, {}));
    expect(await db.orm.em.fork().getConnection().execute('select * from dbtest.notes')).toEqual([]);
  });

  it('bumps the version on update (optimistic locking)', async () => {
    const note = await withTenant(db.orm, T1, async (em) => {
      const n = await em.findOneOrFail(NoteEntity, { body: 'one' });
      n.body = 'one!';
      return n;
    });
    expect(note.version).toBe(2);
  });
});

describe('withTenant rollback', () => {
  it('writes nothing when the work throws, and reports the work’s error', async () => {
    await expect(
      withTenant(db.orm, T1, async (em) => {
        em.create(NoteEntity, { tenantId: T1, body: 'doomed' });
        await em.flush();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const bodies = await withTenant(db.orm, T1, (em) => em.find(NoteEntity, { body: 'doomed' }));
    expect(bodies).toEqual([]);
  });
});

describe('readRow', () => {
  it('reads a row of the given tenant as a plain object with property names and JS types', async () => {
    const [note] = await withTenant(db.orm, T1, (em) => em.find(NoteEntity, {}));
    const row = await readRow(db.orm, T1, NoteEntity, { id: note.id });
    expect(row).toEqual({
      id: note.id,
      tenantId: T1,
      body: note.body,
      createdAt: note.createdAt,
      updatedAt: note.updatedAt,
      version: note.version,
    });
    expect(row?.createdAt).toBeInstanceOf(Date);
  });

  it("answers null for another tenant's row, by id or by any other property", async () => {
    const [note] = await withTenant(db.orm, T2, (em) => em.find(NoteEntity, {}));
    expect(await readRow(db.orm, T1, NoteEntity, { id: note.id })).toBeNull();
    expect(await readRow(db.orm, T1, NoteEntity, { body: 'two' })).toBeNull();
    expect((await readRow(db.orm, T2, NoteEntity, { body: 'two' }))?.id).toBe(note.id);
  });

  it('keeps the tenant setting to its own statement: the connection forgets it', async () => {
    // One connection, so the next statement surely runs where readRow ran.
    const single = await openDatabase({
      url,
      appPassword: 'hongfan-app-dev',
      schema: 'dbtest',
      entities: [NoteEntity],
      migrations: [{ name: '0001', class: CreateNotes }],
      poolMax: 1,
    });
    try {
      expect(await readRow(single.orm, T1, NoteEntity, { body: 'one!' })).not.toBeNull();
      const after = await single.orm.em
        .fork()
        .getConnection()
        .execute(
          `select coalesce(current_setting('app.tenant_id', true), '') as t, count(*)::int as n from dbtest.notes`,
        );
      expect(after).toEqual([{ t: '', n: 0 }]);
    } finally {
      await single.close();
    }
  });

  it('quotes values, so a value cannot change the statement', async () => {
    expect(await readRow(db.orm, T1, NoteEntity, { body: "x' or '1'='1" })).toBeNull();
    expect(await readRow(db.orm, T1, NoteEntity, { body: "one!'; select 1; --" })).toBeNull();
  });

  it('refuses a tenant given in `where`', async () => {
    await expect(readRow(db.orm, T1, NoteEntity, { tenantId: T2 })).rejects.toThrow(/apart from/);
  });
});

describe('AsyncLocalStorage', () => {
  // Once one runs, Node 20 keeps promise hooks on in the whole process and every await is slower
  // (docs/performance.md). MikroORM's unit of work used one on every flush: patches/ removes it.
  it('is not used by a request transaction, a flush or readRow', async () => {
    const run = vi.spyOn(AsyncLocalStorage.prototype, 'run');
    const enterWith = vi.spyOn(AsyncLocalStorage.prototype, 'enterWith');
    try {
      const note = await withTenant(db.orm, T1, async (em) => {
        const n = em.create(NoteEntity, { tenantId: T1, body: 'hooks' });
        await em.flush();
        n.body = 'no hooks';
        return n;
      });
      expect(await readRow(db.orm, T1, NoteEntity, { id: note.id })).toMatchObject({ body: 'no hooks' });
      expect(run).not.toHaveBeenCalled();
      expect(enterWith).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
      enterWith.mockRestore();
    }
  });
});
