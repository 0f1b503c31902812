import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import pg from 'pg';
import { expBackoff, sleep } from './backoff.js';
import { HEADERS } from './headers.js';
import { errorFields, type MessagingLogger, silentLogger } from './logger.js';
import { OUTBOX_CHANNEL } from './schema-sql.js';
import { quoteIdent } from './sql-ident.js';

export interface OutboxRelayOptions {
  /** Either a pool (one of its connections is held for LISTEN) or a connection string. */
  pool?: pg.Pool;
  pgConnectionString?: string;
  /** The service's schema, holding `hf_outbox`. */
  schema: string;
  js: JetStreamClient;
  logger?: MessagingLogger;
  /** Rows published per transaction. */
  batchSize?: number;
  /** Safety-net poll interval; NOTIFY normally wakes the relay long before it. */
  pollMs?: number;
  /** First retry delay after a failure; doubles up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How long one publish may wait for its ack from JetStream. */
  publishTimeoutMs?: number;
  /** Published rows older than this are deleted (checked every minute); 0 keeps them. */
  retentionMs?: number;
}

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  type: string;
  tenant_id: string | null;
  payload: string;
}

const encoder = new TextEncoder();
const HOUSEKEEPING_MS = 60_000;

/**
 * Publishes outbox rows to JetStream in `seq` order.
 *
 * Delivery is at-least-once: a row is marked published only after JetStream acked it, and a
 * republish after a crash is dropped by JetStream's duplicate window because the message id is
 * the event id. Ordering: rows go out one at a time in seq order and a failure stops the batch,
 * so a later row is never published before an earlier one. A transaction-scoped advisory lock
 * makes one relay replica per schema publish at a time (SKIP LOCKED alone would let two replicas
 * publish interleaved batches out of order).
 */
export class OutboxRelay {
  private pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly connectionString: string | undefined;
  private readonly schema: string;
  private readonly table: string;
  private readonly js: JetStreamClient;
  private readonly log: MessagingLogger;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly publishTimeoutMs: number;
  private readonly retentionMs: number;

  private started = false;
  private stopping = false;
  /** Releases the LISTEN connection; null while there is none. */
  private closeListener: (() => void) | null = null;
  private listenerFailures = 0;
  private draining: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private lastError: unknown = null;
  private pendingCount = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private housekeepingTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(opts: OutboxRelayOptions) {
    if (!opts.pool && !opts.pgConnectionString)
      throw new Error('OutboxRelay needs a pool or pgConnectionString');
    this.ownsPool = !opts.pool;
    this.connectionString = opts.pgConnectionString;
    this.pool = opts.pool ?? this.createPool();
    this.schema = opts.schema;
    this.table = `${quoteIdent(opts.schema, 'schema')}.hf_outbox`;
    this.js = opts.js;
    this.log = opts.logger ?? silentLogger;
    this.batchSize = opts.batchSize ?? 200;
    this.pollMs = opts.pollMs ?? 1000;
    this.minBackoffMs = opts.minBackoffMs ?? 100;
    this.maxBackoffMs = opts.maxBackoffMs ?? 10_000;
    this.publishTimeoutMs = opts.publishTimeoutMs ?? 5000;
    this.retentionMs = opts.retentionMs ?? 7 * 24 * 3600_000;
  }

