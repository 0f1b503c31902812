import { type AuthContext, isDistrictWide } from '@hongfan/service-kit';

/** A Postgres array literal of uuids for `col = any(?::uuid[])` (the ids are validated uuids). */
export const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** A raw SQL condition with its `?` parameters (MikroORM's em.execute binds them). */
export interface Sql {
  sql: string;
  params: unknown[];
}

/**
 * The caller's data scope as a SQL condition over the given columns (any kind matching is enough,
 * as in scopeWhere): `true` for district-wide callers, `false` for an empty scope. Pass the
 * effective auth (a branch secretary's branches resolved to compounds).
 */
export function scopeSql(
  auth: AuthContext,
  cols: Partial<Record<'streets' | 'communities' | 'grids' | 'compounds', string>>,
): Sql {
  if (isDistrictWide(auth)) return { sql: 'true', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const [kind, col] of Object.entries(cols) as [keyof typeof cols, string][]) {
    const ids = auth.scope[kind];
    if (!ids?.length) continue;
    parts.push(`${col} = any(?::uuid[])`);
    params.push(uuidArray(ids));
  }
  return parts.length ? { sql: `(${parts.join(' or ')})`, params } : { sql: 'false', params: [] };
}

/** Collects `and`-ed conditions and their parameters in order. */
export class Where {
  private parts: string[] = [];
  readonly params: unknown[] = [];
  add(sql: string, ...params: unknown[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }
  addSql(s: Sql): this {
    return this.add(s.sql, ...s.params);
  }
  get sql(): string {
    return this.parts.length ? this.parts.join(' and ') : 'true';
  }
}
