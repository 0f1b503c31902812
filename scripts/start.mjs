#!/usr/bin/env node
// Starts the whole system for development: PostgreSQL and NATS (found or started), every
// service in apps/ (identity first: the others fetch its JWKS), then the gateway on 8080.
// Run after `pnpm build` (./hongfan up does both). Ctrl-C stops everything, in order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR, ROOT, resolveNats, resolvePostgres, tcpAnswers, waitFor } from './lib/infra.mjs';
import { c, fail, formatChildLine, registerNames, say, warn } from './lib/log.mjs';
import { Managed, STOP_TIMEOUT_MS } from './lib/processes.mjs';

const NOT_SERVICES = new Set(['gateway', 'console']);
const FIRST_FREE_PORT = 4120;
const HOST = '127.0.0.1';
const DEFAULT_ADMIN = { username: 'admin', password: 'Hongfan-Admin-2026!' };
const HEALTH_TIMEOUT_MS = 120_000;
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a dev script, not a turbo task
const LOG_LEVEL = process.env.LOG_LEVEL || 'info';

// Every process we start is recorded the moment it is spawned, so any stop finds it.
const state = { shuttingDown: false, infra: [], apps: [] };

/**
 * Every package in apps/ except gateway and console is a backend service; identity first. A folder
 * without package.json (e.g. node_modules left by an install) is not a service.
 */
function discoverServices() {
  const appsDir = path.join(ROOT, 'apps');
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_SERVICES.has(d.name) && !d.name.startsWith('.'))
    .filter((d) => existsSync(path.join(appsDir, d.name, 'package.json')))
    .map((d) => d.name)
    .sort((a, b) => (a === 'identity' ? -1 : b === 'identity' ? 1 : a.localeCompare(b)));
}

/**
 * Ports from infra/services.json; `<NAME>_PORT` in the environment wins (e.g. IDENTITY_PORT,
 * GATEWAY_PORT); a service the file does not list gets the next free port from 4120 up.
 */
