import { AppError } from './app-error.js';

/** Postgres error codes we translate; everything else is a 500. */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const CHECK_VIOLATION = '23514';
const SERIALIZATION_FAILURE = '40001';
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

/** Finds the pg error under MikroORM's wrappers (it keeps the driver error as `cause` or spreads its fields). */
function pgFields(
  err: unknown,
): { code?: string; constraint?: string; detail?: string; name?: string } | undefined {
  let cur = err as Record<string, unknown> | undefined;
  for (let depth = 0; cur && depth < 4; depth++) {
    if (typeof cur.code === 'string') return cur as never;
    cur = cur.cause as Record<string, unknown> | undefined;
  }
  return undefined;
}

export function fromDatabaseError(err: unknown): AppError | undefined {
  const name = (err as { name?: string })?.name;
  if (name === 'OptimisticLockError')
    return new AppError({
      code: 'version_conflict',
      status: 409,
      title: 'Conflict',
      detail: 'The record was changed by someone else; reload and retry',
    });
  const f = pgFields(err);
  if (!f?.code) return undefined;
  if (f.code === UNIQUE_VIOLATION)
    return new AppError({
      code: 'already_exists',
      status: 409,
      title: 'Conflict',
      detail: describeUnique(f.detail) ?? 'A record with the same unique value already exists',
      extra: f.constraint ? { constraint: f.constraint } : undefined,
    });
  if (f.code === FOREIGN_KEY_VIOLATION)
    return new AppError({
      code: 'reference_invalid',
      status: 422,
      title: 'Business rule violated',
      detail: 'A referenced record does not exist or is still referenced',
      extra: f.constraint ? { constraint: f.constraint } : undefined,
    });
  if (f.code === CHECK_VIOLATION)
    return new AppError({
      code: 'constraint_failed',
      status: 422,
      title: 'Business rule violated',
      detail: f.constraint,
    });
  if (f.code === SERIALIZATION_FAILURE)
    return new AppError({
      code: 'retry',
      status: 409,
      title: 'Conflict',
      detail: 'Concurrent update; retry',
    });
  if (CONNECTION_CODES.has(f.code))
    return new AppError({
      code: 'service_unavailable',
      status: 503,
      title: 'Service unavailable',
      detail: 'The database is unavailable; retry shortly',
    });
  return undefined;
}

/** `Key (tenant_id, code)=(…, 370811) already exists.` → `code 370811 already exists` (tenant ids are noise). */
function describeUnique(detail?: string): string | undefined {
  const m = detail?.match(/^Key \((.+)\)=\((.+)\) already exists\.?$/);
  if (!m) return undefined;
  const cols = m[1].split(', ');
  const vals = m[2].split(', ');
  const pairs = cols.map((c, i) => [c, vals[i]]).filter(([c]) => c !== 'tenant_id');
  return `${pairs.map(([c, v]) => `${c} ${v}`).join(', ')} already exists`;
}