  /** Starts listening and polling. Rejects if Postgres is unreachable at start. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // stop() ended our own pool; a restarted relay needs a fresh one.
    if (this.ownsPool && this.pool.ended) this.pool = this.createPool();
    this.stopping = false;
    try {
      await this.listen();
    } catch (err) {
      this.started = false;
      throw err;
    }
    // unref: the LISTEN socket keeps the process alive while the relay runs; a forgotten timer
    // should not.
    this.pollTimer = setInterval(() => this.wake(), this.pollMs);
    this.pollTimer.unref();
    if (this.retentionMs > 0) {
      this.housekeepingTimer = setInterval(() => {
        this.purgePublished(this.retentionMs).catch((err) =>
          this.log.warn({ ...errorFields(err), schema: this.schema }, 'outbox relay: purge failed'),
        );
      }, HOUSEKEEPING_MS);
      this.housekeepingTimer.unref();
    }
    this.wake();
    this.log.info({ schema: this.schema }, 'outbox relay started');
  }

  private createPool(): pg.Pool {
    // One connection for LISTEN, one for publishing; `flush` and the gauge may briefly add one.
    const pool = new pg.Pool({ connectionString: this.connectionString, max: 3 });
    // An idle client dying (e.g. Postgres restart) must not crash the process; the pool drops it.
    pool.on('error', (err) => this.log.warn({ ...errorFields(err) }, 'outbox relay: idle pg client error'));
    return pool;
  }

  /** Stops waking, lets the batch in flight finish, releases connections. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    for (const t of [this.pollTimer, this.housekeepingTimer, this.retryTimer, this.reconnectTimer]) {
      if (t) clearTimeout(t);
    }
    this.pollTimer = this.housekeepingTimer = this.retryTimer = this.reconnectTimer = null;
    await this.draining?.catch(() => {});
    this.closeListener?.();
    this.closeListener = null;
    if (this.ownsPool) await this.pool.end();
    this.started = false;
    this.log.info({ schema: this.schema }, 'outbox relay stopped');
  }

  /** Asks for a publish pass now (NOTIFY and the poll timer call this). */
  wake(): void {
    // While backing off, the retry timer owns the next attempt; waking earlier would hammer a
    // broker that is down once per committed transaction.
    if (!this.started || this.stopping || this.retryTimer) return;
    void this.kick();
  }

  /** Unpublished rows seen at the end of the last pass: a gauge for metrics. */
  pending(): number {
    return this.pendingCount;
  }

  /** The last publish error, or null once a pass succeeded again. */
  error(): unknown {
    return this.lastError;
  }

