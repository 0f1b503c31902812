import { z } from 'zod';

/** Path parameter `{id}` as a uuid: a bad uuid is a 400 naming `params.id`, never a database error. */
export const idParams = z.strictObject({ id: z.uuid() });

/** RFC 9457 body as documented in OpenAPI; loose so extension members pass through. */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** The error statuses a typical authenticated route can answer with. */
export function withProblems<R extends Record<number, z.ZodType>>(ok: R) {
  return {
    ...ok,
    400: problemSchema,
    401: problemSchema,
    403: problemSchema,
    404: problemSchema,
    409: problemSchema,
    422: problemSchema,
    429: problemSchema,
  };
}

/** Cursor pagination query shared by every list: at most 100 a page. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Query-string booleans (`?active=true`). */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
