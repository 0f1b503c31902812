import { describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '../test/render';
import { type EndReason, SessionManager } from './session';

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

const tokens = (n: number, expiresIn = 900) => ({
  access_token: `at-${n}`,
  token_type: 'Bearer',
  expires_in: expiresIn,
  refresh_token: `rt.tenant.${n}xxxxxxxxxx`,
});

function setup(
  handler: Parameters<typeof fakeFetch>[0],
  opts: { now?: () => number; storage?: Storage } = {},
) {
  const f = fakeFetch(handler);
  const timers: { fn: () => void; ms: number }[] = [];
  const storage = opts.storage ?? memoryStorage();
  const session = new SessionManager({
    storage,
    fetch: f.fn as unknown as typeof fetch,
    locks: null,
    now: opts.now,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
  });
  return { session, calls: f.calls, timers, storage };
}

describe('SessionManager', () => {
  it('logs in with the tenant code, keeps the tokens and schedules a refresh a minute before expiry', async () => {
    let now = 1_000_000;
    const { session, calls, timers, storage } = setup(() => ({ body: tokens(1) }), { now: () => now });
    await session.login({ tenantCode: ' 370811 ', username: 'admin', password: 'pw' });
    expect(calls[0].body).toEqual({
      grant_type: 'password',
      tenant_code: '370811',
      username: 'admin',
      password: 'pw',
    });
    expect(session.current?.accessToken).toBe('at-1');
    expect(JSON.parse(storage.getItem('hongfan.session')!).refreshToken).toBe('rt.tenant.1xxxxxxxxxx');
    expect(timers.at(-1)?.ms).toBe(900_000 - 60_000);
    now += 10_000;
    expect(await session.accessToken()).toBe('at-1');
  });

  it('a platform admin logs in without a tenant code', async () => {
    const { session, calls } = setup(() => ({ body: tokens(1) }));
    await session.login({ username: 'admin', password: 'pw' });
    expect(calls[0].body).not.toHaveProperty('tenant_code');
  });

  it('refreshes silently when the token is about to expire, once for concurrent callers', async () => {
    let now = 0;
    let n = 0;
    const { session, calls } = setup(
      (req) => {
        if ((req.body as { grant_type: string }).grant_type === 'refresh_token')
          return { body: tokens(++n + 1) };
        return { body: tokens(1, 60) };
      },
      { now: () => now },
    );
    await session.login({ username: 'u', password: 'p' });
    now = 58_000;
    const [a, b] = await Promise.all([session.accessToken(), session.accessToken()]);
    expect(a).toBe('at-2');
    expect(b).toBe('at-2');
    expect(
      calls.filter((c) => (c.body as { grant_type: string }).grant_type === 'refresh_token'),
    ).toHaveLength(1);
    expect(calls.at(-1)?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt.tenant.1xxxxxxxxxx',
    });
  });

  it('ends as "suspended" when the tenant was suspended, and as "expired" for a dead refresh token', async () => {
    for (const [problem, reason] of [
      [{ status: 403, body: { code: 'tenant_suspended', title: 'Forbidden' } }, 'suspended'],
      [{ status: 400, body: { code: 'invalid_grant', title: 'Invalid grant' } }, 'expired'],
    ] as const) {
      const ended: (EndReason | undefined)[] = [];
      const { session, storage } = setup((req) =>
        (req.body as { grant_type: string }).grant_type === 'refresh_token' ? problem : { body: tokens(1) },
      );
      await session.login({ username: 'u', password: 'p' });
      session.subscribe((s, r) => !s && ended.push(r));
      expect(await session.refresh()).toBe(false);
      expect(session.current).toBeNull();
      expect(storage.getItem('hongfan.session')).toBeNull();
      expect(ended).toEqual([reason]);
    }
  });

  it('keeps the session through a network blip and tries again later', async () => {
    const f = vi.fn();
    const { session, timers } = setup((req) => {
      if ((req.body as { grant_type: string }).grant_type === 'refresh_token')
        return { status: 503, body: { code: 'x', title: 'down' } };
      return { body: tokens(1) };
    });
    session.subscribe(f);
    await session.login({ username: 'u', password: 'p' });
    expect(await session.refresh()).toBe(false);
    expect(session.current).not.toBeNull();
    expect(timers.at(-1)?.ms).toBe(15_000);
  });

  it('adopts tokens another tab refreshed instead of replaying the used refresh token', async () => {
    const storage = memoryStorage();
    const { session, calls } = setup(() => ({ body: tokens(1) }), { storage });
    await session.login({ username: 'u', password: 'p' });
    // The other tab rotated the tokens and stored them.
    storage.setItem(
      'hongfan.session',
      JSON.stringify({
        accessToken: 'at-other',
        refreshToken: 'rt.tenant.otherxxxxx',
        expiresAt: Date.now() + 800_000,
      }),
    );
    expect(await session.refresh()).toBe(true);
    expect(session.current?.accessToken).toBe('at-other');
    expect(calls).toHaveLength(1);
  });

  it('logout revokes the refresh token and forgets the session', async () => {
    const { session, calls, storage } = setup((req) =>
      req.path.endsWith('/revoke') ? { status: 204 } : { body: tokens(1) },
    );
    await session.login({ username: 'u', password: 'p' });
    await session.logout();
    expect(calls.at(-1)).toMatchObject({
      path: '/api/identity/v1/auth/revoke',
      body: { refresh_token: 'rt.tenant.1xxxxxxxxxx' },
    });
    expect(session.current).toBeNull();
    expect(storage.getItem('hongfan.session')).toBeNull();
  });
});
