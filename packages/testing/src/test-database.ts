import pg from 'pg';

/** Admin URL of the PostgreSQL the tests use (the README's test command sets DATABASE_URL). */
export function adminDatabaseUrl(): string {
  return (
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

export interface TestDatabase {
  /** Owner URL of the fresh database; pass it to the service as its DATABASE_URL. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database per test file (and so per worker): tests never see each other's rows,
 * and a failed run leaves nothing another run trips over.
 */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const admin = adminDatabaseUrl();
  const name = `hf_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A superuser client on a test database, for assertions that must look past row-level security. */
export async function ownerClient(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}
