import { APP_ROLE, auditRowLevelSecurity } from '@hongfan/db';
import { expectProblem, ownerClient } from '@hongfan/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdentity, type TestIdentity } from './helpers/identity.js';

let t: TestIdentity;
let a: Awaited<ReturnType<TestIdentity['createTenant']>>;
let b: Awaited<ReturnType<TestIdentity['createTenant']>>;

beforeAll(async () => {
  t = await startTestIdentity();
  a = await t.createTenant('370811', '任城区');
  b = await t.createTenant('370812', '兖州区');
});
afterAll(() => t.close());

describe('row-level security in the catalog', () => {
  it('every tenant table has RLS enabled and forced, a policy, and an owner other than the app role', async () => {
    const c = await ownerClient(t.db.url);
    try {
      const { rows } = await c.query(
        `select count(*)::int as n from information_schema.columns where table_schema = 'identity' and column_name = 'tenant_id'`,
      );
      expect(rows[0].n).toBeGreaterThanOrEqual(4);
      expect(await auditRowLevelSecurity(c, 'identity')).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('the app role sees no tenant rows when no tenant is set', async () => {
    const url = new URL(t.db.url);
    url.username = APP_ROLE;
    url.password = 'hongfan-app-dev';
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      for (const table of ['users', 'audit_log', 'refresh_tokens', 'service_accounts'])
        expect((await c.query(`select * from identity.${table}`)).rowCount, table).toBe(0);
      await c.query('begin');
      await c.query(`select set_config('app.tenant_id', $1, true)`, [a.id]);
      const users = await c.query('select tenant_id from identity.users');
      expect(users.rowCount).toBeGreaterThan(0);
      expect(users.rows.every((r) => r.tenant_id === a.id)).toBe(true);
      // Writing a row for another tenant is refused by the policy's WITH CHECK.
      await expect(
        c.query(
          `insert into identity.audit_log (id, tenant_id, actor_kind, actor_id, action, target_type, target_id) values (gen_random_uuid(), $1, 'x', 'x', 'x', 'x', 'x')`,
          [b.id],
        ),
      ).rejects.toThrow(/row-level security/);
      await c.query('rollback');
    } finally {
      await c.end();
    }
  });
});

describe('two tenants never see each other', () => {
  let userOfB: string;
  beforeAll(async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: t.auth(b.adminToken),
      payload: {
        username: 'wang',
        displayName: '王书记',
        password: 'Wang-Pass-1',
        roles: ['branch-secretary'],
      },
    });
    expect(res.statusCode).toBe(201);
    userOfB = res.json().id;
  });

  it('lists only its own users', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/users', headers: t.auth(a.adminToken) });
    expect(res.json().items.map((u: { username: string }) => u.username)).toEqual(['admin']);
  });

  it("gives 404 for get, update, disable and reset of the other tenant's user, and changes nothing", async () => {
    const h = t.auth(a.adminToken);
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/users/${userOfB}`, headers: h }), 404);
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/users/${userOfB}`,
        headers: h,
        payload: { displayName: 'x' },
      }),
      404,
    );
    expectProblem(
      await t.app.inject({ method: 'POST', url: `/v1/users/${userOfB}/disable`, headers: h }),
      404,
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/v1/users/${userOfB}/reset-password`,
        headers: h,
        payload: { password: 'Hack-Pass-1' },
      }),
      404,
    );
    const still = await t.app.inject({
      method: 'GET',
      url: `/v1/users/${userOfB}`,
      headers: t.auth(b.adminToken),
    });
    expect(still.json()).toMatchObject({ displayName: '王书记', status: 'active', version: 1 });
    const login = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { grant_type: 'password', tenant_code: '370812', username: 'wang', password: 'Wang-Pass-1' },
    });
    expect(login.statusCode).toBe(200);
  });

  it("gives 404 for the other tenant's tenant record and settings", async () => {
    const h = t.auth(a.adminToken);
    expectProblem(await t.app.inject({ method: 'GET', url: `/v1/tenants/${b.id}`, headers: h }), 404);
    expectProblem(
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/tenants/${b.id}/settings`,
        headers: h,
        payload: { branchThreshold: 9 },
      }),
      404,
    );
    const settings = await t.app.inject({
      method: 'GET',
      url: `/v1/tenants/${b.id}/settings`,
      headers: t.auth(b.adminToken),
    });
    expect(settings.json().settings.branchThreshold).toBe(3);
  });

  it('keeps audit logs apart', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/audit-log', headers: t.auth(a.adminToken) });
    const targets = res.json().items.map((e: { targetId: string }) => e.targetId);
    expect(targets).toContain(a.id);
    expect(targets).not.toContain(b.id);
    expect(targets).not.toContain(userOfB);
  });

  it('a tenant token cannot be used with another tenant code', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/token',
      payload: { grant_type: 'password', tenant_code: '370811', username: 'wang', password: 'Wang-Pass-1' },
    });
    expectProblem(res, 400, 'invalid_grant');
  });
});