  /** Resolves once the outbox holds no unpublished row; for tests and graceful shutdown. */
  async flush(timeoutMs = 10_000): Promise<void> {
    if (!this.started) throw new Error('OutboxRelay.flush() called before start()');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.retryTimer) await this.kick();
      if (!this.lastError && (await this.countPending()) === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `outbox ${this.schema} not flushed within ${timeoutMs} ms (${this.pendingCount} pending)`,
        );
      }
      await sleep(this.lastError ? 100 : 10);
    }
  }

  /** Deletes published rows older than `olderThanMs`, in small batches; returns the count. */
  async purgePublished(olderThanMs: number): Promise<number> {
    let total = 0;
    for (;;) {
      const res = await this.pool.query(
        `delete from ${this.table} where seq in (
           select seq from ${this.table}
           where published_at is not null and published_at < now() - make_interval(secs => $1::double precision)
           order by seq limit 1000)`,
        [olderThanMs / 1000],
      );
      total += res.rowCount ?? 0;
      if ((res.rowCount ?? 0) < 1000) return total;
    }
  }

  // One pass at a time; a wake during a pass makes that pass go round again, so a NOTIFY that
  // arrives just after the SELECT is never lost.
  private kick(): Promise<void> {
    if (!this.started || this.stopping) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = this.drain().finally(() => {
      this.draining = null;
      // A wake that landed after the pass's last look (e.g. during the pending count) would
      // otherwise wait for the next poll.
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        let published: number;
        do {
          published = await this.publishBatch();
        } while (published === this.batchSize && !this.stopping);
      } while (this.again && !this.stopping);
      if (this.failures > 0) this.log.info({ schema: this.schema }, 'outbox relay: publishing again');
      this.failures = 0;
      this.lastError = null;
    } catch (err) {
      this.failures += 1;
      this.lastError = err;
      const delay = expBackoff(this.failures, this.minBackoffMs, this.maxBackoffMs);
      this.log.warn(
        { ...errorFields(err), schema: this.schema, failures: this.failures, retryInMs: delay },
        'outbox relay: publish pass failed, will retry',
      );
      if (!this.stopping && !this.retryTimer) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.wake();
        }, delay);
      }
    }
    await this.countPending().catch(() => {});
  }

  /** Publishes up to batchSize rows in one transaction; returns how many it published. */
  private async publishBatch(): Promise<number> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('begin');
      const lock = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_xact_lock(hashtext($1)) as locked',
        [`hf_outbox:${this.schema}`],
      );
      if (!lock.rows[0].locked) {
        // Another replica is publishing this outbox; it will see these rows too.
        await client.query('rollback');
        return 0;
      }
      const { rows } = await client.query<OutboxRow>(
        `select seq, id, subject, type, tenant_id, payload::text as payload from ${this.table}
         where published_at is null order by seq limit $1 for update skip locked`,
        [this.batchSize],
      );
      const done: string[] = [];
      let failure: unknown = null;
      for (const row of rows) {
        if (this.stopping) break;
        try {
          await this.publish(row);
          done.push(row.seq);
        } catch (err) {
          // Stop at the first failure: publishing later rows now would reorder them.
          failure = err;
          break;
        }
      }
      if (done.length > 0) {
        await client.query(`update ${this.table} set published_at = now() where seq = any($1::bigint[])`, [
          done,
        ]);
      }
      await client.query('commit');
      if (failure) throw failure;
      return done.length;
    } catch (err) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private async publish(row: OutboxRow): Promise<void> {
    const h = natsHeaders();
    h.set(HEADERS.eventType, row.type);
    if (row.tenant_id) h.set(HEADERS.tenantId, row.tenant_id);
    const ack = await this.js.publish(row.subject, encoder.encode(row.payload), {
      msgID: row.id,
      headers: h,
      timeout: this.publishTimeoutMs,
    });
    if (ack.duplicate)
      this.log.debug?.({ id: row.id, seq: ack.seq }, 'outbox relay: duplicate dropped by JetStream');
  }

  private async countPending(): Promise<number> {
    const res = await this.pool.query<{ n: number }>(
      `select count(*)::int as n from ${this.table} where published_at is null`,
    );
    this.pendingCount = res.rows[0].n;
    return this.pendingCount;
  }

  // A dedicated connection for LISTEN; if it drops, polling keeps things moving while it is
  // re-established with backoff.
  private async listen(): Promise<void> {
    const client = await this.pool.connect();
    let released = false;
    const close = () => {
      if (released) return;
      released = true;
      client.release(true);
    };
    const drop = (err?: Error) => {
      if (released) return;
      close();
      if (this.closeListener !== close) return;
      this.closeListener = null;
      if (this.stopping) return;
      this.log.warn(
        { ...errorFields(err ?? new Error('connection ended')), schema: this.schema },
        'outbox relay: LISTEN connection lost',
      );
      this.scheduleListen();
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (msg) => {
      if (msg.channel === OUTBOX_CHANNEL && msg.payload === this.schema) this.wake();
    });
    try {
      await client.query(`listen ${OUTBOX_CHANNEL}`);
    } catch (err) {
      close();
      throw err;
    }
    if (this.stopping) {
      // stop() ran while we were reconnecting.
      close();
      return;
    }
    this.closeListener = close;
    this.listenerFailures = 0;
  }

  private scheduleListen(): void {
    if (this.stopping || this.reconnectTimer) return;
    this.listenerFailures += 1;
    const delay = expBackoff(this.listenerFailures, this.minBackoffMs, this.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopping) return;
      this.listen()
        .then(() => {
          this.log.info({ schema: this.schema }, 'outbox relay: LISTEN connection restored');
          // Anything committed while we were deaf was only seen by the poll; catch up now.
          this.wake();
        })
        .catch((err) => {
          this.log.warn(
            { ...errorFields(err), schema: this.schema },
            'outbox relay: LISTEN reconnect failed',
          );
          this.scheduleListen();
        });
    }, delay);
  }
}
