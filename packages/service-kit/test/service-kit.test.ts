import { createLogger } from '@hongfan/logger';
import { cleanupPrefix, createTokenFactory, expectProblem, testNats, uniquePrefix } from '@hongfan/testing';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  buildService,
  guard,
  idParams,
  putTenantStatus,
  requireAuth,
  type Service,
  type TenantStatus,
  watchTenantStatus,
} from '../src/index.js';

const tokens = createTokenFactory();
const T1 = crypto.randomUUID();
const T2 = crypto.randomUUID();
let app: Service;
let nc: NatsConnection;
let status: TenantStatus;
const prefix = uniquePrefix();
const written: unknown[] = [];

beforeAll(async () => {
  nc = await testNats();
  status = await watchTenantStatus(nc, prefix, createLogger({ service: 't', level: 'silent' }));
  app = await buildService({
    name: 'kit-test',
    title: 'Kit test',
    description: 'service-kit under test',
    logger: createLogger({ service: 'kit-test', level: 'silent' }),
    keys: tokens.keys,
    tenantStatus: status,
    jwt: { issuer: tokens.issuer, audience: tokens.audience },
    bodyLimit: 2048,
    rateLimit: { perToken: 5, perTenant: 1000 },
    nats: nc,
  });
  app.get(
    '/v1/whoami',
    { onRequest: guard({ roles: ['viewer', 'tenant-admin'], scopes: ['kit:read'] }) },
    async (req) => requireAuth(req),
  );
  app.post(
    '/v1/things/:id',
    {
      onRequest: guard({ roles: ['tenant-admin'] }),
      schema: {
        params: idParams,
        body: z.strictObject({ name: z.string().min(1), count: z.number().int() }),
      },
    },
    async (req) => {
      written.push(req.body);
      return { ok: true };
    },
  );
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await status.close();
  await cleanupPrefix(nc, prefix);
  await nc.close();
});

