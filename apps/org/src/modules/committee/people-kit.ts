import { errors } from '@hongfan/errors';
import { type Cursor, decodeCursor, encodeCursor, keysetAfter, pageFrom } from '@hongfan/service-kit';
import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';

/*
 * Small pieces the people modules (committee, secretaries, elections, grid staff, funds) share:
 * field schemas, the staffing-range check and the two ways they page lists.
 */

/** A calendar day, 'YYYY-MM-DD'. */
export const day = z.iso.date();
/** A person's name as typed (Chinese names are short; foreign ones may be longer). */
export const personName = z.string().trim().min(1).max(50);
/** A phone number: mobile (11 digits) or landline with area code and extension. */
export const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, 'digits, spaces, + - ( ) only (5–20)');
export const note = (max: number) => z.string().trim().min(1).max(max);

/** Lists of dated records: `order` applies to the chosen `sort`. */
export const order = z.enum(['asc', 'desc']);

/** The calendar day now, in China (UTC+8, no daylight saving). */
export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export type RangeStatus = 'ok' | 'too-few' | 'too-many';
export const RANGE_STATUS_NAMES: Record<RangeStatus, string> = {
  ok: '符合要求',
  'too-few': '人数不足',
  'too-many': '人数超出',
};
export const rangeView = z.object({
  count: z.number().int(),
  range: z.object({ min: z.number().int(), max: z.number().int() }),
  status: z.enum(['ok', 'too-few', 'too-many']),
  statusName: z.string(),
  message: z.string(),
});

/**
 * Compares a head count with the tenant's range (2–3 at the window, 5–10 per grid by default) and
 * says so in the users' language. The edges are inside the range.
 */
export function rangeCheck(
  count: number,
  range: { min: number; max: number },
  what: '窗口留守' | '网格力量',
) {
  const status: RangeStatus = count < range.min ? 'too-few' : count > range.max ? 'too-many' : 'ok';
  const want = range.min === range.max ? `${range.min}人` : `${range.min}–${range.max}人`;
  const message =
    status === 'ok'
      ? `${what}${count}人，符合${want}的要求`
      : status === 'too-few'
        ? `${what}仅${count}人，少于要求的${want}，请补充`
        : `${what}${count}人，超出要求的${want}${what === '窗口留守' ? '，其余人员应下沉小区' : ''}`;
  return {
    count,
    range: { min: range.min, max: range.max },
    status,
    statusName: RANGE_STATUS_NAMES[status],
    message,
  };
}

export interface SortSpec {
  field: string;
  dir: 'asc' | 'desc';
  /** The field is a timestamp (createdAt): cursor values travel as ISO strings. */
  timestamp?: boolean;
}

/**
 * One page of a database list sorted by one field then id (keyset: stable under inserts, cheap at
 * any depth). `where` already holds the caller's scope and filters.
 */
export async function dbPage<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: Record<string, unknown>,
  q: { limit: number; cursor?: string },
  sort: SortSpec,
) {
  const raw = decodeCursor(q.cursor);
  const cursor: Cursor | undefined =
    raw && sort.timestamp ? { ...raw, v: new Date(String(raw.v)) as never } : raw;
  const rows = (await em.find(entity, { $and: [where, keysetAfter(sort.field, cursor, sort.dir)] } as never, {
    orderBy: { [sort.field]: sort.dir, id: sort.dir } as never,
    limit: q.limit + 1,
  })) as T[];
  return pageFrom(rows, q.limit, (r) => {
    const v = (r as Record<string, unknown>)[sort.field];
    return v instanceof Date ? v.toISOString() : (v as string | number | null);
  });
}

type Key = string | number;

/**
 * One page of a list computed in memory (a ranking, a ledger with running balances, grids with
 * head counts): rows ordered by a key tuple (each position ascending or descending, then id), the
 * cursor holding the last row's key so a page continues correctly even if rows appeared meanwhile.
 */
export function memoryPage<T extends { id: string }>(
  rows: T[],
  key: (row: T) => Key[],
  dirs: Array<'asc' | 'desc'>,
  q: { limit: number; cursor?: string },
) {
  const cmpKey = (a: Key[], b: Key[]) => {
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      const less = a[i] < b[i];
      return (dirs[i] ?? 'asc') === 'asc' ? (less ? -1 : 1) : less ? 1 : -1;
    }
    return 0;
  };
  const full = (r: T) => [...key(r), r.id];
  const sorted = [...rows].sort((a, b) => cmpKey(full(a), full(b)));
  const raw = decodeCursor(q.cursor);
  let after: Key[] | undefined;
  if (raw) {
    try {
      after = JSON.parse(String(raw.v));
    } catch {
      after = undefined;
    }
    if (!Array.isArray(after))
      throw errors.validation([{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }]);
  }
  const rest = after ? sorted.filter((r) => cmpKey(full(r), after as Key[]) > 0) : sorted;
  const items = rest.slice(0, q.limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor:
      rest.length > q.limit && last ? encodeCursor({ v: JSON.stringify(full(last)), id: last.id }) : null,
  };
}

/** Common view fields of a row. */
export function stamps(r: { createdAt: Date; updatedAt: Date; version: number }) {
  return { createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version };
}
export const stampsView = { createdAt: z.string(), updatedAt: z.string(), version: z.number().int() };
