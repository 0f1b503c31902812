import { describe, expect, it } from 'vitest';
import { SessionManager } from '../auth/session';
import { fakeFetch } from '../test/render';
import { buildUrl, createApiClient } from './client';
import { ApiError } from './problem';

function signedIn(handler: Parameters<typeof fakeFetch>[0]) {
  const f = fakeFetch(handler);
  localStorage.setItem(
    'hongfan.session',
    JSON.stringify({ accessToken: 'old', refreshToken: 'rt.t.0123456789', expiresAt: Date.now() + 600_000 }),
  );
  const session = new SessionManager({
    storage: localStorage,
    fetch: f.fn as unknown as typeof fetch,
    locks: null,
    setTimer: () => 0,
    clearTimer: () => {},
  });
  return { api: createApiClient(session, f.fn as unknown as typeof fetch), session, calls: f.calls };
}

describe('API client', () => {
  it('builds gateway URLs, leaving out empty filters', () => {
    expect(buildUrl('org', '/v1/members', { q: '', management: 'self', limit: 20, cursor: undefined })).toBe(
      '/api/org/v1/members?management=self&limit=20',
    );
  });

  it('on a 401 refreshes once and retries with the new token', async () => {
    const { api, calls } = signedIn((req) => {
      if (req.path === '/api/identity/v1/auth/token')
        return {
          body: {
            access_token: 'new',
            token_type: 'Bearer',
            expires_in: 900,
            refresh_token: 'rt.t.abcdefghij',
          },
        };
      return req.url.searchParams.get('n') === '1' &&
        calls.filter((c) => c.path === '/api/org/v1/streets').length === 1
        ? { status: 401, body: { code: 'unauthorized', title: 'Unauthorized' } }
        : { body: { items: [], nextCursor: null } };
    });
    const page = await api.get<{ items: unknown[] }>('org', '/v1/streets', { n: 1 });
    expect(page.items).toEqual([]);
    expect(calls.map((c) => c.path)).toEqual([
      '/api/org/v1/streets',
      '/api/identity/v1/auth/token',
      '/api/org/v1/streets',
    ]);
  });

  it('turns a problem into an ApiError and ends the session when the tenant is suspended', async () => {
    const { api, session } = signedIn(() => ({
      status: 403,
      body: {
        code: 'tenant_suspended',
        title: 'Forbidden',
        detail: 'This district tenant is suspended',
        requestId: 'r1',
      },
    }));
    const err = await api.get('org', '/v1/streets').catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: 'tenant_suspended', requestId: 'r1' });
    expect(session.current).toBeNull();
  });

  it('sends CSV as text/csv', async () => {
    const { api, calls } = signedIn(() => ({ status: 201, body: { rows: 1 } }));
    await api.request('org', '/v1/territory/import', { method: 'POST', csv: '街道\n古槐' });
    expect(calls[0].text).toBe('街道\n古槐');
  });
});
