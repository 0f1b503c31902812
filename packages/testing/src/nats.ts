import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export function natsUrl(): string {
  return process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
}

/** A subject prefix unique to this worker and run, e.g. `t4312ab9.`: streams and subjects never collide. */
export function uniquePrefix(): string {
  return `t${process.pid.toString(36)}${Math.random().toString(36).slice(2, 7)}.`;
}

export async function testNats(): Promise<NatsConnection> {
  return connect({ servers: natsUrl(), name: 'hongfan-test' });
}

/** Removes every stream and KV bucket this prefix created (streams are named `<PREFIX>_...`). */
export async function cleanupPrefix(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const stem = prefix.replace(/\.$/, '').replace(/[^A-Za-z0-9]/g, '_');
  for await (const si of jsm.streams.list()) {
    const n = si.config.name;
    if (n.toUpperCase().startsWith(stem.toUpperCase()) || n.startsWith(`KV_${stem}`))
      await jsm.streams.delete(n);
  }
}
