import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { messagingTablesSql } from '../../src/index.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDb {
  name: string;
  url: string;
  schema: string;
  /** For the relay and for test assertions. */
  pool: pg.Pool;
  orm: MikroORM;
  drop(): Promise<void>;
}

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A throwaway database with a service schema holding the messaging tables. */
export async function createTestDb(schema = 'svc', extraSql: string[] = []): Promise<TestDb> {
  const name = `hf_msg_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', () => {});
  await pool.query(`create schema ${schema}`);
  for (const sql of [...messagingTablesSql(schema), ...extraSql]) await pool.query(sql);
  const orm = await MikroORM.init({
    clientUrl: url,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    debug: false,
  });
  return {
    name,
    url,
    schema,
    pool,
    orm,
    async drop() {
      await orm.close(true);
      await pool.end();
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
