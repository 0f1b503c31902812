/*
 * Dates, numbers and money in zh-CN formats whatever the interface language: the users are in
 * China and read figures the Chinese way (¥3,000.00, 2026年11月1日).
 */
const LOCALE = 'zh-CN';
const TZ = 'Asia/Shanghai';

const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });
const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'CNY' });
const dateLong = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: TZ });
const dateTime = new Intl.DateTimeFormat(LOCALE, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: TZ,
});

const empty = '—';

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return empty;
  return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

/** `ratio` is 0..1 (0.985 → 98.5%). */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return empty;
  return percent.format(ratio);
}

export function formatMoney(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined || Number.isNaN(yuan)) return empty;
  return money.format(yuan);
}

function toDate(v: string | Date): Date | null {
  if (v instanceof Date) return v;
  // A plain calendar date (2026-11-01) is a day, not an instant: read it at noon in China.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T12:00:00+08:00`) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(v: string | Date | null | undefined): string {
  if (!v) return empty;
  const d = toDate(v);
  return d ? dateLong.format(d) : empty;
}

export function formatDateTime(v: string | Date | null | undefined): string {
  if (!v) return empty;
  const d = toDate(v);
  return d ? dateTime.format(d) : empty;
}
