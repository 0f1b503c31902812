import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { startSystem } from './system.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The tests drive the built console: build it first when the sources are newer than the build. */
function ensureBuilt() {
  const index = path.join(ROOT, 'dist', 'index.html');
  const sources = Math.max(newest(path.join(ROOT, 'src')), statSync(path.join(ROOT, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const vite = path.join(ROOT, 'node_modules', '.bin', 'vite');
  const r = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('vite build failed');
}

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
    platformAdmin: { username: string; password: string };
    services: string[];
  }
}

/** Starts the services and the gateway (serving this console's build) once for the browser tests. */
export default async function setup(project: TestProject) {
  ensureBuilt();
  // info: one line per request in $TMPDIR/console-e2e-<service>.log, to read after a failed step.
  const system = await startSystem({ label: 'console_e2e', logLevel: 'info' });
  project.provide('gatewayUrl', system.url);
  project.provide('platformAdmin', system.admin);
  project.provide('services', system.services);
  return async () => {
    await system.stop();
  };
}
