import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { csvBool, csvInt, importRejected, parseCsvRows, toCsv } from '../src/index.js';

const columns = { name: ['name', '姓名'], age: ['age', '年龄'], owner: ['owner', '是否业主'] };
const schema = z.object({ name: z.string().min(1), age: csvInt().min(0), owner: csvBool().optional() });

describe('parseCsvRows', () => {
  it('reads Chinese headers and a BOM, and reports every bad row with its line', () => {
    const text = '\uFEFF姓名,年龄,是否业主\n张三,30,是\n,abc,\n李四,-1,也许\n王五,40,否\n';
    const { rows, errors } = parseCsvRows(text, columns, schema);
    expect(rows.map((r) => [r.line, r.value])).toEqual([
      [2, { name: '张三', age: 30, owner: true }],
      [5, { name: '王五', age: 40, owner: false }],
    ]);
    expect(errors.map((e) => e.path)).toEqual(['rows.3.name', 'rows.3.age', 'rows.4.age', 'rows.4.owner']);
    const problem = importRejected(errors, 4);
    expect(problem.status).toBe(400);
    expect(problem.detail).toBe('2 of 4 rows have problems; nothing was imported');
  });

  it('names a missing column', () => {
    const { errors } = parseCsvRows('name\nx\n', columns, schema);
    expect(errors[0]).toEqual({ path: 'header', message: 'missing column age (age / 年龄)' });
  });

  it('lets optional columns be left out of the file', () => {
    const { rows, errors } = parseCsvRows('name,age\n张三,30\n', columns, schema);
    expect(errors).toEqual([]);
    expect(rows[0].value).toEqual({ name: '张三', age: 30 });
  });

  it('refuses a malformed file', () => {
    expect(() => parseCsvRows('name,age\n"unterminated,1\n', columns, schema)).toThrow(
      /Malformed|Quote|quote/,
    );
  });
});

describe('toCsv', () => {
  it('writes a BOM, headers and escaped cells', () => {
    const csv = toCsv(
      [{ n: '张,三', b: true }],
      [
        { header: '姓名', value: (r) => r.n },
        { header: '是否业主', value: (r) => r.b },
      ],
    );
    expect(csv).toBe('\uFEFF姓名,是否业主\n"张,三",是\n');
  });
});
