/** Dates as the users live them: China Standard Time (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 3600_000;

/** The calendar day (YYYY-MM-DD) of an instant in China. */
export function chinaDate(d: Date = new Date()): string {
  return new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China calendar day starts. */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** A quarter: its first and last day, and the instants it starts and ends (exclusive). */
export function quarterBounds(year: number, quarter: number) {
  const m = (quarter - 1) * 3 + 1;
  const from = `${year}-${String(m).padStart(2, '0')}-01`;
  const next = quarter === 4 ? `${year + 1}-01-01` : `${year}-${String(m + 3).padStart(2, '0')}-01`;
  const end = chinaDayStart(next);
  const to = chinaDate(new Date(end.getTime() - 1));
  return { from, to, start: chinaDayStart(from), end };
}

/** The current quarter in China. */
export function currentQuarter(now = new Date()): { year: number; quarter: number } {
  const [y, m] = chinaDate(now).split('-').map(Number);
  return { year: y, quarter: Math.floor((m - 1) / 3) + 1 };
}
