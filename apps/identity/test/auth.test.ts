import { expectProblem, testNats } from '@hongfan/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestIdentity, type TestIdentity } from './helpers/identity.js';

let t: TestIdentity;
let nc: NatsConnection;
beforeAll(async () => {
  t = await startTestIdentity();
  nc = await testNats();
});
afterAll(async () => {
  await nc.close();
  await t.close();
});

const decode = (jwt: string) => {
  const [h, p] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
  };
};
const post = (url: string, payload: unknown, headers = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as never, headers });

describe('password grant', () => {
  it('issues a short-lived RS256 token with a kid that the JWKS verifies', async () => {
    const tok = await t.token({ grant_type: 'password', ...ADMIN });
    const { header, payload } = decode(tok.access_token);
    expect(header).toMatchObject({ alg: 'RS256' });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(900);
    expect(payload).toMatchObject({
      typ: 'platform',
      roles: ['platform-admin'],
      iss: 'hongfan-identity',
      aud: 'hongfan',
    });
    const jwks = (await t.app.inject('/.well-known/jwks.json')).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(header.kid);
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/); // no private parts
  });

  it('accepts the form-encoded request OAuth2 clients send', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'password', ...ADMIN }).toString(),
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a wrong password, then throttles the account after five failures', async () => {
    await t.createTenant('370820', '嘉祥县');
    const login = (password: string) =>
      post('/v1/auth/token', { grant_type: 'password', tenant_code: '370820', username: 'admin', password });
    for (let i = 0; i < 5; i++) expectProblem(await login('wrong-pass-1'), 400, 'invalid_grant');
    const locked = await login('Admin-Pass-1');
    expectProblem(locked, 429, 'login_throttled');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are unaffected.
    expect((await post('/v1/auth/token', { grant_type: 'password', ...ADMIN })).statusCode).toBe(200);
  });

  it('names the missing field of a malformed request', async () => {
    const body = expectProblem(
      await post('/v1/auth/token', { grant_type: 'password', tenant_code: '12', username: 'x' }),
      400,
    );
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['body.password', 'body.tenant_code']);
  });
});

