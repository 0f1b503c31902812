/**
 * Tokens this process has already verified, by their exact text, until they expire. A client
 * sends the same token on every request for up to 15 minutes; answering it from here skips
 * @fastify/jwt's per-request decode, key lookup and option merging, which cost more than the rest
 * of authentication. Only fully verified tokens get in (see authenticate.ts), and each answer
 * re-checks the expiry, so nothing is accepted that verification would refuse — except a token
 * of a key identity has since withdrawn, which stays accepted until it expires, as it would in
 * any verifier that caches keys.
 */
export class VerifiedTokens<T> {
  private readonly entries = new Map<string, { value: T; expiresAtMs: number }>();

  constructor(private readonly max = 10_000) {}

  get(token: string, nowMs = Date.now()): T | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (nowMs >= hit.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return hit.value;
  }

  /** `exp` is the token's claim, in seconds since the epoch. */
  set(token: string, value: T, exp: number): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { value, expiresAtMs: exp * 1000 });
  }

  get size(): number {
    return this.entries.size;
  }
}
