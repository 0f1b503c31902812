import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cleanupPrefix,
  createTestDatabase,
  type TestDatabase,
  testNats,
  uniquePrefix,
} from '@hongfan/testing';

/*
 * The whole system for the browser tests: every built backend service and the gateway (serving
 * this console's dist/), on free ports, against a fresh database and a unique subject prefix.
 * DATABASE_URL and NATS_URL come from the environment (the README's test command sets them).
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONSOLE_ROOT = path.resolve(HERE, '..');
const APPS = path.resolve(CONSOLE_ROOT, '..');
const HOST = '127.0.0.1';
const NOT_SERVICES = new Set(['gateway', 'console']);

export interface RunningSystem {
  /** The gateway's base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  services: string[];
  admin: { username: string; password: string };
  stop(): Promise<void>;
}

interface Proc {
  name: string;
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Backend services: every app with a package.json and a server, identity first (the others need its JWKS). */
export function discoverServices(): string[] {
  const names: string[] = [];
  for (const d of readdirSync(APPS, { withFileTypes: true })) {
    if (!d.isDirectory() || NOT_SERVICES.has(d.name) || d.name.startsWith('.')) continue;
    const dir = path.join(APPS, d.name);
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    // A service folder that has no server yet (being started) is not part of the system.
    if (!existsSync(path.join(dir, 'src', 'server.ts')) && !existsSync(path.join(dir, 'dist', 'server.js')))
      continue;
    names.push(d.name);
  }
  return names.sort((a, b) => (a === 'identity' ? -1 : b === 'identity' ? 1 : a.localeCompare(b)));
}

function startProc(name: string, cwd: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['dist/server.js'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  // The whole log also goes to a file, for reading after a failed browser step.
  const file = createWriteStream(path.join(tmpdir(), `console-e2e-${name}.log`));
  const keep = (chunk: Buffer) => {
    file.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) if (line) log.push(line);
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.once('exit', () => file.end());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, log, exited };
}

async function waitHealthy(proc: Proc, url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let gone = false;
  proc.exited.then(() => {
    gone = true;
  });
  while (Date.now() < until) {
    if (gone) throw new Error(`${proc.name} exited during start-up:\n${proc.log.slice(-30).join('\n')}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${proc.name} did not answer ${url} in time:\n${proc.log.slice(-30).join('\n')}`);
}

async function stopProc(proc: Proc, timeoutMs = 10_000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  await proc.exited;
  clearTimeout(timer);
}

export async function startSystem(
  opts: { label?: string; consoleDir?: string; logLevel?: string } = {},
): Promise<RunningSystem> {
  const services = discoverServices();
  const consoleDir = opts.consoleDir ?? path.join(CONSOLE_ROOT, 'dist');
  for (const name of [...services, 'gateway']) {
    const server = path.join(APPS, name, 'dist', 'server.js');
    if (!existsSync(server)) throw new Error(`${path.relative(APPS, server)} is missing: run pnpm build`);
  }
  if (!existsSync(path.join(consoleDir, 'index.html')))
    throw new Error(`${consoleDir}/index.html is missing: run pnpm --filter @hongfan/console build`);

  const admin = { username: 'e2e-admin', password: `E2e-Admin-${Math.random().toString(36).slice(2, 8)}1` };
  const prefix = uniquePrefix();
  const db: TestDatabase = await createTestDatabase(opts.label ?? 'console_e2e');
  const procs: Proc[] = [];
  const ports: Record<string, number> = {};
  for (const name of [...services, 'gateway']) ports[name] = await freePort();

  const stop = async () => {
    // Callers first: the gateway, the services, identity last (the others use its JWKS).
    for (const p of [...procs].reverse()) await stopProc(p);
    await db.drop().catch(() => {});
    const nc = await testNats().catch(() => undefined);
    if (nc) {
      await cleanupPrefix(nc, prefix).catch(() => {});
      await nc.close();
    }
  };

  try {
    const identityUrl = `http://${HOST}:${ports.identity}`;
    const envFor = (name: string): Record<string, string> => ({
      NODE_ENV: 'test',
      HOST,
      PORT: String(ports[name]),
      DATABASE_URL: db.url,
      NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      SUBJECT_PREFIX: prefix,
      IDENTITY_URL: identityUrl,
      LOG_LEVEL: opts.logLevel ?? 'warn',
      ...(name === 'identity'
        ? { PLATFORM_ADMIN_USERNAME: admin.username, PLATFORM_ADMIN_PASSWORD: admin.password }
        : {}),
    });
    const [first, ...rest] = services;
    const start = async (name: string) => {
      const p = startProc(name, path.join(APPS, name), envFor(name));
      procs.push(p);
      await waitHealthy(p, `http://${HOST}:${ports[name]}/healthz`);
    };
    if (first) await start(first);
    await Promise.all(rest.map(start));

    const gateway = startProc('gateway', path.join(APPS, 'gateway'), {
      HOST,
      GATEWAY_PORT: String(ports.gateway),
      SERVICES: services.map((n) => `${n}=http://${HOST}:${ports[n]}`).join(','),
      CONSOLE_DIR: consoleDir,
      LOG_LEVEL: opts.logLevel ?? 'warn',
    });
    procs.push(gateway);
    await waitHealthy(gateway, `http://${HOST}:${ports.gateway}/healthz`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `http://${HOST}:${ports.gateway}`, services, admin, stop };
}