const get = (token?: string) =>
  app.inject({
    method: 'GET',
    url: '/v1/whoami',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('authentication', () => {
  it('accepts a valid token and exposes the tenant context', async () => {
    const C1 = crypto.randomUUID();
    const res = await get(tokens.user(T1, ['viewer'], { communities: [C1] }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ tenantId: T1, roles: ['viewer'], scope: { communities: [C1] } });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('refuses a missing token with 401 problem+json', async () => {
    expectProblem(await get(), 401, 'unauthorized');
  });

  it('refuses alg none', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: tokens.kid })).toString(
      'base64url',
    );
    const body = Buffer.from(
      JSON.stringify({
        sub: 'x',
        typ: 'user',
        tid: T1,
        roles: ['viewer'],
        iss: tokens.issuer,
        aud: tokens.audience,
        exp: 9e9,
      }),
    ).toString('base64url');
    expectProblem(await get(`${header}.${body}.`), 401, 'invalid_token');
  });

  it('refuses another algorithm (HS256 signed with the public key as secret)', async () => {
    const pem = await tokens.keys.getKey(tokens.kid);
    const forged = tokens.sign({ tid: T1, roles: ['viewer'] }, { algorithm: 'HS256', key: pem });
    expectProblem(await get(forged), 401, 'invalid_token');
  });

  it('refuses a wrong issuer or audience', async () => {
    expectProblem(await get(tokens.sign({ tid: T1, roles: ['viewer'] }, { iss: 'evil' })), 401);
    expectProblem(await get(tokens.sign({ tid: T1, roles: ['viewer'] }, { aud: 'other' })), 401);
  });

  it('refuses an expired token', async () => {
    const t = tokens.sign({ tid: T1, roles: ['viewer'] }, { expiresInSec: -120 });
    expectProblem(await get(t), 401, 'invalid_token');
  });

  it('stops accepting a token it has already accepted once it expires', async () => {
    const t = tokens.sign({ tid: T1, roles: ['viewer'] }, { expiresInSec: 60 });
    expect((await get(t)).statusCode).toBe(200);
    expect((await get(t)).statusCode).toBe(200); // answered from the verified-token cache
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expectProblem(await get(t), 401, 'invalid_token');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an unknown kid', async () => {
    expectProblem(await get(tokens.sign({ tid: T1, roles: ['viewer'] }, { kid: 'nope' })), 401);
  });

  it('refuses a tampered signature or payload', async () => {
    const [h, p, s] = tokens.user(T1, ['viewer']).split('.');
    const flipped = `${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expectProblem(await get(`${h}.${p}.${flipped}`), 401);
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.roles = ['tenant-admin'];
    expectProblem(await get(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`), 401);
  });

  it('gives 403 to a role or API scope the route does not allow', async () => {
    expectProblem(await get(tokens.user(T1, ['volunteer'])), 403, 'forbidden');
    expectProblem(await get(tokens.service(T1, ['other:read'])), 403);
    expect((await get(tokens.service(T1, ['kit:read']))).statusCode).toBe(200);
    expectProblem(await get(tokens.platformAdmin()), 403);
  });

  it('refuses every token of a suspended tenant, and accepts it again on reactivation', async () => {
    const t = tokens.user(T2, ['viewer']);
    expect((await get(t)).statusCode).toBe(200);
    await putTenantStatus(nc, prefix, T2, 'suspended');
    await expect.poll(async () => (await get(t)).statusCode, { timeout: 3000 }).toBe(403);
    expectProblem(await get(t), 403, 'tenant_suspended');
    await putTenantStatus(nc, prefix, T2, 'active');
    await expect.poll(async () => (await get(t)).statusCode, { timeout: 3000 }).toBe(200);
  });

  it('rate-limits per token with 429 and Retry-After', async () => {
    const t = tokens.user(T1, ['viewer']);
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await get(t)).statusCode);
    expect(codes.slice(0, 5).every((c) => c === 200)).toBe(true);
    const res = await get(t);
    expectProblem(res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  const admin = () => ({ authorization: `Bearer ${tokens.user(T1, ['tenant-admin'])}` });
  const post = (url: string, payload: unknown, headers = admin()) =>
    app.inject({ method: 'POST', url, payload: payload as never, headers });

  it('names unknown fields so tenantId, role or status cannot be mass-assigned', async () => {
    const res = await post(`/v1/things/${crypto.randomUUID()}`, {
      name: 'a',
      count: 1,
      tenantId: T2,
      role: 'x',
    });
    const body = expectProblem(res, 400, 'validation_failed');
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['body.role', 'body.tenantId']);
  });

  it('names wrongly typed fields', async () => {
    const body = expectProblem(await post(`/v1/things/${crypto.randomUUID()}`, { name: 3, count: 'x' }), 400);
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['body.count', 'body.name']);
  });

  it('names a bad uuid in the path', async () => {
    const body = expectProblem(await post('/v1/things/not-a-uuid', { name: 'a', count: 1 }), 400);
    expect(body.errors?.[0].path).toBe('params.id');
  });

  it('refuses malformed JSON and oversized bodies', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: `/v1/things/${crypto.randomUUID()}`,
      payload: '{"name":',
      headers: { ...admin(), 'content-type': 'application/json' },
    });
    expectProblem(bad, 400);
    expectProblem(await post(`/v1/things/${crypto.randomUUID()}`, { name: 'x'.repeat(5000), count: 1 }), 413);
  });

  it('writes nothing for any of the refused requests', () => {
    expect(written).toEqual([]);
  });

  it('answers unknown routes with 404 problem+json', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/v1/nope' }), 404, 'not_found');
  });
});

describe('request ids', () => {
  it('keeps a plain x-request-id from the gateway and replaces anything else', async () => {
    const kept = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'gw-123' } });
    expect(kept.headers['x-request-id']).toBe('gw-123');
    const replaced = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'a\nforged log line' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('operational endpoints', () => {
  it('serves health, readiness, metrics and OpenAPI without a token', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    const ready = await app.inject('/readyz');
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { nats: true } });
    const metrics = await app.inject('/metrics');
    expect(metrics.body).toContain('http_request_duration_seconds');
    const doc = (await app.inject('/docs/json')).json();
    expect(Object.keys(doc.paths)).toContain('/v1/things/{id}');
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
  });
});
