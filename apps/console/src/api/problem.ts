/** One failing input, as the services report it: `body.admin.username`, `query.limit`, `rows.7.compound`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** An RFC 9457 problem+json answer (or a network failure dressed as one). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors: FieldIssue[];
  readonly requestId?: string;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const detail = typeof body.detail === 'string' ? body.detail : undefined;
    const title = typeof body.title === 'string' ? body.title : `HTTP ${status}`;
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : status === 0 ? 'network' : `http_${status}`;
    this.title = title;
    this.detail = detail;
    this.errors = Array.isArray(body.errors)
      ? (body.errors as unknown[]).filter(
          (e): e is FieldIssue =>
            !!e &&
            typeof (e as FieldIssue).path === 'string' &&
            typeof (e as FieldIssue).message === 'string',
        )
      : [];
    this.requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
    this.body = body;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** `body.admin.username` → `['admin', 'username']`; `body.roles.0` → `['roles', 0]`; others → null. */
export function bodyPathToField(path: string): (string | number)[] | null {
  const parts = path.split('.');
  if (parts[0] !== 'body' || parts.length < 2) return null;
  return parts.slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export interface FormFieldError {
  name: (string | number)[];
  errors: string[];
}

/**
 * Splits a problem's issues into errors for the form's fields and the rest (shown above the form).
 * A path names a field when the field or one of its ancestors is in the form: `body.scope.streets.0`
 * lands on `scope` when the form has a `scope` field but no `scope.streets`.
 */
export function problemToFormErrors(
  issues: FieldIssue[],
  knownFields?: (string | number)[][],
): { fields: FormFieldError[]; other: FieldIssue[] } {
  const byField = new Map<string, FormFieldError>();
  const other: FieldIssue[] = [];
  const key = (n: (string | number)[]) => n.join('\u0000');
  const known = knownFields ? new Set(knownFields.map(key)) : undefined;
  for (const issue of issues) {
    let name = bodyPathToField(issue.path);
    if (name && known) {
      while (name.length > 0 && !known.has(key(name))) name = name.slice(0, -1);
      if (name.length === 0) name = null;
    }
    if (!name) {
      other.push(issue);
      continue;
    }
    const k = key(name);
    const entry = byField.get(k) ?? { name, errors: [] };
    if (!entry.errors.includes(issue.message)) entry.errors.push(issue.message);
    byField.set(k, entry);
  }
  return { fields: [...byField.values()], other };
}

export interface ImportRowProblems {
  /** Problems of the file as a whole (a missing column, a malformed file). */
  file: string[];
  /** 1-based line (the header is line 1) → column (or `row`) → messages. */
  rows: Map<number, Map<string, string[]>>;
}

/** Reads an import's `rows.<line>.<column>` issues. */
export function importProblems(issues: FieldIssue[]): ImportRowProblems {
  const out: ImportRowProblems = { file: [], rows: new Map() };
  for (const issue of issues) {
    const m = /^rows\.(\d+)(?:\.(.+))?$/.exec(issue.path);
    if (!m) {
      out.file.push(
        issue.path && issue.path !== 'header' ? `${issue.path}: ${issue.message}` : issue.message,
      );
      continue;
    }
    const line = Number(m[1]);
    const column = m[2] ?? 'row';
    const cols = out.rows.get(line) ?? new Map<string, string[]>();
    const list = cols.get(column) ?? [];
    list.push(issue.message);
    cols.set(column, list);
    out.rows.set(line, cols);
  }
  return out;
}
