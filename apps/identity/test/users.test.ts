import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentity, type TestIdentity } from './helpers/identity.js';

let t: TestIdentity;
let tenant: Awaited<ReturnType<TestIdentity['createTenant']>>;
let h: { authorization: string };
const STREET = '3f1f6c3e-6b7e-4a51-9d1e-0c9a1e0a0001';

beforeAll(async () => {
  t = await startTestIdentity();
  tenant = await t.createTenant('370860', '汶上县');
  h = t.auth(tenant.adminToken);
});
afterAll(() => t.close());

const list = async (qs = '') =>
  (await t.app.inject({ method: 'GET', url: `/v1/users${qs}`, headers: h })).json();

describe('users', () => {
  it('creates a user with roles, Chinese role names and a data scope; the token carries them', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: {
        username: 'zhangsan',
        displayName: '张三',
        phone: '13800000001',
        password: 'Zhang-Pass-1',
        roles: ['street-cadre'],
        scope: { streets: [STREET] },
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      roleNames: ['街道干部'],
      scope: { streets: [STREET] },
      status: 'active',
    });
    expect(res.json().passwordHash).toBeUndefined();
    const tok = await t.token({
      grant_type: 'password',
      tenant_code: '370860',
      username: 'zhangsan',
      password: 'Zhang-Pass-1',
    });
    const claims = JSON.parse(Buffer.from(tok.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ roles: ['street-cadre'], scope: { streets: [STREET] }, name: '张三' });
  });

  it('refuses mass-assigned fields, duplicates and bad values, writing nothing', async () => {
    const before = (await list()).items.length;
    const mass = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: {
        username: 'lisi',
        displayName: '李四',
        password: 'Lisi-Pass-1',
        roles: ['viewer'],
        tenantId: crypto.randomUUID(),
        status: 'active',
      },
    });
    expect(
      expectProblem(mass, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.status', 'body.tenantId']);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: {
        username: 'lisi',
        displayName: '李四',
        password: 'short',
        roles: ['emperor'],
        scope: { streets: ['nope'] },
      },
    });
    expect(
      expectProblem(bad, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.password', 'body.roles.0', 'body.scope.streets.0']);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: { username: 'zhangsan', displayName: '张三2', password: 'Zhang-Pass-1', roles: ['viewer'] },
    });
    expectProblem(dup, 409, 'already_exists');
    expect((await list()).items.length).toBe(before);
  });

  it('filters by role and text, paginates, and edits with an audit trail', async () => {
    for (const [u, n] of [
      ['wanger', '王二'],
      ['zhaowu', '赵五'],
      ['sunliu', '孙六'],
    ])
      await t.app.inject({
        method: 'POST',
        url: '/v1/users',
        headers: h,
        payload: { username: u, displayName: n, password: 'Some-Pass-1', roles: ['grid-worker'] },
      });
    expect((await list('?role=grid-worker')).items.map((u: { username: string }) => u.username)).toEqual([
      'sunliu',
      'wanger',
      'zhaowu',
    ]);
    expect((await list('?q=王')).items.map((u: { username: string }) => u.username)).toEqual(['wanger']);
    const p1 = await list('?limit=2');
    const p2 = await list(`?limit=2&cursor=${p1.nextCursor}`);
    expect(p1.items.length + p2.items.length).toBeLessThanOrEqual(4);
    expect(new Set([...p1.items, ...p2.items].map((u: { id: string }) => u.id)).size).toBe(
      p1.items.length + p2.items.length,
    );

    const target = (await list('?q=wanger')).items[0];
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${target.id}`,
      headers: h,
      payload: { roles: ['grid-worker', 'volunteer'] },
    });
    expect(patched.json()).toMatchObject({ roles: ['grid-worker', 'volunteer'], version: 2 });
    const audit = (
      await t.app.inject({ method: 'GET', url: `/v1/audit-log?targetId=${target.id}`, headers: h })
    ).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.created']);
    expect(audit.items[0].before.roles).toEqual(['grid-worker']);
    expect(JSON.stringify(audit)).not.toContain('passwordHash');
  });

  it('stops an admin from disabling or demoting themselves, and others from managing users', async () => {
    const me = (await t.app.inject({ method: 'GET', url: '/v1/me', headers: h })).json();
    expectProblem(
      await t.app.inject({ method: 'POST', url: `/v1/users/${me.id}/disable`, headers: h }),
      422,
      'cannot_disable_self',
    );
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${me.id}`,
        headers: h,
        payload: { roles: ['viewer'] },
      }),
      422,
    );
    const cadre = await t.token({
      grant_type: 'password',
      tenant_code: '370860',
      username: 'zhangsan',
      password: 'Zhang-Pass-1',
    });
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/v1/users', headers: t.auth(cadre.access_token) }),
      403,
    );
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/v1/audit-log', headers: t.auth(cadre.access_token) }),
      403,
    );
  });

  it('lets a user change their own password only with the current one', async () => {
    const s = await t.token({
      grant_type: 'password',
      tenant_code: '370860',
      username: 'zhangsan',
      password: 'Zhang-Pass-1',
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: t.auth(s.access_token),
      payload: { currentPassword: 'nope', newPassword: 'Zhang-Pass-2' },
    });
    expect(expectProblem(wrong, 400).errors?.[0].path).toBe('body.currentPassword');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/v1/me/password',
      headers: t.auth(s.access_token),
      payload: { currentPassword: 'Zhang-Pass-1', newPassword: 'Zhang-Pass-2' },
    });
    expect(ok.statusCode).toBe(204);
    await t.token({
      grant_type: 'password',
      tenant_code: '370860',
      username: 'zhangsan',
      password: 'Zhang-Pass-2',
    });
  });
});
