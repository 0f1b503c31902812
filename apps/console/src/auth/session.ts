import { ApiError } from '../api/problem';

/*
 * The browser's session: an access token (short-lived) and a refresh token that rotates on every
 * use. Kept in localStorage so a reload or a second tab stays signed in. Because identity revokes a
 * whole token family when a used refresh token is presented again, two tabs must never refresh
 * with the same token: refreshing takes a cross-tab lock (Web Locks) and re-reads the stored tokens
 * first, so a tab that waited adopts what the other tab just got.
 */

export interface StoredSession {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

export type EndReason = 'logout' | 'expired' | 'suspended';

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
}

export interface LoginInput {
  tenantCode?: string;
  username: string;
  password: string;
}

type Listener = (session: StoredSession | null, reason?: EndReason) => void;

export interface SessionOptions {
  storage?: Storage;
  fetch?: typeof fetch;
  now?: () => number;
  locks?: Pick<LockManager, 'request'> | null;
  /** Base of identity's API, `/api/identity` behind the gateway. */
  identityBase?: string;
  /** Refresh this long before the access token expires. */
  refreshSkewMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const KEY = 'hongfan.session';

async function readProblem(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    body = { title: res.statusText || `HTTP ${res.status}` };
  }
  return new ApiError(res.status, body);
}

export class SessionManager {
  private readonly storage: Storage;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly locks: Pick<LockManager, 'request'> | null;
  private readonly base: string;
  private readonly skew: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private session: StoredSession | null;
  private listeners = new Set<Listener>();
  private inflight: Promise<boolean> | null = null;
  private timer: unknown = null;

  constructor(opts: SessionOptions = {}) {
    this.storage = opts.storage ?? localStorage;
    this.fetchImpl = opts.fetch ?? ((...args) => fetch(...args));
    this.now = opts.now ?? Date.now;
    this.locks =
      opts.locks !== undefined
        ? opts.locks
        : typeof navigator !== 'undefined' && navigator.locks
          ? navigator.locks
          : null;
    this.base = opts.identityBase ?? '/api/identity';
    this.skew = opts.refreshSkewMs ?? 60_000;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.session = this.read();
    this.schedule();
  }

  get current(): StoredSession | null {
    return this.session;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async login(input: LoginInput): Promise<void> {
    const body: Record<string, string> = {
      grant_type: 'password',
      username: input.username.trim(),
      password: input.password,
    };
    if (input.tenantCode?.trim()) body.tenant_code = input.tenantCode.trim();
    const res = await this.post('/v1/auth/token', body);
    if (!res.ok) throw await readProblem(res);
    this.adopt(this.fromResponse((await res.json()) as TokenResponse));
  }

  /** A usable access token, refreshed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const s = this.session;
    if (!s) return null;
    if (s.expiresAt - this.now() > 5_000) return s.accessToken;
    return (await this.refresh()) ? (this.session?.accessToken ?? null) : null;
  }

  /**
   * Gets new tokens with the refresh token (one at a time, across tabs). On failure the session
   * ends: `suspended` when the tenant was suspended, `expired` otherwise. Resolves true on success.
   */
  refresh(): Promise<boolean> {
    if (!this.inflight) {
      const held = this.session?.accessToken;
      const run = () => this.doRefresh(held);
      this.inflight = (this.locks ? this.locks.request('hongfan.session.refresh', run) : run()).finally(
        () => {
          this.inflight = null;
        },
      );
    }
    return this.inflight;
  }

  private async doRefresh(held: string | undefined): Promise<boolean> {
    // Another tab may have refreshed while we waited for the lock: take its tokens.
    const stored = this.read();
    if (stored && stored.accessToken !== held && stored.expiresAt - this.now() > this.skew / 2) {
      this.adopt(stored, false);
      return true;
    }
    const refreshToken = stored?.refreshToken ?? this.session?.refreshToken;
    if (!refreshToken) {
      this.end('expired');
      return false;
    }
    let res: Response;
    try {
      res = await this.post('/v1/auth/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
    } catch {
      // Offline for a moment: keep the session, try again soon.
      this.schedule(15_000);
      return false;
    }
    if (!res.ok) {
      const problem = await readProblem(res);
      if (res.status >= 500 || res.status === 429) {
        this.schedule(15_000);
        return false;
      }
      this.end(problem.code === 'tenant_suspended' ? 'suspended' : 'expired');
      return false;
    }
    this.adopt(this.fromResponse((await res.json()) as TokenResponse));
    return true;
  }

  /** Revokes the refresh token (its whole family) and forgets the session. */
  async logout(): Promise<void> {
    const rt = this.session?.refreshToken;
    this.end('logout');
    if (rt) {
      try {
        await this.post('/v1/auth/revoke', { refresh_token: rt });
      } catch {
        // The tokens are gone from this browser; the refresh token expires by itself.
      }
    }
  }

  /** Ends the session here (and, through storage, in the other tabs). */
  end(reason: EndReason): void {
    const had = this.session !== null;
    this.session = null;
    this.cancelTimer();
    try {
      this.storage.removeItem(KEY);
    } catch {
      // nothing stored
    }
    if (had) for (const l of this.listeners) l(null, reason);
  }

  /** Another tab changed the stored session (a `storage` event). */
  syncFromStorage(): void {
    const stored = this.read();
    if (!stored) {
      if (this.session) {
        this.session = null;
        this.cancelTimer();
        for (const l of this.listeners) l(null, 'logout');
      }
      return;
    }
    if (stored.accessToken !== this.session?.accessToken) this.adopt(stored, false);
  }

  dispose(): void {
    this.cancelTimer();
    this.listeners.clear();
  }

  private fromResponse(r: TokenResponse): StoredSession {
    return {
      accessToken: r.access_token,
      refreshToken: r.refresh_token ?? this.session?.refreshToken,
      expiresAt: this.now() + r.expires_in * 1000,
    };
  }

  private adopt(s: StoredSession, persist = true): void {
    this.session = s;
    if (persist) {
      try {
        this.storage.setItem(KEY, JSON.stringify(s));
      } catch {
        // storage full or blocked: the session lives in this tab only
      }
    }
    this.schedule();
    for (const l of this.listeners) l(s);
  }

  private read(): StoredSession | null {
    try {
      const raw = this.storage.getItem(KEY);
      if (!raw) return null;
      const s = JSON.parse(raw) as StoredSession;
      return typeof s.accessToken === 'string' && typeof s.expiresAt === 'number' ? s : null;
    } catch {
      return null;
    }
  }

  private schedule(delayMs?: number): void {
    this.cancelTimer();
    const s = this.session;
    if (!s?.refreshToken) return;
    const ms = delayMs ?? Math.max(1_000, s.expiresAt - this.now() - this.skew);
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private post(path: string, body: unknown): Promise<Response> {
    return this.fetchImpl(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }
}
