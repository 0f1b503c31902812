// Console output of the dev scripts: our own messages, and child logs made readable.
// Pino JSON lines become `12:03:04 identity  INFO  listening …`; anything else is shown as is.

// biome-ignore lint/suspicious/noUndeclaredEnvVars: a dev script, not a turbo task
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);
export const c = {
  dim: paint('2'),
  bold: paint('1'),
  red: paint('31'),
  green: paint('32'),
  yellow: paint('33'),
  blue: paint('34'),
  magenta: paint('35'),
  cyan: paint('36'),
};

const PINO_LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const LEVEL_STYLE = {
  trace: c.dim,
  debug: c.dim,
  info: c.green,
  warn: c.yellow,
  error: c.red,
  fatal: c.red,
};
const NAME_COLORS = [c.cyan, c.magenta, c.blue, c.yellow, c.green];
const nameColor = new Map();
let nameWidth = 10;

/** Makes every prefix as wide as the longest name, so the columns line up. */
export function registerNames(names) {
  for (const n of names) nameWidth = Math.max(nameWidth, n.length);
}

function label(name) {
  if (!nameColor.has(name)) nameColor.set(name, NAME_COLORS[nameColor.size % NAME_COLORS.length]);
  return nameColor.get(name)(name.padEnd(nameWidth));
}

function clock(time) {
  const d = time === undefined ? new Date() : new Date(time);
  return Number.isNaN(d.getTime()) ? '--:--:--' : d.toTimeString().slice(0, 8);
}

/** A message from the scripts themselves. */
export function say(message) {
  console.log(`${c.dim(clock())} ${label('hongfan')} ${message}`);
}

export function warn(message) {
  console.log(`${c.dim(clock())} ${label('hongfan')} ${c.yellow(message)}`);
}

export function fail(message) {
  console.error(`${c.dim(clock())} ${label('hongfan')} ${c.red(message)}`);
}

// Fields every line has, or that the request summary below already shows.
const OMIT = new Set([
  'level',
  'time',
  'msg',
  'pid',
  'hostname',
  'service',
  'v',
  'requestId',
  'reqId',
  'req',
  'res',
  'err',
  'error',
  'method',
  'url',
  'statusCode',
  'ms',
  'responseTime',
]);

function details(entry) {
  const parts = [];
  // Fastify's own lines carry req (incoming) or res + responseTime (completed); ours flat fields.
  const method = entry.method ?? entry.req?.method;
  const url = entry.url ?? entry.req?.url;
  const status = entry.statusCode ?? entry.res?.statusCode;
  const ms = entry.ms ?? entry.responseTime;
  if (method && url) parts.push(`${method} ${url}`);
  if (status !== undefined) parts.push(`→ ${status}`);
  if (ms !== undefined && status !== undefined) parts.push(`${Math.round(ms)}ms`);
  const err = entry.err ?? entry.error;
  if (err && typeof err === 'object')
    parts.push(c.red(`${err.type ?? err.name ?? 'Error'}: ${err.message ?? ''}`));
  let extra = 0;
  for (const [k, v] of Object.entries(entry)) {
    if (OMIT.has(k) || !['string', 'number', 'boolean'].includes(typeof v)) continue;
    if (extra++ === 6) break;
    const text = String(v);
    parts.push(c.dim(`${k}=${text.length > 100 ? `${text.slice(0, 97)}...` : text}`));
  }
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** Formats one line a child wrote. Returns the text to print. */
export function formatChildLine(name, line) {
  let entry;
  if (line.startsWith('{')) {
    try {
      entry = JSON.parse(line);
    } catch {
      entry = undefined;
    }
  }
  if (!entry || typeof entry !== 'object' || (entry.msg === undefined && entry.level === undefined)) {
    return `${c.dim(clock())} ${label(name)} ${line}`;
  }
  const level =
    typeof entry.level === 'number' ? (PINO_LEVELS[entry.level] ?? 'info') : String(entry.level ?? 'info');
  const style = LEVEL_STYLE[level] ?? ((s) => s);
  let text = `${c.dim(clock(entry.time))} ${label(name)} ${style(level.toUpperCase().padEnd(5))} ${entry.msg ?? ''}${details(entry)}`;
  const stack = entry.err?.stack;
  if (stack && (level === 'error' || level === 'fatal')) {
    text += `\n${c.dim(stack.split('\n').slice(1, 8).join('\n'))}`;
  }
  return text;
}
