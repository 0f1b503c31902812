import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const children: ChildProcess[] = [];

/** Starts a Node child (its own core, so the load generator does not steal the server's CPU). */
export function startNode(
  name: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): ChildProcess {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The server's own log (warnings and errors at LOG_LEVEL=warn) goes to a file to read after a run.
  child.stdout?.pipe(createWriteStream(`/tmp/hongfan-bench-${name}.log`));
  child.stderr?.on('data', (d) => process.stderr.write(`[${name}] ${d}`));
  child.on('exit', (code) => {
    if (code)
      process.stderr.write(`[${name}] exited with ${code}; its log: /tmp/hongfan-bench-${name}.log\n`);
  });
  children.push(child);
  return child;
}

export async function waitFor(url: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function stopAll(): void {
  for (const c of children) c.kill('SIGTERM');
}
process.on('exit', stopAll);
