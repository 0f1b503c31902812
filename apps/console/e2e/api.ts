/** Direct API calls for test set-up and checks (the browser does what the tests are about). */
export class Api {
  constructor(
    readonly base: string,
    private token?: string,
  ) {}

  static async login(base: string, username: string, password: string, tenantCode?: string): Promise<Api> {
    const res = await fetch(`${base}/api/identity/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        username,
        password,
        ...(tenantCode ? { tenant_code: tenantCode } : {}),
      }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!res.ok || !body.access_token)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(body)}`);
    return new Api(base, body.access_token);
  }

  async call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }
}
