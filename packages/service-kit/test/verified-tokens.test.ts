import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from '../src/auth/verified-tokens.js';

describe('VerifiedTokens', () => {
  it('answers a token until its exp, then forgets it', () => {
    const v = new VerifiedTokens<string>();
    v.set('t', 'ctx', 1_000);
    expect(v.get('t', 999_999)).toBe('ctx');
    expect(v.get('t', 1_000_000)).toBeUndefined();
    expect(v.size).toBe(0);
  });

  it('holds at most `max` tokens, dropping the oldest', () => {
    const v = new VerifiedTokens<number>(2);
    v.set('a', 1, 9e9);
    v.set('b', 2, 9e9);
    v.set('c', 3, 9e9);
    expect([v.get('a'), v.get('b'), v.get('c')]).toEqual([undefined, 2, 3]);
    expect(v.size).toBe(2);
  });
});
