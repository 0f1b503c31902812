import { AppError, type FieldIssue } from './app-error.js';
import { fromDatabaseError } from './from-database.js';
import { fromZodError } from './from-zod.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, plus our `code` and `requestId` on every body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId: string;
  errors?: FieldIssue[];
  [extra: string]: unknown;
}

/** Normalises anything thrown into an AppError: ours, zod's, Postgres's, Fastify's, or unknown. */
function normalise(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const zod = fromZodError(err);
  if (zod) return zod;
  const db = fromDatabaseError(err);
  if (db) return db;
  const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
  // Fastify's own client errors (bad JSON, wrong content type, body too large) carry statusCode.
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return new AppError({
        code: 'payload_too_large',
        status: 413,
        title: 'Payload too large',
        detail: e.message,
      });
    return new AppError({
      code: (e.code ?? 'bad_request').toLowerCase(),
      status: e.statusCode,
      title: e.statusCode === 404 ? 'Not found' : 'Bad request',
      detail: e.message,
    });
  }
  return new AppError({
    code: 'internal',
    status: 500,
    title: 'Internal error',
    detail: 'Something went wrong',
    cause: err,
  });
}

/**
 * Renders any error as a problem body. 5xx bodies never echo internals (messages, SQL, stacks):
 * the requestId ties the reply to the log line that has them.
 */
export function toProblem(
  err: unknown,
  requestId: string,
  instance?: string,
): { error: AppError; problem: Problem } {
  const error = normalise(err);
  const hide = error.status >= 500 && error.code === 'internal';
  const problem: Problem = {
    type: `https://hongfan.dev/problems/${error.code.replace(/_/g, '-')}`,
    title: error.title,
    status: error.status,
    detail: hide ? 'Something went wrong; quote the requestId when reporting it' : error.detail,
    instance,
    code: error.code,
    requestId,
    ...(error.errors ? { errors: error.errors } : {}),
    ...(error.extra ?? {}),
  };
  return { error, problem };
}
