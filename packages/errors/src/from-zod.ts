import { AppError, type FieldIssue } from './app-error.js';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
}

/**
 * Turns a zod error (directly, or as wrapped by fastify-type-provider-zod's request validation) into
 * a 400 naming every failing field path. Unknown keys are reported one per key so the client sees
 * exactly which field it may not send (`body.tenantId: unknown field`).
 */
export function fromZodError(err: unknown): AppError | undefined {
  const e = err as {
    name?: string;
    issues?: ZodLikeIssue[];
    validation?: Array<{
      instancePath?: string;
      keyword?: string;
      message?: string;
      params?: { keys?: string[] };
    }>;
    validationContext?: string;
  };
  let issues: FieldIssue[] | undefined;
  if (Array.isArray(e?.validation)) {
    const ctx = e.validationContext ?? 'body';
    // fastify-type-provider-zod flattens each zod issue into {instancePath, keyword: code, params}.
    issues = e.validation.flatMap((v) =>
      expand(
        {
          path: (v.instancePath ?? '').split('/').filter(Boolean),
          code: v.keyword,
          message: v.message ?? 'is invalid',
          keys: v.params?.keys,
        },
        ctx,
      ),
    );
  } else if (e?.name === 'ZodError' && Array.isArray(e.issues)) {
    issues = e.issues.flatMap((i) => expand(i, undefined));
  }
  if (!issues) return undefined;
  return new AppError({
    code: 'validation_failed',
    status: 400,
    title: 'Invalid request',
    detail: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
    errors: issues,
  });
}

function expand(issue: ZodLikeIssue, ctx: string | undefined): FieldIssue[] {
  const base = [ctx, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    return issue.keys.map((k) => ({ path: base ? `${base}.${k}` : k, message: 'unknown field' }));
  }
  return [{ path: base || '(root)', message: issue.message }];
}
