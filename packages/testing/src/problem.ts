import { expect } from 'vitest';

interface InjectLike {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): unknown;
}

/** Asserts an application/problem+json reply with this status (and code), returning its body. */
export function expectProblem(res: InjectLike, status: number, code?: string) {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  const body = res.json() as { code: string; requestId: string; errors?: { path: string }[] };
  expect(body.requestId).toBeTruthy();
  if (code) expect(body.code).toBe(code);
  return body;
}
