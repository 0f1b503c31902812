import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createQueryClient } from '../app/queryClient';
import { AuthProvider, useAuth } from '../auth/AuthProvider';
import { SessionManager } from '../auth/session';
import { I18nProvider } from '../i18n';

export interface FakeResponse {
  status?: number;
  body?: unknown;
}

export type Handler = (req: {
  method: string;
  path: string;
  url: URL;
  body: unknown;
  text: string;
}) => FakeResponse | undefined;

/** A fetch that answers from `handler` (404 problem when it returns nothing), recording every call. */
export function fakeFetch(handler: Handler) {
  const calls: { method: string; path: string; body: unknown; text: string }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.test');
    const method = init?.method ?? 'GET';
    const text = typeof init?.body === 'string' ? init.body : '';
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // CSV and other text bodies stay text
    }
    const req = { method, path: url.pathname, url, body, text };
    calls.push(req);
    const res = handler(req) ?? { status: 404, body: { title: 'Not found', code: 'not_found', status: 404 } };
    const status = res.status ?? 200;
    const problem = status >= 400;
    return new Response(res.body === undefined ? null : JSON.stringify(res.body), {
      status,
      headers: { 'content-type': problem ? 'application/problem+json' : 'application/json' },
    });
  });
  return { fn, calls };
}

export const ME = {
  id: 'u-1',
  kind: 'user' as const,
  name: '区管理员',
  roles: ['tenant-admin'],
  roleNames: ['区县管理员'],
  scope: {},
  tenant: {
    id: '00000000-0000-4000-8000-000000000001',
    code: '370811',
    name: '任城区',
    city: '济宁市',
    status: 'active',
  },
};

/** Like the app shell: pages render once `/v1/me` has answered. */
function WhenSignedIn({ children, signedIn }: { children: ReactElement; signedIn: boolean }) {
  const { me } = useAuth();
  if (signedIn && !me) return null;
  return children;
}

/** Renders inside the app's providers, signed in, with `fetch` answered by `handler`. */
export function renderWithApp(
  ui: ReactElement,
  opts: { handler?: Handler; route?: string; signedIn?: boolean } = {},
) {
  const fetch = fakeFetch((req) => {
    if (req.path === '/api/identity/v1/me') return { body: ME };
    return opts.handler?.(req);
  });
  vi.stubGlobal('fetch', fetch.fn);
  if (opts.signedIn !== false)
    localStorage.setItem(
      'hongfan.session',
      JSON.stringify({
        accessToken: 'test-token',
        refreshToken: 'rt.test.xxxxxxxxxx',
        expiresAt: Date.now() + 600_000,
      }),
    );
  const session = new SessionManager({
    storage: localStorage,
    locks: null,
    setTimer: () => 0,
    clearTimer: () => {},
  });
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({ queries: { retry: false, staleTime: 0 } });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <I18nProvider lang="zh">
        <AuthProvider session={session}>
          <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }}>
            <AntApp>
              <MemoryRouter initialEntries={[opts.route ?? '/']}>
                <WhenSignedIn signedIn={opts.signedIn !== false}>{ui}</WhenSignedIn>
              </MemoryRouter>
            </AntApp>
          </ConfigProvider>
        </AuthProvider>
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { ...result, calls: fetch.calls, fetch: fetch.fn, session, queryClient };
}
