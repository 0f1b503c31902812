import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseSerializerCompiler } from '../src/response-serializer.js';

const compile = (schema: z.ZodType) =>
  (responseSerializerCompiler as unknown as (r: object) => (data: unknown) => string)({
    schema,
    method: 'GET',
    url: '/t',
  });

const view = z.object({
  id: z.string(),
  name: z.string().nullable(),
  count: z.number().int(),
  note: z.string().optional(),
  tags: z.array(z.object({ key: z.string() })),
  scope: z.record(z.string(), z.array(z.string())),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  kind: z.union([z.literal('a'), z.literal('b')]),
});

describe('responseSerializerCompiler', () => {
  it('writes what zod would: declared fields only, at every depth', () => {
    const data = {
      id: 'x',
      name: '名称',
      count: 3,
      tags: [{ key: 'k', secret: 1 }],
      scope: { streets: ['s1'] },
      owner: { id: 'o', name: 'n', passwordHash: 'never' },
      kind: 'b',
      passwordHash: 'never',
    };
    const out = compile(view)(data);
    expect(out).not.toContain('never');
    expect(out).not.toContain('secret');
    expect(JSON.parse(out)).toEqual(z.encode(view, data as never));
  });

  it('writes nulls and leaves out what is undefined', () => {
    const out = compile(view)({ id: 'x', name: null, count: 0, tags: [], scope: {}, owner: null, kind: 'a' });
    expect(JSON.parse(out)).toEqual({
      id: 'x',
      name: null,
      count: 0,
      tags: [],
      scope: {},
      owner: null,
      kind: 'a',
    });
  });

  it('keeps zod for a schema JSON Schema cannot express', () => {
    const at = new Date('2026-11-27T00:00:00Z');
    expect(JSON.parse(compile(z.object({ at: z.date() }))({ at, extra: 1 }))).toEqual({
      at: at.toISOString(),
    });
  });
});
