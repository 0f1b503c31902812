/** One invalid input field: a dotted path into the request (`body.settings.gridStaff.min`) and why. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  code: string;
  status: number;
  title: string;
  detail?: string;
  errors?: FieldIssue[];
  /** Extra members rendered into the problem body (e.g. `retryAfter`). */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type services throw on purpose. It carries everything needed to render an
 * RFC 9457 problem: a stable machine `code`, the HTTP `status`, a human `title` and `detail`.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly errors?: FieldIssue[];
  readonly extra?: Record<string, unknown>;

  constructor(opts: AppErrorOptions) {
    super(opts.detail ?? opts.title, { cause: opts.cause });
    this.name = 'AppError';
    this.code = opts.code;
    this.status = opts.status;
    this.title = opts.title;
    this.detail = opts.detail;
    this.errors = opts.errors;
    this.extra = opts.extra;
  }
}

/** Factories for the errors every service uses; services add their own codes for business rules. */
export const errors = {
  validation: (fieldErrors: FieldIssue[], detail?: string) =>
    new AppError({
      code: 'validation_failed',
      status: 400,
      title: 'Invalid request',
      detail: detail ?? fieldErrors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors: fieldErrors,
    }),
  badRequest: (detail: string, code = 'bad_request') =>
    new AppError({ code, status: 400, title: 'Bad request', detail }),
  unauthorized: (detail = 'A valid bearer token is required', code = 'unauthorized') =>
    new AppError({ code, status: 401, title: 'Unauthorized', detail }),
  forbidden: (detail = 'You may not do this', code = 'forbidden') =>
    new AppError({ code, status: 403, title: 'Forbidden', detail }),
  notFound: (what: string, id?: string) =>
    new AppError({
      code: 'not_found',
      status: 404,
      title: 'Not found',
      detail: id ? `${what} ${id} was not found` : `${what} was not found`,
    }),
  conflict: (detail: string, code = 'conflict', extra?: Record<string, unknown>) =>
    new AppError({ code, status: 409, title: 'Conflict', detail, extra }),
  payloadTooLarge: (limit: number) =>
    new AppError({
      code: 'payload_too_large',
      status: 413,
      title: 'Payload too large',
      detail: `The body exceeds ${limit} bytes`,
    }),
  unprocessable: (code: string, detail: string, extra?: Record<string, unknown>) =>
    new AppError({ code, status: 422, title: 'Business rule violated', detail, extra }),
  tooManyRequests: (retryAfterSeconds: number) =>
    new AppError({
      code: 'rate_limited',
      status: 429,
      title: 'Too many requests',
      detail: `Retry in ${retryAfterSeconds} s`,
      extra: { retryAfter: retryAfterSeconds },
    }),
  unavailable: (what: string) =>
    new AppError({
      code: 'service_unavailable',
      status: 503,
      title: 'Service unavailable',
      detail: `${what} is unavailable; retry shortly`,
    }),
  internal: (cause?: unknown) =>
    new AppError({
      code: 'internal',
      status: 500,
      title: 'Internal error',
      detail: 'Something went wrong',
      cause,
    }),
};
