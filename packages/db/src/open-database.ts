import type { Dictionary, EntitySchema } from '@mikro-orm/core';
import { type Migration, Migrator } from '@mikro-orm/migrations';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import pg from 'pg';
import { appUrl, ensureAppRole, grantSchema } from './app-role.js';

export interface OpenDatabaseOptions {
  /** Owner URL: may create schemas and roles; used only to migrate at start. */
  url: string;
  /** Password the app role is given and connects with. */
  appPassword: string;
  /** The service's own schema, e.g. `identity`; its tables live nowhere else. */
  schema: string;
  // biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape
  entities: EntitySchema<any, any>[];
  /** Ordered migrations, as classes (no file globbing: the same list works from src and dist). */
  migrations: { name: string; class: new (...args: never[]) => Migration }[];
  poolMax?: number;
  debug?: boolean;
}

export interface Database {
  /** The ORM connected as the app role: row-level security applies to everything it does. */
  orm: MikroORM;
  /** Is the database answering? For /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Serialises migrations per schema when several instances start at once. */
function migrationLockKey(schema: string): number {
  let h = 7_430_100;
  for (const ch of schema) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

/**
 * Prepares and opens a service's database: ensures the app role and the schema, runs pending
 * migrations as the owner, grants the app role data rights, then connects as the app role.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const admin = new pg.Client({ connectionString: opts.url });
  await admin.connect();
  try {
    await ensureAppRole(admin, opts.appPassword);
    await admin.query('select pg_advisory_lock($1)', [migrationLockKey(opts.schema)]);
    try {
      await admin.query(`create schema if not exists ${admin.escapeIdentifier(opts.schema)}`);
      const migrator = await MikroORM.init({
        ...ormOptions(opts),
        clientUrl: opts.url,
        extensions: [Migrator],
        migrations: {
          migrationsList: opts.migrations as never,
          tableName: 'mikro_orm_migrations',
          transactional: true,
          allOrNothing: true,
          snapshot: false,
          silent: true,
        },
        pool: { min: 0, max: 1 },
      });
      try {
        await migrator.getMigrator().up();
      } finally {
        await migrator.close(true);
      }
      await grantSchema(admin, opts.schema);
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [migrationLockKey(opts.schema)]);
    }
  } finally {
    await admin.end();
  }

  const orm = await MikroORM.init({
    ...ormOptions(opts),
    clientUrl: appUrl(opts.url, opts.appPassword),
    pool: { min: 1, max: opts.poolMax ?? 10 },
  });
  return {
    orm,
    async ping() {
      try {
        await orm.em.getConnection().execute('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => orm.close(true),
  };
}

function ormOptions(opts: OpenDatabaseOptions) {
  const tenantEntities = opts.entities
    .filter((e) => 'tenantId' in (e.meta.properties ?? {}))
    .map((e) => e.meta.className);
  const filters: Dictionary = {};
  if (tenantEntities.length)
    filters.tenant = {
      cond: (args: { tenantId: string }) => ({ tenantId: args.tenantId }),
      entity: tenantEntities,
      default: true,
    };
  return {
    driver: PostgreSqlDriver,
    schema: opts.schema,
    entities: opts.entities,
    discovery: { warnWhenNoEntities: false },
    filters,
    // Requests fork their own EntityManager; touching the global one is a bug worth an error.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: opts.debug ?? false,
    ensureDatabase: false,
  };
}
