import { AppError, type FieldIssue } from '@hongfan/errors';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';

export interface CsvColumns {
  /** Field name → accepted header names (English key first, then the Chinese headers users type). */
  [field: string]: string[];
}

export interface ParsedRow<T> {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  value: T;
}

export interface ParseResult<T> {
  rows: ParsedRow<T>[];
  /** Every problem of every row: path `rows.<line>.<field>`. */
  errors: FieldIssue[];
}

/**
 * Parses a CSV file (UTF-8, optional BOM, headers in English or Chinese) and validates every row
 * with `schema`, collecting every error of every row rather than stopping at the first: an import
 * reports the whole file's problems in one go. Empty cells become undefined.
 */
export function parseCsvRows<S extends z.ZodType>(
  text: string,
  columns: CsvColumns,
  schema: S,
): ParseResult<z.output<S>> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch (err) {
    throw new AppError({
      code: 'csv_malformed',
      status: 400,
      title: 'Malformed CSV',
      detail: (err as Error).message,
    });
  }
  if (records.length === 0)
    throw new AppError({
      code: 'csv_empty',
      status: 400,
      title: 'Empty CSV',
      detail: 'The file has no header row',
    });
  const header = records[0].map((h) => h.trim().toLowerCase());
  const index: Record<string, number> = {};
  const missing: string[] = [];
  // A column may be left out of the file when its field is optional in the row schema.
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  for (const [field, names] of Object.entries(columns)) {
    const i = header.findIndex((h) => names.some((n) => n.toLowerCase() === h));
    if (i >= 0) index[field] = i;
    else if (!shape?.[field]?.safeParse(undefined).success) missing.push(`${field} (${names.join(' / ')})`);
  }
  const rows: ParsedRow<z.output<S>>[] = [];
  const errors: FieldIssue[] = [];
  for (let r = 1; r < records.length; r++) {
    const line = r + 1;
    const raw: Record<string, string | undefined> = {};
    for (const [field, i] of Object.entries(index)) {
      const cell = records[r][i];
      raw[field] = cell === undefined || cell === '' ? undefined : cell;
    }
    const parsed = schema.safeParse(raw);
    if (parsed.success) rows.push({ line, value: parsed.data });
    else
      for (const issue of parsed.error.issues)
        errors.push({ path: `rows.${line}.${issue.path.join('.') || 'row'}`, message: issue.message });
  }
  // A missing column is reported once, as a header problem, on top of the rows it breaks.
  if (missing.length)
    errors.unshift(...missing.map((m) => ({ path: 'header', message: `missing column ${m}` })));
  return { rows, errors };
}

/** The 400 an import answers when any row is bad; nothing was written. */
export function importRejected(errors: FieldIssue[], rowCount: number): AppError {
  const badLines = new Set(errors.map((e) => e.path.split('.')[1]).filter((l) => l && /^\d+$/.test(l)));
  return new AppError({
    code: 'import_rejected',
    status: 400,
    title: 'Import rejected',
    detail: `${badLines.size} of ${rowCount} rows have problems; nothing was imported`,
    errors,
    extra: { badRows: badLines.size, totalRows: rowCount },
  });
}