function assignPorts(names) {
  const fixed = JSON.parse(readFileSync(path.join(ROOT, 'infra', 'services.json'), 'utf8'));
  const envPort = (name) => {
    const raw = process.env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`];
    if (raw === undefined || raw === '') return undefined;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new Error(`${name.toUpperCase()}_PORT is not a port: ${raw}`);
    return port;
  };
  const ports = {};
  for (const name of [...names, 'gateway']) {
    const port = envPort(name) ?? fixed[name];
    if (port !== undefined) ports[name] = port;
  }
  const taken = new Set([...Object.values(fixed), ...Object.values(ports)]);
  let next = FIRST_FREE_PORT;
  for (const name of names) {
    if (ports[name] !== undefined) continue;
    while (taken.has(next)) next++;
    ports[name] = next;
    taken.add(next);
  }
  return ports;
}

function childLogger(name) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a dev script, not a turbo task
  const raw = process.env.LOG_FORMAT === 'json';
  return (line) => console.log(raw ? `${name} ${line}` : formatChildLine(name, line));
}

async function healthy(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * The node arguments of an app's own `start` script (`node [flags] dist/server.js`), so that flags
 * an app needs — dual-reporting's heap limit — apply here too, with one place to change them.
 */
function serverArgs(dir) {
  const start = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts?.start ?? '';
  const m = /^node\s+((?:--?[\w-]+(?:=\S+)?\s+)*)dist\/server\.js\s*$/.exec(start);
  return [...(m ? m[1].trim().split(/\s+/).filter(Boolean) : []), 'dist/server.js'];
}

/** Starts one app (`node dist/server.js` in its folder) and waits until its /healthz answers. */
async function startApp({ name, dir, port, env, healthUrl }) {
  if (await tcpAnswers(HOST, port)) {
    throw new Error(`port ${port} for ${name} is already in use (is Hongfan already running?)`);
  }
  // Stopping began while we looked at the port: start nothing more.
  if (state.shuttingDown) return undefined;
  const app = new Managed({
    name,
    command: process.execPath,
    args: serverArgs(dir),
    cwd: dir,
    env: { ...process.env, ...env },
    onLine: childLogger(name),
  }).start();
  state.apps.push(app);
  watchForUnexpectedExit(app);
  const ok = await waitFor(() => healthy(healthUrl), {
    timeoutMs: HEALTH_TIMEOUT_MS,
    intervalMs: 250,
    process: app,
  });
  if (state.shuttingDown) return app;
  if (!ok) {
    throw new Error(
      app.running
        ? `${name} did not answer ${healthUrl} within ${HEALTH_TIMEOUT_MS / 1000} s`
        : `${name} exited during start-up (see its log above)`,
    );
  }
  say(`${c.bold(name)} is up on ${HOST}:${port}`);
  return app;
}

function watchForUnexpectedExit(proc) {
  proc.exited.then(({ code, signal, error }) => {
    if (proc.stopping || state.shuttingDown) return;
    const how = error
      ? `could not start: ${error.message}`
      : signal
        ? `was killed by ${signal}`
        : `exited with code ${code}`;
    fail(`${proc.name} ${how}; stopping everything`);
    shutdown(1);
  });
}

async function shutdown(code) {
  if (state.shuttingDown) return;
  state.shuttingDown = true;
  say(`stopping (each gets ${STOP_TIMEOUT_MS / 1000} s before SIGKILL)…`);
  const stopAll = (procs) =>
    Promise.all(
      procs.map(async (p) => {
        const result = await p.stop();
        if (result?.killed) warn(`${p.name} did not stop in time and was killed`);
      }),
    );
  // Callers first, then what they call: the gateway, the services, identity (their JWKS), and
  // last the NATS and PostgreSQL they were using.
  await stopAll(state.apps.filter((p) => p.name === 'gateway'));
  await stopAll(state.apps.filter((p) => p.name !== 'gateway' && p.name !== 'identity'));
  await stopAll(state.apps.filter((p) => p.name === 'identity'));
  await stopAll([...state.infra].reverse());
  say(code === 0 ? 'stopped' : `stopped (exit ${code})`);
  process.exit(code);
}

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    signals++;
    if (signals > 1) {
      warn('already stopping; waiting for the children to exit');
      return;
    }
    console.log();
    shutdown(0);
  });
}

async function main() {
  const names = discoverServices();
  registerNames([...names, 'gateway', 'postgres', 'nats']);
  const ports = assignPorts(names);
  const admin = {
    username: process.env.PLATFORM_ADMIN_USERNAME || DEFAULT_ADMIN.username,
    password: process.env.PLATFORM_ADMIN_PASSWORD || DEFAULT_ADMIN.password,
  };
  if (names.length === 0) warn('apps/ has no backend service yet; starting only the gateway');
  // Fail before starting anything if an app was not built.
  for (const name of [...names, 'gateway']) {
    const server = path.join(ROOT, 'apps', name, 'dist', 'server.js');
    if (!existsSync(server)) {
      throw new Error(
        `${path.relative(ROOT, server)} is missing: run pnpm build (or ./hongfan up, which does)`,
      );
    }
  }

  for (const name of [...names, 'gateway']) {
    const port = ports[name] ?? 8080;
    if (await tcpAnswers(HOST, port)) {
      throw new Error(`port ${port} for ${name} is already in use (is Hongfan already running?)`);
    }
  }

  const track = (p) => {
    state.infra.push(p);
    watchForUnexpectedExit(p);
  };
  const pg = await resolvePostgres({ database: 'hongfan', track });
  say(`PostgreSQL: ${pg.url} (${pg.description})`);
  if (state.shuttingDown) return;
  const nats = await resolveNats({ track });
  say(`NATS: ${nats.url} (${nats.description})`);
  if (state.shuttingDown) return;

  const identityUrl = `http://${HOST}:${ports.identity ?? 4101}`;
  const envFor = (name) => ({
    HOST,
    PORT: String(ports[name]),
    DATABASE_URL: pg.url,
    NATS_URL: nats.url,
    IDENTITY_URL: identityUrl,
    LOG_LEVEL,
    ...(name === 'identity'
      ? { PLATFORM_ADMIN_USERNAME: admin.username, PLATFORM_ADMIN_PASSWORD: admin.password }
      : {}),
  });
  const spec = (name) => ({
    name,
    dir: path.join(ROOT, 'apps', name),
    port: ports[name],
    env: envFor(name),
    healthUrl: `http://${HOST}:${ports[name]}/healthz`,
  });

  // Identity alone first; the rest need its JWKS and may start together.
  const [first, ...rest] = names;
  if (first === 'identity') {
    await startApp(spec(first));
    if (state.shuttingDown) return;
  }
  const others = first === 'identity' ? rest : names;
  // Wait for all of them even if one fails, so the error names the first one that did.
  const started = await Promise.allSettled(others.map((name) => startApp(spec(name))));
  if (state.shuttingDown) return;
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;

  const gatewayPort = ports.gateway ?? 8080;
  const consoleDir = path.join(ROOT, 'apps', 'console', 'dist');
  const hasConsole = existsSync(path.join(consoleDir, 'index.html'));
  await startApp({
    name: 'gateway',
    dir: path.join(ROOT, 'apps', 'gateway'),
    port: gatewayPort,
    env: {
      HOST,
      GATEWAY_PORT: String(gatewayPort),
      SERVICES: names.map((n) => `${n}=http://${HOST}:${ports[n]}`).join(','),
      LOG_LEVEL,
      ...(hasConsole ? { CONSOLE_DIR: consoleDir } : {}),
    },
    healthUrl: `http://${HOST}:${gatewayPort}/healthz`,
  });
  if (state.shuttingDown) return;

  const gw = `http://${HOST}:${gatewayPort}`;
  const width = Math.max(12, ...names.map((n) => n.length + 2));
  const row = (k, v) => `   ${k.padEnd(width)} ${v}`;
  console.log(
    [
      '',
      c.bold(' 紅帆 Hongfan is up'),
      row('Console', `${gw}/${hasConsole ? '' : c.dim(' (not built yet: a placeholder page)')}`),
      row('API docs', `${gw}/docs`),
      ...names.map((n) =>
        row(n, `${gw}/api/${n}  ${c.dim(`(docs ${gw}/api/${n}/docs, direct http://${HOST}:${ports[n]})`)}`),
      ),
      row('PostgreSQL', `${pg.url} ${c.dim(`(${pg.description})`)}`),
      row('NATS', `${nats.url} ${c.dim(`(${nats.description})`)}`),
      row('Data', c.dim(path.relative(ROOT, DATA_DIR) || '.data')),
      '',
      ` Platform admin: ${c.bold(`${admin.username} / ${admin.password}`)} (POST /api/identity/v1/auth/token {grant_type:'password', username, password})`,
      ' Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err) => {
  if (state.shuttingDown) return;
  fail(err?.message ?? String(err));
  shutdown(1);
});
