import {
  type EntityMetadata,
  type EntityName,
  type EntityProperty,
  type MikroORM,
  Utils,
} from '@mikro-orm/core';
import type { PostgreSqlConnection } from '@mikro-orm/postgresql';

interface Prepared {
  /** `select <every column> from <table> where <keys…> and tenant_id = ? limit 1` */
  sql: string;
  /** Properties whose values MikroORM converts after reading (custom types). */
  converted: EntityProperty[];
}

const preparedByMeta = new WeakMap<EntityMetadata, Map<string, Prepared>>();

/** The statement for (entity, keys), built once from MikroORM's metadata. */
function prepare(orm: MikroORM, meta: EntityMetadata, keys: string[]): Prepared {
  let byKeys = preparedByMeta.get(meta);
  if (!byKeys) {
    byKeys = new Map();
    preparedByMeta.set(meta, byKeys);
  }
  const cacheKey = keys.join(',');
  const known = byKeys.get(cacheKey);
  if (known) return known;

  const q = (name: string) => orm.em.getPlatform().quoteIdentifier(name);
  const column = (key: string) => {
    const prop = meta.properties[key as never] as EntityProperty | undefined;
    if (prop?.fieldNames?.length !== 1 || prop.persist === false)
      throw new Error(`readRow: ${meta.className}.${key} is not a stored column`);
    return prop.fieldNames[0];
  };
  if (!('tenantId' in meta.properties)) throw new Error(`readRow: ${meta.className} is not a tenant table`);
  if (keys.includes('tenantId')) throw new Error('readRow: the tenant is given apart from `where`');
  const conditions = [...keys, 'tenantId'].map((k) => `${q(column(k))} = ?`);
  const stored = meta.props.filter((p) => p.fieldNames?.length === 1 && p.persist !== false && !p.embedded);
  const schema = meta.schema ?? orm.config.get('schema');
  const sql =
    `select ${stored.map((p) => q(p.fieldNames[0])).join(', ')} ` +
    `from ${schema ? `${q(schema)}.` : ''}${q(meta.tableName)} ` +
    `where ${conditions.join(' and ')} limit 1`;
  const prepared = { sql, converted: stored.filter((p) => p.customType) };
  byKeys.set(cacheKey, prepared);
  return prepared;
}

/**
 * One row of a tenant's entity, found by equality on some of its properties, in ONE round trip:
 * `select set_config('app.tenant_id', …, true); select … limit 1` sent as one simple-protocol
 * query, which PostgreSQL runs as one implicit transaction — so the tenant setting is local to
 * it exactly as in `withTenant`, and row-level security applies. The request transaction costs
 * four round trips and, through MikroORM and knex, most of a request's CPU; a lookup that only
 * answers (GET by id) needs none of that.
 *
 * The statement is built once per (entity, properties) from MikroORM's metadata, values are
 * quoted by MikroORM's platform as on every MikroORM query, and the row is mapped by MikroORM's
 * compiled result mapper to property names and JS types. What comes back is a plain object, not a
 * managed entity: to change a row, load it in `withTenant`.
 */
export async function readRow<T extends object>(
  orm: MikroORM,
  tenantId: string,
  entity: EntityName<T>,
  where: { [K in keyof T]?: T[K] },
): Promise<T | null> {
  const meta = orm.getMetadata().get<T>(Utils.className(entity)) as EntityMetadata;
  const keys = Object.keys(where).sort();
  const p = prepare(orm, meta, keys);
  const platform = orm.em.getPlatform();
  const params: unknown[] = [...keys.map((k) => where[k as keyof T]), tenantId];
  const text = `select set_config('app.tenant_id', ${platform.quoteValue(tenantId)}, true); ${platform.formatQuery(p.sql, params)}`;
  const connection = orm.em.getConnection() as PostgreSqlConnection;
  let results: { rows: Record<string, unknown>[] }[];
  try {
    results = await connection.getKnex().raw(text);
  } catch (err) {
    throw platform.getExceptionConverter().convertException(err as Error);
  }
  const row = results[1]?.rows[0];
  if (!row) return null;
  const out = orm.em.getComparator().mapResult(meta.className, row) as Record<string, unknown>;
  for (const prop of p.converted) {
    const value = out[prop.name];
    if (value != null) out[prop.name] = prop.customType!.convertToJSValue(value, platform);
  }
  return out as T;
}
