/*
 * Just enough CSV for previews and downloads: RFC 4180 quoting, CRLF or LF, a leading BOM. Rows
 * are numbered as the services number them: the header is line 1, blank lines are skipped.
 */

export interface CsvTable {
  header: string[];
  /** Data rows with the line number the services use in `rows.<line>.<column>`. */
  rows: { line: number; cells: string[] }[];
}

export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endCell = () => {
    record.push(cell);
    cell = '';
  };
  const endRecord = () => {
    endCell();
    records.push(record);
    record = [];
  };
  while (i < src.length) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n') endRecord();
    else if (ch === '\r') {
      if (src[i + 1] !== '\n') endRecord();
    } else cell += ch;
    i++;
  }
  if (cell !== '' || record.length > 0) endRecord();
  return records;
}

export function toTable(text: string): CsvTable {
  const records = parseCsv(text).filter((r) => r.some((c) => c.trim() !== ''));
  const [header = [], ...data] = records;
  return {
    header: header.map((h) => h.trim()),
    rows: data.map((cells, i) => ({ line: i + 2, cells: cells.map((c) => c.trim()) })),
  };
}

/** Field → index of its column in the header, matching any accepted name (case-insensitive). */
export function matchColumns(
  header: string[],
  columns: Record<string, string[]>,
): {
  index: Record<string, number>;
  missing: string[];
  unknown: number[];
} {
  // Templates carry hints in the header, e.g. 党员类别(正式/预备): match on the name before them.
  const lower = header.map((h) =>
    h
      .replace(/[(（].*[)）]$/, '')
      .trim()
      .toLowerCase(),
  );
  const index: Record<string, number> = {};
  const missing: string[] = [];
  for (const [field, names] of Object.entries(columns)) {
    const accepted = new Set(names.map((n) => n.toLowerCase()));
    const i = lower.findIndex((h) => accepted.has(h));
    if (i >= 0) index[field] = i;
    else missing.push(field);
  }
  const used = new Set(Object.values(index));
  const unknown = header.map((_, i) => i).filter((i) => !used.has(i));
  return { index, missing, unknown };
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** CSV text with a BOM (so Excel reads Chinese), CRLF line ends. */
export function toCsv(rows: (string | number | boolean | null | undefined)[][]): string {
  return `\uFEFF${rows.map((r) => r.map((v) => quote(v === null || v === undefined ? '' : String(v))).join(',')).join('\r\n')}\r\n`;
}

/** Saves text as a file in the browser. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A chosen file's text (UTF-8). FileReader works in every browser the users have. */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file, 'utf-8');
  });
}
