import { stringify } from 'csv-stringify/sync';

/**
 * Renders rows as CSV with a UTF-8 BOM, so Excel (what most users open it with) shows Chinese
 * correctly. `columns` gives each column's header and how to read it from a row.
 */
export function toCsv<T>(rows: T[], columns: { header: string; value: (row: T) => unknown }[]): string {
  const body = stringify([
    columns.map((c) => c.header),
    ...rows.map((r) => columns.map((c) => format(c.value(r)))),
  ]);
  return `\uFEFF${body}`;
}

function format(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}