describe('refresh tokens', () => {
  let tenant: Awaited<ReturnType<TestIdentity['createTenant']>>;
  const login = () =>
    t.token({ grant_type: 'password', tenant_code: '370830', username: 'admin', password: 'Admin-Pass-1' });
  beforeAll(async () => {
    tenant = await t.createTenant('370830', '微山县');
  });

  it('rotates on use, and a replayed token ends the whole family', async () => {
    const first = await login();
    const second = await t.token({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decode(second.access_token).payload).toMatchObject({ tid: tenant.id, roles: ['tenant-admin'] });
    // Replay of the used token: refused, and the live one dies with it.
    expectProblem(
      await post('/v1/auth/token', { grant_type: 'refresh_token', refresh_token: first.refresh_token }),
      400,
      'invalid_grant',
    );
    expectProblem(
      await post('/v1/auth/token', { grant_type: 'refresh_token', refresh_token: second.refresh_token }),
      400,
    );
  });

  it('logout revokes the refresh token', async () => {
    const s = await login();
    expect((await post('/v1/auth/revoke', { refresh_token: s.refresh_token })).statusCode).toBe(204);
    expectProblem(
      await post('/v1/auth/token', { grant_type: 'refresh_token', refresh_token: s.refresh_token }),
      400,
    );
  });

  it('a disabled user can neither log in nor refresh', async () => {
    const created = await post(
      '/v1/users',
      { username: 'liwei', displayName: '李网格员', password: 'Li-Pass-123', roles: ['grid-worker'] },
      t.auth(tenant.adminToken),
    );
    const s = await t.token({
      grant_type: 'password',
      tenant_code: '370830',
      username: 'liwei',
      password: 'Li-Pass-123',
    });
    await post(`/v1/users/${created.json().id}/disable`, {}, t.auth(tenant.adminToken));
    expectProblem(
      await post('/v1/auth/token', { grant_type: 'refresh_token', refresh_token: s.refresh_token }),
      400,
    );
    expectProblem(
      await post('/v1/auth/token', {
        grant_type: 'password',
        tenant_code: '370830',
        username: 'liwei',
        password: 'Li-Pass-123',
      }),
      400,
    );
  });
});

describe('client credentials', () => {
  it('shows the secret once and issues scoped service tokens', async () => {
    const tenant = await t.createTenant('370831', '鱼台县');
    const created = await post(
      '/v1/service-accounts',
      { name: '12345 热线', scopes: ['org:read', 'public-opinion:demands:write'] },
      t.auth(tenant.adminToken),
    );
    expect(created.statusCode).toBe(201);
    const { id, clientId, clientSecret } = created.json();
    expect(clientId.startsWith('370831.')).toBe(true);
    const fetched = await t.app.inject({
      method: 'GET',
      url: `/v1/service-accounts/${id}`,
      headers: t.auth(tenant.adminToken),
    });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json()).toMatchObject({ id, clientId, name: '12345 热线', status: 'active' });
    expect(fetched.json().clientSecret).toBeUndefined();
    expect(fetched.json().secretHash).toBeUndefined();
    const other = await t.createTenant('370833', '嘉祥县');
    const fromOther = await t.app.inject({
      method: 'GET',
      url: `/v1/service-accounts/${id}`,
      headers: t.auth(other.adminToken),
    });
    expect(fromOther.statusCode).toBe(404);

    const tok = await t.token({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'org:read',
    });
    expect(decode(tok.access_token).payload).toMatchObject({
      typ: 'service',
      tid: tenant.id,
      scp: ['org:read'],
    });
    expect(tok.refresh_token).toBeUndefined();

    expectProblem(
      await post('/v1/auth/token', {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: 'x'.repeat(20),
      }),
      401,
      'invalid_client',
    );
    expectProblem(
      await post('/v1/auth/token', {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'identity:users:read',
      }),
      400,
      'invalid_scope',
    );
    // A service token may not manage users even within its tenant.
    expectProblem(await post('/v1/users', { username: 'x' }, t.auth(tok.access_token)), 403);

    const rotated = await post(`/v1/service-accounts/${id}/rotate-secret`, {}, t.auth(tenant.adminToken));
    expectProblem(
      await post('/v1/auth/token', {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
      401,
    );
    await t.token({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: rotated.json().clientSecret,
    });
    await post(`/v1/service-accounts/${id}/revoke`, {}, t.auth(tenant.adminToken));
    expectProblem(
      await post('/v1/auth/token', {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: rotated.json().clientSecret,
      }),
      401,
    );
  });
});

describe('suspended tenant', () => {
  it('is refused everywhere: existing tokens, login, refresh and client credentials; reactivation restores it', async () => {
    const tenant = await t.createTenant('370832', '金乡县');
    const sa = (
      await post('/v1/service-accounts', { name: 'sync', scopes: ['org:read'] }, t.auth(tenant.adminToken))
    ).json();
    const session = await t.token({
      grant_type: 'password',
      tenant_code: '370832',
      username: 'admin',
      password: 'Admin-Pass-1',
    });
    const me = () => t.app.inject({ method: 'GET', url: '/v1/me', headers: t.auth(session.access_token) });
    expect((await me()).statusCode).toBe(200);

    const platform = t.auth(await t.platformToken());
    expect((await post(`/v1/tenants/${tenant.id}/suspend`, {}, platform)).json().status).toBe('suspended');
    await expect.poll(async () => (await me()).statusCode, { timeout: 3000 }).toBe(403);
    expectProblem(await me(), 403, 'tenant_suspended');
    expectProblem(
      await post('/v1/auth/token', {
        grant_type: 'password',
        tenant_code: '370832',
        username: 'admin',
        password: 'Admin-Pass-1',
      }),
      403,
      'tenant_suspended',
    );
    expectProblem(
      await post('/v1/auth/token', { grant_type: 'refresh_token', refresh_token: session.refresh_token }),
      403,
    );
    expectProblem(
      await post('/v1/auth/token', {
        grant_type: 'client_credentials',
        client_id: sa.clientId,
        client_secret: sa.clientSecret,
      }),
      403,
    );
    expectProblem(await post(`/v1/tenants/${tenant.id}/suspend`, {}, platform), 422, 'already_suspended');

    await post(`/v1/tenants/${tenant.id}/reactivate`, {}, platform);
    await expect.poll(async () => (await me()).statusCode, { timeout: 3000 }).toBe(200);
  });
});

describe('key rotation', () => {
  it('keeps tokens signed with the old key valid and signs new ones with the new key', async () => {
    const old = await t.platformToken();
    const oldKid = decode(old).header.kid;
    const rotated = await post('/v1/keys/rotate', {}, t.auth(old));
    expect(rotated.statusCode).toBe(200);
    const fresh = await t.platformToken();
    expect(decode(fresh).header.kid).toBe(rotated.json().kid);
    expect(decode(fresh).header.kid).not.toBe(oldKid);
    const kids = (await t.app.inject('/.well-known/jwks.json'))
      .json()
      .keys.map((k: { kid: string }) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([oldKid, rotated.json().kid]));
    for (const tok of [old, fresh])
      expect(
        (await t.app.inject({ method: 'GET', url: '/v1/tenants', headers: t.auth(tok) })).statusCode,
      ).toBe(200);
  });
});

describe('tenants and settings', () => {
  it('validates codes, refuses duplicates, and needs a platform admin', async () => {
    const platform = t.auth(await t.platformToken());
    const bad = expectProblem(
      await post('/v1/tenants', { code: '37A', name: '', city: '济宁市' }, platform),
      400,
    );
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(['body.code', 'body.name']);
    await post('/v1/tenants', { code: '370840', name: '梁山县', city: '济宁市' }, platform);
    expectProblem(
      await post('/v1/tenants', { code: '370840', name: '梁山县', city: '济宁市' }, platform),
      409,
      'already_exists',
    );
    const tenant = await t.createTenant('370841');
    expectProblem(
      await post('/v1/tenants', { code: '370842', name: 'x区', city: '济宁市' }, t.auth(tenant.adminToken)),
      403,
    );
    const list = await t.app.inject({ method: 'GET', url: '/v1/tenants?q=3708&limit=2', headers: platform });
    expect(list.json().items).toHaveLength(2);
    expect(list.json().nextCursor).toBeTruthy();
    const next = await t.app.inject({
      method: 'GET',
      url: `/v1/tenants?q=3708&limit=2&cursor=${list.json().nextCursor}`,
      headers: platform,
    });
    expect(next.json().items[0].code > list.json().items[1].code).toBe(true);
  });

  it('shows the domain defaults, validates a change as a whole, publishes it and audits it', async () => {
    const tenant = await t.createTenant('370850', '泗水县');
    const h = t.auth(tenant.adminToken);
    const got = (
      await t.app.inject({ method: 'GET', url: `/v1/tenants/${tenant.id}/settings`, headers: h })
    ).json();
    expect(got.settings).toEqual({
      branchThreshold: 3,
      gridBranchAnnualFundYuan: 3000,
      windowStaff: { min: 2, max: 3 },
      gridStaff: { min: 5, max: 10 },
      listeningDays: [5, 15, 25],
      volunteerStarHours: [100, 300, 600, 1000, 1500],
    });
    const invalid = await t.app.inject({
      method: 'PATCH',
      url: `/v1/tenants/${tenant.id}/settings`,
      headers: h,
      payload: { gridStaff: { min: 12, max: 10 } },
    });
    expect(expectProblem(invalid, 400).errors?.[0].path).toBe('body.gridStaff.min');
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/tenants/${tenant.id}/settings`,
        headers: h,
        payload: { colour: 'red' },
      }),
      400,
    );

    const sub = nc.subscribe(`${t.prefix}hf.identity.tenant.settings-changed`, { max: 1 });
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/v1/tenants/${tenant.id}/settings`,
      headers: h,
      payload: { branchThreshold: 4 },
    });
    expect(changed.json().settings.branchThreshold).toBe(4);
    for await (const m of sub) {
      const env = m.json<{
        type: string;
        tenantId: string;
        data: { settings: { branchThreshold: number }; previous: { branchThreshold: number } };
      }>();
      expect(env).toMatchObject({ type: 'identity.tenant.settings-changed', tenantId: tenant.id });
      expect(env.data.settings.branchThreshold).toBe(4);
      expect(env.data.previous.branchThreshold).toBe(3);
    }
    const audit = (
      await t.app.inject({ method: 'GET', url: '/v1/audit-log?action=tenant.settings-changed', headers: h })
    ).json();
    expect(audit.items[0].before.settings.branchThreshold).toBe(3);
    expect(audit.items[0].after.settings.branchThreshold).toBe(4);
    expect(audit.items[0].actorKind).toBe('user');
  });
});
