import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, errors, toProblem } from '../src/index.js';

describe('toProblem', () => {
  it('renders an AppError with code and requestId', () => {
    const { problem } = toProblem(errors.notFound('Tenant', 'abc'), 'req-1');
    expect(problem).toMatchObject({ status: 404, code: 'not_found', requestId: 'req-1', title: 'Not found' });
    expect(problem.detail).toContain('abc');
  });

  it('names every failing field of a zod error, and each unknown key', () => {
    const schema = z.strictObject({ name: z.string(), n: z.number() });
    const r = schema.safeParse({ name: 1, n: 'x', tenantId: 'y' });
    const { problem } = toProblem(r.error, 'r');
    expect(problem.status).toBe(400);
    const paths = (problem.errors ?? []).map((e) => e.path).sort();
    expect(paths).toEqual(['n', 'name', 'tenantId']);
  });

  it('maps a unique violation under an ORM wrapper to 409 without the tenant id', () => {
    const pg = {
      code: '23505',
      constraint: 'tenant_code_unique',
      detail: 'Key (tenant_id, code)=(t, 370811) already exists.',
    };
    const wrapped = Object.assign(new Error('insert failed'), { cause: pg });
    const { problem } = toProblem(wrapped, 'r');
    expect(problem.status).toBe(409);
    expect(problem.code).toBe('already_exists');
    expect(problem.detail).toBe('code 370811 already exists');
  });

  it('maps a refused database connection to 503', () => {
    const { problem } = toProblem(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'r');
    expect(problem.status).toBe(503);
  });

  it('hides internals of unexpected errors', () => {
    const { problem, error } = toProblem(new Error('password=hunter2 at db.ts:12'), 'r');
    expect(error).toBeInstanceOf(AppError);
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('hunter2');
  });
});
