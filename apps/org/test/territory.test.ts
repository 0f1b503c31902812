import { auditRowLevelSecurity } from '@hongfan/db';
import { expectProblem, ownerClient } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOrg, type TestOrg } from './helpers/org.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

describe('row-level security', () => {
  it('covers every org table with a tenant_id', async () => {
    const c = await ownerClient(t.db.url);
    try {
      const n = (
        await c.query(
          `select count(distinct table_name)::int as n from information_schema.columns where table_schema = 'org' and column_name = 'tenant_id'`,
        )
      ).rows[0].n;
      expect(n).toBeGreaterThanOrEqual(20);
      expect(await auditRowLevelSecurity(c, 'org')).toEqual([]);
    } finally {
      await c.end();
    }
  });
});

describe('territory', () => {
  it('builds street → community → grid → compound → building → household, inheriting the path', async () => {
    const { admin } = t.tenant();
    const { street, community, grid, compound } = await t.territory(admin, { compound: '幸福里小区' });
    expect(compound).toMatchObject({
      streetId: street.id,
      communityId: community.id,
      gridId: grid.id,
      name: '幸福里小区',
      branchId: null,
    });
    const b = (
      await t.call(
        admin,
        'POST',
        '/v1/buildings',
        { compoundId: compound.id, name: '3号楼', floorCount: 6 },
        201,
      )
    ).body;
    expect(b).toMatchObject({ compoundId: compound.id, communityId: community.id, streetId: street.id });
    const h = (await t.call(admin, 'POST', '/v1/households', { buildingId: b.id, room: '2单元301' }, 201))
      .body;
    expect(h).toMatchObject({ buildingId: b.id, compoundId: compound.id });
    const dup = await t.call(admin, 'POST', '/v1/households', { buildingId: b.id, room: '2单元301' });
    expectProblem(dup.res, 409, 'already_exists');
  });

  it('refuses an unknown parent, mass-assigned path ids and bad coordinates, writing nothing', async () => {
    const { admin } = t.tenant();
    const { grid } = await t.territory(admin);
    const unknown = await t.call(admin, 'POST', '/v1/compounds', { gridId: crypto.randomUUID(), name: 'x' });
    expect(expectProblem(unknown.res, 400).errors?.[0].path).toBe('body.gridId');
    const mass = await t.call(admin, 'POST', '/v1/compounds', {
      gridId: grid.id,
      name: 'y',
      streetId: crypto.randomUUID(),
      tenantId: crypto.randomUUID(),
    });
    expect(
      expectProblem(mass.res, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.streetId', 'body.tenantId']);
    const bad = await t.call(admin, 'POST', '/v1/compounds', {
      gridId: grid.id,
      name: 'z',
      lat: 123,
      householdCount: -1,
    });
    expect(
      expectProblem(bad.res, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.householdCount', 'body.lat']);
    const list = await t.call(admin, 'GET', `/v1/compounds?gridId=${grid.id}`);
    expect(list.body.items).toHaveLength(1);
  });

  it('lists with filters, search, sort and cursor pages', async () => {
    const { admin } = t.tenant();
    const { grid } = await t.territory(admin, { compound: '阳光花园' });
    for (const n of ['翠竹苑', '金色家园', '阳光新城'])
      await t.call(admin, 'POST', '/v1/compounds', { gridId: grid.id, name: n }, 201);
    const q = await t.call(admin, 'GET', `/v1/compounds?q=${encodeURIComponent('阳光')}`);
    expect(q.body.items.map((c: { name: string }) => c.name).sort()).toEqual(['阳光新城', '阳光花园']);
    const p1 = await t.call(admin, 'GET', '/v1/compounds?limit=2');
    const p2 = await t.call(admin, 'GET', `/v1/compounds?limit=2&cursor=${p1.body.nextCursor}`);
    const names = [...p1.body.items, ...p2.body.items].map((c: { name: string }) => c.name);
    expect(new Set(names).size).toBe(4);
    expect(p2.body.nextCursor).toBeNull();
    const uncovered = await t.call(admin, 'GET', '/v1/compounds?covered=false');
    expect(uncovered.body.items).toHaveLength(4);
  });

  it('edits with an audit trail, moves a compound only within its community, and archives leaf-first', async () => {
    const { admin } = t.tenant();
    const { community, grid, compound } = await t.territory(admin);
    const grid2 = (
      await t.call(admin, 'POST', '/v1/grids', { communityId: community.id, name: '第二网格' }, 201)
    ).body;
    const moved = await t.call(
      admin,
      'PATCH',
      `/v1/compounds/${compound.id}`,
      { gridId: grid2.id, address: '建设路1号' },
      200,
    );
    expect(moved.body).toMatchObject({ gridId: grid2.id, address: '建设路1号', version: 2 });
    const other = await t.territory(admin);
    const cross = await t.call(admin, 'PATCH', `/v1/compounds/${compound.id}`, { gridId: other.grid.id });
    expect(expectProblem(cross.res, 400).errors?.[0].path).toBe('body.gridId');
    expectProblem((await t.call(admin, 'POST', `/v1/grids/${grid2.id}/archive`)).res, 422, 'has_children');
    await t.call(admin, 'POST', `/v1/compounds/${compound.id}/archive`, undefined, 200);
    await t.call(admin, 'POST', `/v1/grids/${grid2.id}/archive`, undefined, 200);
    expect(
      (await t.call(admin, 'GET', `/v1/grids?communityId=${community.id}`)).body.items.map(
        (g: { id: string }) => g.id,
      ),
    ).toEqual([grid.id]);
    expect(
      (await t.call(admin, 'GET', `/v1/grids?communityId=${community.id}&includeArchived=true`)).body.items,
    ).toHaveLength(2);
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${compound.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'compounds.archived',
      'compounds.updated',
      'compounds.created',
    ]);
  });

  it('publishes compound events with the path names other services need', async () => {
    const { id: tenantId, admin } = t.tenant();
    const sub = t.nats.nc.subscribe(`${t.prefix}hf.org.compound.created`);
    const { compound } = await t.territory(admin, {
      street: '古槐街道',
      community: '南门社区',
      grid: '一网格',
      compound: '运河小区',
    });
    for await (const m of sub) {
      const env = m.json<{ tenantId: string; data: Record<string, unknown> }>();
      if (env.data.compoundId !== compound.id) continue;
      expect(env.tenantId).toBe(tenantId);
      expect(env.data).toMatchObject({
        name: '运河小区',
        streetName: '古槐街道',
        communityName: '南门社区',
        gridName: '一网格',
        archived: false,
      });
      break;
    }
  });
});

describe('data scope and roles', () => {
  it('lets a street cadre see and edit only their street; a community cadre only their community; a viewer only read', async () => {
    const { id, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const streetCadre = t.tokens.user(id, ['street-cadre'], { streets: [a.street.id] });
    const listed = await t.call(streetCadre, 'GET', '/v1/compounds');
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([a.compound.id]);
    expectProblem((await t.call(streetCadre, 'GET', `/v1/compounds/${b.compound.id}`)).res, 404);
    expectProblem(
      (await t.call(streetCadre, 'PATCH', `/v1/compounds/${b.compound.id}`, { address: 'x' })).res,
      404,
    );
    await t.call(streetCadre, 'PATCH', `/v1/compounds/${a.compound.id}`, { address: '可以改' }, 200);
    expectProblem(
      (await t.call(streetCadre, 'POST', '/v1/compounds', { gridId: b.grid.id, name: 'sneak' })).res,
      404,
    );

    const communityCadre = t.tokens.user(id, ['community-cadre'], { communities: [b.community.id] });
    expect(
      (await t.call(communityCadre, 'GET', '/v1/streets')).body.items.map((s: { id: string }) => s.id),
    ).toEqual([b.street.id]);
    expectProblem(
      (await t.call(communityCadre, 'PATCH', `/v1/streets/${b.street.id}`, { name: '改名' })).res,
      403,
    );

    const viewer = t.tokens.user(id, ['viewer']);
    expect((await t.call(viewer, 'GET', '/v1/compounds')).body.items).toHaveLength(2);
    expectProblem((await t.call(viewer, 'POST', '/v1/streets', { name: 'v' })).res, 403);
    expectProblem((await t.call(t.tokens.user(id, ['volunteer']), 'GET', '/v1/compounds')).res, 403);
    const scopedViewer = t.tokens.user(id, ['viewer'], { streets: [a.street.id] });
    expect((await t.call(scopedViewer, 'GET', '/v1/compounds')).body.items).toHaveLength(1);

    const tree = await t.call(streetCadre, 'GET', '/v1/territory/tree');
    expect(tree.body.streets.map((s: { id: string }) => s.id)).toEqual([a.street.id]);
    expect(tree.body.streets[0].children[0].children[0].children[0]).toMatchObject({
      id: a.compound.id,
      covered: false,
    });
  });

  it('keeps two tenants apart: list, get, update and archive by the other tenant id are 404 and change nothing', async () => {
    const one = t.tenant();
    const two = t.tenant();
    const mine = await t.territory(one.admin);
    const theirs = await t.territory(two.admin);
    expect(
      (await t.call(one.admin, 'GET', '/v1/compounds')).body.items.map((c: { id: string }) => c.id),
    ).toEqual([mine.compound.id]);
    for (const [m, u, p] of [
      ['GET', `/v1/compounds/${theirs.compound.id}`, undefined],
      ['PATCH', `/v1/compounds/${theirs.compound.id}`, { name: 'hijack' }],
      ['POST', `/v1/compounds/${theirs.compound.id}/archive`, undefined],
      ['POST', '/v1/compounds', { gridId: theirs.grid.id, name: 'plant' }],
    ] as const)
      expect((await t.call(one.admin, m, u, p)).status, `${m} ${u}`).toBeGreaterThanOrEqual(400);
    const still = await t.call(two.admin, 'GET', `/v1/compounds/${theirs.compound.id}`, undefined, 200);
    expect(still.body).toMatchObject({ name: theirs.compound.name, version: 1, archived: false });
    expect((await t.call(two.admin, 'GET', '/v1/compounds')).body.items).toHaveLength(1);
  });
});

describe('territory import', () => {
  const header = '街道,社区,网格,小区,地址,纬度,经度,户数,楼栋数,物业公司';
  it('imports a file of compounds, creating their streets, communities and grids', async () => {
    const { admin } = t.tenant();
    const csv = [
      header,
      '古槐街道,南门社区,一网格,运河小区,运河路1号,35.41,116.58,320,8,鲁兴物业',
      '古槐街道,南门社区,一网格,文化小区,,,,120,4,',
      '古槐街道,北门社区,二网格,龙行小区,,,,,,',
    ].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/territory/import',
      payload: csv,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ rows: 3, created: { streets: 1, communities: 2, grids: 2, compounds: 3 } });
    const tree = (await t.call(admin, 'GET', '/v1/territory/tree')).body;
    expect(tree.streets[0].children.map((c: { name: string }) => c.name)).toEqual(['北门社区', '南门社区']);
  });

  it('reports every bad row with its line and writes nothing from a bad file', async () => {
    const { admin } = t.tenant();
    await t.territory(admin, { street: '古槐街道', community: '南门社区', compound: '已有小区' });
    const csv = [
      header,
      '古槐街道,南门社区,一网格,新小区A,,,,,,',
      ',南门社区,一网格,缺街道,,,,,,',
      '古槐街道,南门社区,一网格,坐标错,,95,,,,',
      '古槐街道,南门社区,一网格,新小区A,,,,,,',
      '古槐街道,南门社区,一网格,已有小区,,,,,,',
    ].join('\n');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/territory/import',
      payload: csv,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
    });
    const body = expectProblem(res, 400, 'import_rejected');
    expect(body.errors?.map((e) => e.path)).toEqual([
      'rows.3.street',
      'rows.4.lat',
      'rows.5.compound',
      'rows.6.compound',
    ]);
    expect((res.json() as { badRows: number }).badRows).toBe(4);
    const names = (await t.call(admin, 'GET', '/v1/compounds')).body.items.map(
      (c: { name: string }) => c.name,
    );
    expect(names).toEqual(['已有小区']);
  });
});

describe('tenant settings from identity', () => {
  it('applies a settings change published by identity, once', async () => {
    const { id, admin } = t.tenant();
    expect((await t.call(admin, 'GET', '/v1/settings')).body.branchThreshold).toBe(3);
    const env = await t.publishSettings(id, { branchThreshold: 5, gridStaff: { min: 4, max: 8 } });
    await expect
      .poll(async () => (await t.call(admin, 'GET', '/v1/settings')).body.branchThreshold, { timeout: 5000 })
      .toBe(5);
    // A redelivery of the same event (same id, past JetStream's duplicate window) is applied once.
    await t.nats.js.publish(`${t.prefix}hf.identity.tenant.settings-changed`, JSON.stringify(env));
    const other = t.tenant();
    expect((await t.call(other.admin, 'GET', '/v1/settings')).body.branchThreshold).toBe(3);
    expect((await t.call(admin, 'GET', '/v1/settings')).body.gridStaff).toEqual({ min: 4, max: 8 });
  });
});
