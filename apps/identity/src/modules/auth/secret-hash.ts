import { createHash, timingSafeEqual } from 'node:crypto';

/** SHA-256 of a high-entropy random secret: enough (no brute force is feasible) and cheap per request. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
