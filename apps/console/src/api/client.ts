import type { SessionManager } from '../auth/session';
import { ApiError } from './problem';

export type Query = Record<string, string | number | boolean | null | undefined | string[]>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Query;
  /** JSON body. */
  body?: unknown;
  /** A CSV file's text, sent as text/csv. */
  csv?: string;
  signal?: AbortSignal;
  /** Answer as text (e.g. a CSV download) instead of JSON. */
  as?: 'json' | 'text' | 'blob';
}

/** Page of a cursor-paginated list, as every service answers it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function buildUrl(service: string, path: string, query?: Query): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v) qs.append(k, item);
    else qs.set(k, String(v));
  }
  const s = qs.toString();
  return `/api/${service}${path}${s ? `?${s}` : ''}`;
}

async function problemFrom(res: Response): Promise<ApiError> {
  let body: Record<string, unknown>;
  try {
    const text = await res.text();
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = {};
  }
  if (!body.title) body.title = res.statusText || `HTTP ${res.status}`;
  return new ApiError(res.status, body);
}

export interface ApiClient {
  request<T>(service: string, path: string, opts?: RequestOptions): Promise<T>;
  get<T>(service: string, path: string, query?: Query): Promise<T>;
  post<T>(service: string, path: string, body?: unknown): Promise<T>;
  patch<T>(service: string, path: string, body: unknown): Promise<T>;
}

/**
 * Calls a service through the gateway with the session's bearer token. A 401 gets one silent
 * refresh and retry; a suspended tenant ends the session (the app shows the login page and why).
 */
export function createApiClient(session: SessionManager, fetchImpl: typeof fetch = (...a) => fetch(...a)) {
  async function send(url: string, opts: RequestOptions, token: string | null): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json, text/csv;q=0.9' };
    let body: BodyInit | undefined;
    if (opts.csv !== undefined) {
      headers['content-type'] = 'text/csv; charset=utf-8';
      body = opts.csv;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetchImpl(url, { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiError(0, { title: 'Network error', detail: (err as Error)?.message, code: 'network' });
    }
  }

  async function request<T>(service: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = buildUrl(service, path, opts.query);
    let res = await send(url, opts, await session.accessToken());
    if (res.status === 401 && session.current) {
      if (await session.refresh()) res = await send(url, opts, await session.accessToken());
    }
    if (!res.ok) {
      const problem = await problemFrom(res);
      if (problem.code === 'tenant_suspended') session.end('suspended');
      else if (res.status === 401 && session.current) session.end('expired');
      throw problem;
    }
    if (res.status === 204) return undefined as T;
    if (opts.as === 'text') return (await res.text()) as T;
    if (opts.as === 'blob') return (await res.blob()) as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    get: <T>(service: string, path: string, query?: Query) => request<T>(service, path, { query }),
    post: <T>(service: string, path: string, body?: unknown) =>
      request<T>(service, path, { method: 'POST', body: body ?? {} }),
    patch: <T>(service: string, path: string, body: unknown) =>
      request<T>(service, path, { method: 'PATCH', body }),
  } satisfies ApiClient;
}
