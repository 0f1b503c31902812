import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridStaffEntity } from '../src/modules/grid-staff/grid-staff.entity.js';
import { rand, startTestOrg, type TestOrg } from './helpers/org.js';
import { compoundBranch, count, uniquePhone } from './helpers/people.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test are read field by field
type Row = Record<string, any>;

const ROLES = [
  'liaison-cadre',
  'full-time-grid-worker',
  'part-time-grid-worker',
  'compound-police',
  'urban-management',
  'public-welfare-post',
];

async function assign(token: string, gridId: string, over: Row = {}) {
  return (
    await t.call(
      token,
      'POST',
      '/v1/grid-staff',
      {
        gridId,
        name: `网格员${rand()}`,
        phone: uniquePhone(),
        role: 'full-time-grid-worker',
        startedOn: '2025-01-01',
        ...over,
      },
      201,
    )
  ).body;
}

describe('grid staff (网格力量)', () => {
  it('assigns people in the six roles with Chinese names, corrects, ends and lists them', async () => {
    const { admin } = t.tenant();
    const { street, community, grid } = await t.territory(admin);
    const police = await assign(admin, grid.id, { name: '王警官', role: 'compound-police' });
    expect(police).toMatchObject({
      streetId: street.id,
      communityId: community.id,
      gridId: grid.id,
      role: 'compound-police',
      roleName: '小区片警',
      current: true,
      endedOn: null,
    });
    const names: Row = {};
    for (const role of ROLES) names[role] = (await assign(admin, grid.id, { role })).roleName;
    expect(names).toEqual({
      'liaison-cadre': '包保干部',
      'full-time-grid-worker': '专职网格员',
      'part-time-grid-worker': '兼职网格员',
      'compound-police': '小区片警',
      'urban-management': '城管人员',
      'public-welfare-post': '公益岗',
    });
    expectProblem(
      (
        await t.call(admin, 'POST', '/v1/grid-staff', {
          gridId: grid.id,
          name: '重复',
          phone: police.phone,
          role: 'urban-management',
          startedOn: '2025-01-01',
        })
      ).res,
      409,
      'already_assigned',
    );
    const fixed = await t.call(admin, 'PATCH', `/v1/grid-staff/${police.id}`, { phone: '0537-1100110' }, 200);
    expect(fixed.body).toMatchObject({ phone: '0537-1100110', version: 2 });
    expect(
      expectProblem(
        (await t.call(admin, 'POST', `/v1/grid-staff/${police.id}/end`, { endedOn: '2024-12-31' })).res,
        400,
      ).errors?.[0].path,
    ).toBe('body.endedOn');
    await t.call(
      admin,
      'POST',
      `/v1/grid-staff/${police.id}/end`,
      { endedOn: '2025-06-30', reason: '调岗' },
      200,
    );
    expectProblem(
      (await t.call(admin, 'POST', `/v1/grid-staff/${police.id}/end`, { endedOn: '2025-07-01' })).res,
      422,
      'already_ended',
    );
    expectProblem(
      (await t.call(admin, 'PATCH', `/v1/grid-staff/${police.id}`, { name: '改' })).res,
      422,
      'ended',
    );

    const current = await t.call(admin, 'GET', `/v1/grid-staff?gridId=${grid.id}&role=compound-police`);
    expect(current.body.items).toHaveLength(1);
    const withEnded = await t.call(
      admin,
      'GET',
      `/v1/grid-staff?gridId=${grid.id}&role=compound-police&includeEnded=true`,
    );
    expect(withEnded.body.items).toHaveLength(2);
    expect(
      (await t.call(admin, 'GET', `/v1/grid-staff?communityId=${community.id}`)).body.items,
    ).toHaveLength(6);
    const p1 = await t.call(admin, 'GET', `/v1/grid-staff?streetId=${street.id}&limit=4&sort=createdAt`);
    const p2 = await t.call(
      admin,
      'GET',
      `/v1/grid-staff?streetId=${street.id}&limit=4&sort=createdAt&cursor=${p1.body.nextCursor}`,
    );
    expect(new Set([...p1.body.items, ...p2.body.items].map((x: Row) => x.id)).size).toBe(6);
    expect(p2.body.nextCursor).toBeNull();
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${police.id}`);
    expect(audit.body.items.map((x: Row) => x.action)).toEqual([
      'grid-staff.ended',
      'grid-staff.updated',
      'grid-staff.assigned',
    ]);
  });

  it('warns below 5 and above 10 per grid by default, by role, and follows the tenant range', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { community, grid } = await t.territory(admin);
    const quiet = (
      await t.call(admin, 'POST', '/v1/grids', { communityId: community.id, name: `空网格${rand()}` }, 201)
    ).body;
    const staffing = async () =>
      (await t.call(admin, 'GET', `/v1/grids/${grid.id}/staffing`, undefined, 200)).body;

    const people: Row[] = [];
    for (let i = 0; i < 4; i++) people.push(await assign(admin, grid.id, { role: ROLES[i % ROLES.length] }));
    const four = await staffing();
    expect(four).toMatchObject({ gridId: grid.id, count: 4, status: 'too-few', range: { min: 5, max: 10 } });
    expect(four.message).toBe('网格力量仅4人，少于要求的5–10人，请补充');
    expect(four.byRole.find((r: Row) => r.role === 'liaison-cadre')).toEqual({
      role: 'liaison-cadre',
      roleName: '包保干部',
      count: 1,
    });
    expect(four.byRole).toHaveLength(6);
    people.push(await assign(admin, grid.id, { role: 'public-welfare-post' }));
    expect(await staffing()).toMatchObject({
      count: 5,
      status: 'ok',
      message: '网格力量5人，符合5–10人的要求',
    });
    for (let i = 0; i < 5; i++) people.push(await assign(admin, grid.id));
    expect(await staffing()).toMatchObject({ count: 10, status: 'ok' });
    const eleventh = await assign(admin, grid.id);
    const over = await staffing();
    expect(over).toMatchObject({ count: 11, status: 'too-many', statusName: '人数超出' });
    expect(over.message).toBe('网格力量11人，超出要求的5–10人');
    await t.call(admin, 'POST', `/v1/grid-staff/${eleventh.id}/end`, { endedOn: '2025-02-01' }, 200);
    expect(await staffing()).toMatchObject({ count: 10, status: 'ok' });

    const all = (await t.call(admin, 'GET', `/v1/grid-staffing?communityId=${community.id}`, undefined, 200))
      .body;
    expect(all.range).toEqual({ min: 5, max: 10 });
    expect(all.summary).toEqual({ grids: 2, ok: 1, tooFew: 1, tooMany: 0 });
    expect(all.items[0]).toMatchObject({ communityName: community.name, streetName: expect.any(String) });
    const few = (await t.call(admin, 'GET', `/v1/grid-staffing?communityId=${community.id}&status=too-few`))
      .body;
    expect(few.items.map((g: Row) => [g.gridId, g.count])).toEqual([[quiet.id, 0]]);
    const page1 = (await t.call(admin, 'GET', `/v1/grid-staffing?communityId=${community.id}&limit=1`)).body;
    const page2 = (
      await t.call(
        admin,
        'GET',
        `/v1/grid-staffing?communityId=${community.id}&limit=1&cursor=${page1.nextCursor}`,
      )
    ).body;
    expect([...page1.items, ...page2.items].map((g: Row) => g.gridId).sort()).toEqual(
      [grid.id, quiet.id].sort(),
    );
    expect(page2.nextCursor).toBeNull();

    // The district narrows its rule to 6–8: ten people are now too many.
    await t.publishSettings(tenantId, { gridStaff: { min: 6, max: 8 } });
    await expect.poll(async () => (await staffing()).range, { timeout: 5000 }).toEqual({ min: 6, max: 8 });
    expect(await staffing()).toMatchObject({ count: 10, status: 'too-many' });
    for (const p of people.slice(0, 2))
      await t.call(admin, 'POST', `/v1/grid-staff/${p.id}/end`, { endedOn: '2025-03-01' }, 200);
    expect(await staffing()).toMatchObject({ count: 8, status: 'ok' });
    for (const p of people.slice(2, 4))
      await t.call(admin, 'POST', `/v1/grid-staff/${p.id}/end`, { endedOn: '2025-03-01' }, 200);
    expect(await staffing()).toMatchObject({ count: 6, status: 'ok' });
    await t.call(admin, 'POST', `/v1/grid-staff/${people[4].id}/end`, { endedOn: '2025-03-01' }, 200);
    expect(await staffing()).toMatchObject({
      count: 5,
      status: 'too-few',
      message: '网格力量仅5人，少于要求的6–8人，请补充',
    });
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { grid } = await t.territory(admin);
    const ok = { gridId: grid.id, name: '甲', role: 'urban-management', startedOn: '2025-01-01' };
    for (const [body, paths] of [
      [{ ...ok, gridId: crypto.randomUUID() }, ['body.gridId']],
      [{ ...ok, role: 'janitor' }, ['body.role']],
      [{ ...ok, startedOn: 'tomorrow' }, ['body.startedOn']],
      [{ ...ok, phone: 'x' }, ['body.phone']],
      [{ ...ok, streetId: crypto.randomUUID(), endedOn: '2025-02-01' }, ['body.endedOn', 'body.streetId']],
    ] as const)
      expect(
        expectProblem((await t.call(admin, 'POST', '/v1/grid-staff', body)).res, 400)
          .errors?.map((e) => e.path)
          .sort(),
      ).toEqual(paths);
    expect(await count(t, tenantId, GridStaffEntity)).toBe(0);
    expectProblem((await t.call(admin, 'GET', '/v1/grid-staff?role=chef')).res, 400);
  });
});

describe('grid staff scope and tenants', () => {
  it('lets cadres staff grids in their part; branch secretaries and grid workers read their grid only', async () => {
    const { id, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const inB = await assign(admin, b.grid.id);
    const streetA = t.tokens.user(id, ['street-cadre'], { streets: [a.street.id] });
    const mine = await assign(streetA, a.grid.id);
    expectProblem(
      (
        await t.call(streetA, 'POST', '/v1/grid-staff', {
          gridId: b.grid.id,
          name: 'x',
          role: 'urban-management',
          startedOn: '2025-01-01',
        })
      ).res,
      404,
    );
    expectProblem((await t.call(streetA, 'GET', `/v1/grid-staff/${inB.id}`)).res, 404);
    expectProblem((await t.call(streetA, 'GET', `/v1/grids/${b.grid.id}/staffing`)).res, 404);
    expect((await t.call(streetA, 'GET', '/v1/grid-staff')).body.items.map((x: Row) => x.id)).toEqual([
      mine.id,
    ]);
    expect((await t.call(streetA, 'GET', '/v1/grid-staffing')).body.summary.grids).toBe(1);

    const branch = await compoundBranch(t, id, a.compound);
    const secretary = t.tokens.user(id, ['branch-secretary'], { branches: [branch.id] });
    expect((await t.call(secretary, 'GET', `/v1/grids/${a.grid.id}/staffing`)).body.count).toBe(1);
    expect((await t.call(secretary, 'GET', '/v1/grid-staff')).body.items.map((x: Row) => x.id)).toEqual([
      mine.id,
    ]);
    expectProblem(
      (await t.call(secretary, 'POST', `/v1/grid-staff/${mine.id}/end`, { endedOn: '2025-02-01' })).res,
      403,
    );

    const gridWorker = t.tokens.user(id, ['grid-worker'], { grids: [b.grid.id] });
    expect((await t.call(gridWorker, 'GET', '/v1/grid-staff')).body.items.map((x: Row) => x.id)).toEqual([
      inB.id,
    ]);
    expectProblem((await t.call(gridWorker, 'PATCH', `/v1/grid-staff/${inB.id}`, { name: 'x' })).res, 403);

    const viewer = t.tokens.user(id, ['viewer']);
    expect((await t.call(viewer, 'GET', '/v1/grid-staffing')).body.summary.grids).toBe(2);
    expectProblem((await t.call(t.tokens.user(id, ['volunteer']), 'GET', '/v1/grid-staffing')).res, 403);
  });

  it("treats the other tenant's grids and staff as unknown and changes nothing", async () => {
    const one = t.tenant();
    const two = t.tenant();
    await t.territory(one.admin);
    const theirs = await t.territory(two.admin);
    const person = await assign(two.admin, theirs.grid.id);
    for (const [m, u, p] of [
      ['GET', `/v1/grid-staff/${person.id}`, undefined],
      ['PATCH', `/v1/grid-staff/${person.id}`, { name: 'hijack' }],
      ['POST', `/v1/grid-staff/${person.id}/end`, { endedOn: '2025-02-01' }],
      ['GET', `/v1/grids/${theirs.grid.id}/staffing`, undefined],
    ] as const)
      expectProblem((await t.call(one.admin, m, u, p)).res, 404);
    const plant = await t.call(one.admin, 'POST', '/v1/grid-staff', {
      gridId: theirs.grid.id,
      name: 'plant',
      role: 'urban-management',
      startedOn: '2025-01-01',
    });
    expect(expectProblem(plant.res, 400).errors?.[0].path).toBe('body.gridId');
    expect((await t.call(one.admin, 'GET', '/v1/grid-staff')).body.items).toHaveLength(0);
    expect((await t.call(one.admin, 'GET', '/v1/grid-staffing')).body.summary.grids).toBe(1);
    const still = await t.call(two.admin, 'GET', `/v1/grid-staff/${person.id}`, undefined, 200);
    expect(still.body).toMatchObject({ name: person.name, version: 1, current: true });
  });
});
