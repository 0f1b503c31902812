/**
 * A short-lived cache of report answers (statistics, coverage). Dashboards ask the same aggregate questions over and
 * over; the totals behind them change only when someone writes. An answer is reused while it is
 * younger than `ttlMs` and no write of its tenant went through this instance since (every
 * successful non-GET request bumps its tenant's version), so a user always reads their own
 * writes here, and another replica's writes show within `ttlMs`. Concurrent misses for the same
 * question share one query. `ttlMs` 0 turns it off.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { at: number; version: number; value: Promise<unknown> }>();
  private readonly versions = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 2000,
  ) {}

  /** A write of this tenant went through: its cached answers are stale. */
  bump(tenantId: string): void {
    this.versions.set(tenantId, (this.versions.get(tenantId) ?? 0) + 1);
  }

  get<T>(tenantId: string, key: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const k = `${tenantId}|${key}`;
    const version = this.versions.get(tenantId) ?? 0;
    const now = Date.now();
    const hit = this.entries.get(k);
    if (hit && hit.version === version && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.entries.delete(k);
    this.entries.set(k, { at: now, version, value });
    value.catch(() => {
      if (this.entries.get(k)?.value === value) this.entries.delete(k);
    });
    // Map order is insertion order: the first entry is the oldest.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
