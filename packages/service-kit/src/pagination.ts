import { errors } from '@hongfan/errors';

/**
 * Keyset pagination: the cursor is the sort value and id of the last row seen, opaque to clients
 * (base64url JSON). Stable under inserts, and cheap at any depth, unlike OFFSET.
 */
export interface Cursor {
  v: string | number | null;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof c?.id === 'string') return c as Cursor;
  } catch {
    /* fall through */
  }
  throw errors.validation([{ path: 'querystring.cursor', message: 'is not a cursor this API issued' }]);
}

/** Given limit+1 rows, returns the page and the cursor of its last row when more follow. */
export function pageFrom<T extends { id: string }>(
  rows: T[],
  limit: number,
  sortValue: (row: T) => Cursor['v'],
) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor({ v: sortValue(last), id: last.id }) : null };
}

/**
 * The WHERE fragment (MikroORM query) that continues after `cursor` for a list sorted by `field`
 * then id, in `dir` order.
 */
export function keysetAfter(field: string, cursor: Cursor | undefined, dir: 'asc' | 'desc' = 'asc') {
  if (!cursor) return {};
  const op = dir === 'asc' ? '$gt' : '$lt';
  if (field === 'id') return { id: { [op]: cursor.id } };
  return { $or: [{ [field]: { [op]: cursor.v } }, { [field]: cursor.v, id: { [op]: cursor.id } }] };
}
