import { describe, expect, it } from 'vitest';
import { matchColumns, parseCsv, toCsv, toTable } from './csv';

describe('csv', () => {
  it('parses quotes, escaped quotes, commas and newlines inside cells, CRLF and a BOM', () => {
    const text = '\uFEFF姓名,地址\r\n"张红","古槐路 12 号, 2 单元"\r\n"李""军""","一行\n两行"\r\n';
    expect(parseCsv(text)).toEqual([
      ['姓名', '地址'],
      ['张红', '古槐路 12 号, 2 单元'],
      ['李"军"', '一行\n两行'],
    ]);
  });

  it('numbers rows as the services do: header is line 1, blank lines skipped', () => {
    const t = toTable('街道,小区\n\n古槐街道,幸福里\n\n济阳街道,济阳花园\n');
    expect(t.header).toEqual(['街道', '小区']);
    expect(t.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(t.rows[1].cells).toEqual(['济阳街道', '济阳花园']);
  });

  it('matches Chinese or English headers, ignoring hints in brackets, and lists missing and unknown ones', () => {
    const m = matchColumns(['姓名', 'PHONE', '党员类别(正式/预备)', '备注'], {
      name: ['name', '姓名'],
      phone: ['phone', '手机号'],
      status: ['status', '党员类别'],
      joinedOn: ['joined_on', '入党日期'],
    });
    expect(m.index).toEqual({ name: 0, phone: 1, status: 2 });
    expect(m.missing).toEqual(['joinedOn']);
    expect(m.unknown).toEqual([3]);
  });

  it('writes CSV with a BOM for Excel and quotes what needs quoting', () => {
    expect(
      toCsv([
        ['a', 'b,c'],
        ['say "hi"', null],
      ]),
    ).toBe('\uFEFFa,"b,c"\r\n"say ""hi""",\r\n');
  });
});
