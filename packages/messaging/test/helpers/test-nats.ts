import { randomBytes } from 'node:crypto';
import type { JetStreamManager, StoredMsg } from '@nats-io/jetstream';

export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A subject prefix no other test run shares, e.g. `t1a2b3c.`. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}.`;
}

/** Deletes every stream whose name starts with the prefix's stream form (T1A2B3C_…). */
export async function deleteStreams(jsm: JetStreamManager, prefix: string): Promise<void> {
  const head = prefix.replace(/\./g, '_').toUpperCase();
  const names: string[] = [];
  for await (const name of jsm.streams.names()) if (name.startsWith(head)) names.push(name);
  await Promise.all(names.map((n) => jsm.streams.delete(n)));
}

/** All messages currently stored in a stream, in stream order. */
export async function readStream(jsm: JetStreamManager, stream: string): Promise<StoredMsg[]> {
  const { state } = await jsm.streams.info(stream);
  const out: StoredMsg[] = [];
  if (state.messages === 0) return out;
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m) out.push(m);
  }
  return out;
}

export async function waitFor<T>(
  probe: () => Promise<T> | T,
  accept: (v: T) => boolean,
  timeoutMs = 5000,
  label = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${label}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Silent unless HF_TEST_LOG is set, then prints what the library logs (for debugging flakes). */
export function testLogger(tag: string) {
  const on = !!process.env.HF_TEST_LOG;
  const out = (level: string) => (obj: object, msg?: string) => {
    if (on) console.log(`[${tag}] ${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  };
  return { info: out('info'), warn: out('warn'), error: out('error'), debug: out('debug') };
}
