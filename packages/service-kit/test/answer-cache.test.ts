import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../src/index.js';

describe('statistics cache', () => {
  it('reuses an answer while fresh, shares concurrent misses, and drops it on a write or when old', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const cache = new AnswerCache(50);
    const [a, b] = await Promise.all([cache.get('t1', 'q', load), cache.get('t1', 'q', load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache.get('t1', 'q', load)).toBe(1);
    expect(await cache.get('t2', 'q', load)).toBe(2);
    cache.bump('t1');
    expect(await cache.get('t1', 'q', load)).toBe(3);
    expect(await cache.get('t2', 'q', load)).toBe(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(await cache.get('t2', 'q', load)).toBe(4);
  });

  it('forgets a failed answer and is off with a zero lifetime', async () => {
    const cache = new AnswerCache(1000);
    await expect(cache.get('t', 'q', async () => Promise.reject(new Error('db down')))).rejects.toThrow(
      'db down',
    );
    expect(await cache.get('t', 'q', async () => 7)).toBe(7);
    let n = 0;
    const off = new AnswerCache(0);
    await off.get('t', 'q', async () => ++n);
    await off.get('t', 'q', async () => ++n);
    expect(n).toBe(2);
  });
});
