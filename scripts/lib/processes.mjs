// Child processes the dev scripts start and must stop again.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const STOP_TIMEOUT_MS = 10_000;

/**
 * A child in its own process group (`detached`), so a Ctrl-C in the terminal reaches only the
 * script, which then stops the children in order (gateway, services, identity, NATS, Postgres)
 * instead of all of them dying at once mid-request.
 */
export class Managed {
  constructor({ name, command, args = [], cwd, env, uid, gid, stopSignal = 'SIGTERM', onLine }) {
    Object.assign(this, { name, command, args, cwd, env, uid, gid, stopSignal });
    this.onLine = onLine ?? (() => {});
    this.stopping = false;
    this.child = undefined;
    this.exited = undefined;
  }

  start() {
    const child = spawn(this.command, this.args, {
      cwd: this.cwd,
      env: this.env,
      uid: this.uid,
      gid: this.gid,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
        if (line.trim()) this.onLine(line);
      });
    }
    return this;
  }

  get running() {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** The stop signal, up to 10 s to exit, then SIGKILL to the whole group. */
  async stop(timeoutMs = STOP_TIMEOUT_MS) {
    this.stopping = true;
    if (!this.child || !this.running) return this.exited;
    signal(this.child.pid, this.stopSignal);
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      signal(-this.child.pid, 'SIGKILL');
      signal(this.child.pid, 'SIGKILL');
      return { ...(await this.exited), killed: true };
    }
    return result;
  }
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Runs a command with the terminal attached; resolves with its exit code. */
export function run(command, args, { cwd, env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    run.current = child;
    child.once('error', () => resolve(127));
    child.once('exit', (code, sig) => {
      run.current = undefined;
      resolve(code ?? (sig ? 128 : 1));
    });
  });
}
