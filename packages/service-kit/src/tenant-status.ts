import type { Logger } from '@hongfan/logger';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';

/** Answers "is this tenant suspended?" on every request, so it must be an in-memory lookup. */
export interface TenantStatus {
  isSuspended(tenantId: string): boolean;
  close(): Promise<void>;
}

/** The KV bucket identity writes tenant statuses to (`<tenantId>` → `active` | `suspended`). */
export function tenantStatusBucket(prefix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}hf_tenant_status`;
}

/**
 * Mirrors the tenant-status KV bucket in memory. A suspension written by identity reaches every
 * service within milliseconds, and the watcher resumes by itself after a NATS restart.
 */
export async function watchTenantStatus(
  nc: NatsConnection,
  prefix: string,
  logger: Logger,
): Promise<TenantStatus> {
  const suspended = new Set<string>();
  const kv = await new Kvm(nc).create(tenantStatusBucket(prefix), { history: 1 });
  const watcher = await kv.watch({ key: '>' });
  let initial!: () => void;
  const ready = new Promise<void>((r) => {
    initial = r;
  });
  // An empty bucket has nothing to replay: don't wait for a first entry that never comes.
  const status = await kv.status();
  if (status.values === 0) initial();
  (async () => {
    for await (const e of watcher) {
      if (e.operation === 'PUT' && e.string() === 'suspended') suspended.add(e.key);
      else suspended.delete(e.key);
      if (e.delta === 0) initial();
    }
  })().catch((err) => logger.error({ err }, 'tenant status watcher stopped'));
  await Promise.race([ready, new Promise((r) => setTimeout(r, 2000))]);
  return {
    isSuspended: (id) => suspended.has(id),
    close: async () => {
      watcher.stop();
    },
  };
}

/** Writes one tenant's status; identity calls this when a tenant is created, suspended or reactivated. */
export async function putTenantStatus(nc: NatsConnection, prefix: string, tenantId: string, status: string) {
  const kv = await new Kvm(nc).create(tenantStatusBucket(prefix), { history: 1 });
  await kv.put(tenantId, status);
}
