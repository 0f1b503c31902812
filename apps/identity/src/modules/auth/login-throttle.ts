import { AppError } from '@hongfan/errors';

/**
 * Slows password guessing: after `maxFailures` failed logins for one account within `windowMs`, the
 * account refuses logins (429) until the window passes. Kept in memory: identity runs as one
 * instance today; with several, move the counters to a shared store.
 */
export class LoginThrottle {
  private failures = new Map<string, { count: number; first: number }>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Throws 429 when the account is locked. */
  check(key: string, now = Date.now()): void {
    const f = this.failures.get(key);
    if (!f) return;
    if (now - f.first >= this.windowMs) {
      this.failures.delete(key);
      return;
    }
    if (f.count >= this.maxFailures) {
      const retryAfter = Math.ceil((f.first + this.windowMs - now) / 1000);
      throw new AppError({
        code: 'login_throttled',
        status: 429,
        title: 'Too many requests',
        detail: `Too many failed logins for this account; retry in ${retryAfter} s`,
        extra: { retryAfter },
      });
    }
  }

  fail(key: string, now = Date.now()): void {
    const f = this.failures.get(key);
    if (!f || now - f.first >= this.windowMs) this.failures.set(key, { count: 1, first: now });
    else f.count++;
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
