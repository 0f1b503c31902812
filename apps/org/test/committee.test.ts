import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitteeMemberEntity } from '../src/modules/committee/committee-member.entity.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';
import { committeeMember, count, member } from './helpers/people.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test are read field by field
type Row = Record<string, any>;

describe('community two committees (社区"两委")', () => {
  it('adds, reads, changes, ends and deletes committee members with an audit trail', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { community, compound } = await t.territory(admin);
    const m = await member(t, tenantId, compound, { name: '王书记' });
    const created = await t.call(
      admin,
      'POST',
      '/v1/committee-members',
      {
        communityId: community.id,
        name: '王书记',
        phone: '0537-2345678',
        committee: 'both',
        position: '书记',
        atWindow: true,
        memberId: m.id,
      },
      201,
    );
    expect(created.body).toMatchObject({
      streetId: community.streetId,
      communityId: community.id,
      committee: 'both',
      committeeName: '社区党委、居委会（交叉任职）',
      position: '书记',
      atWindow: true,
      placement: 'window',
      placementName: '窗口值守',
      memberId: m.id,
      current: true,
      endedOn: null,
      version: 1,
    });
    const sunk = await committeeMember(t, admin, community.id, { committee: 'residents', position: '主任' });
    expect(sunk).toMatchObject({
      atWindow: false,
      placement: 'sunk',
      placementName: '下沉小区',
      committeeName: '社区居委会',
    });

    const patched = await t.call(admin, 'PATCH', `/v1/committee-members/${sunk.id}`, { atWindow: true }, 200);
    expect(patched.body).toMatchObject({ atWindow: true, placement: 'window', version: 2 });
    expect(
      (
        await t.call(admin, 'GET', `/v1/committee-members?communityId=${community.id}&committee=both`)
      ).body.items.map((r: Row) => r.id),
    ).toEqual([created.body.id]);

    const ended = await t.call(
      admin,
      'POST',
      `/v1/committee-members/${sunk.id}/end`,
      { endedOn: '2025-03-01', reason: '换届' },
      200,
    );
    expect(ended.body).toMatchObject({ current: false, endedOn: '2025-03-01' });
    expectProblem(
      (await t.call(admin, 'POST', `/v1/committee-members/${sunk.id}/end`, { endedOn: '2025-03-02' })).res,
      422,
      'already_ended',
    );
    expectProblem(
      (await t.call(admin, 'PATCH', `/v1/committee-members/${sunk.id}`, { position: '副主任' })).res,
      422,
      'ended',
    );
    const current = await t.call(admin, 'GET', `/v1/committee-members?communityId=${community.id}`);
    expect(current.body.items.map((r: Row) => r.id)).toEqual([created.body.id]);
    const all = await t.call(
      admin,
      'GET',
      `/v1/committee-members?communityId=${community.id}&includeEnded=true`,
    );
    expect(all.body.items).toHaveLength(2);

    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${sunk.id}`);
    expect(audit.body.items.map((e: Row) => e.action)).toEqual([
      'committee-members.ended',
      'committee-members.updated',
      'committee-members.created',
    ]);
    expect(audit.body.items[0].after).toMatchObject({ endedOn: '2025-03-01', reason: '换届' });

    await t.call(admin, 'DELETE', `/v1/committee-members/${sunk.id}`, undefined, 204);
    expectProblem((await t.call(admin, 'GET', `/v1/committee-members/${sunk.id}`)).res, 404);
  });

  it('lists with search, sort and cursor pages', async () => {
    const { admin } = t.tenant();
    const { community } = await t.territory(admin);
    for (const name of ['丁一', '丙二', '乙三', '甲四', '戊五'])
      await committeeMember(t, admin, community.id, { name });
    const p1 = await t.call(admin, 'GET', '/v1/committee-members?limit=2');
    const p2 = await t.call(admin, 'GET', `/v1/committee-members?limit=2&cursor=${p1.body.nextCursor}`);
    const p3 = await t.call(admin, 'GET', `/v1/committee-members?limit=2&cursor=${p2.body.nextCursor}`);
    const names = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((r: Row) => r.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(5);
    expect(p3.body.nextCursor).toBeNull();
    const desc = await t.call(admin, 'GET', '/v1/committee-members?sort=name&order=desc&limit=1');
    expect(desc.body.items[0].name).toBe(names[4]);
    const q = await t.call(admin, 'GET', `/v1/committee-members?q=${encodeURIComponent('乙')}`);
    expect(q.body.items.map((r: Row) => r.name)).toEqual(['乙三']);
    expectProblem((await t.call(admin, 'GET', '/v1/committee-members?limit=101')).res, 400);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { community } = await t.territory(admin);
    const cases: Array<[Row, string[]]> = [
      [{ communityId: crypto.randomUUID(), name: '甲', committee: 'party' }, ['body.communityId']],
      [{ communityId: community.id, name: '甲', committee: 'village' }, ['body.committee']],
      [{ communityId: community.id, name: '', committee: 'party' }, ['body.name']],
      [{ communityId: community.id, name: '甲', committee: 'party', phone: 'call me' }, ['body.phone']],
      [
        { communityId: community.id, name: '甲', committee: 'party', memberId: crypto.randomUUID() },
        ['body.memberId'],
      ],
      [
        {
          communityId: community.id,
          name: '甲',
          committee: 'party',
          tenantId: crypto.randomUUID(),
          endedOn: '2020-01-01',
        },
        ['body.endedOn', 'body.tenantId'],
      ],
    ];
    for (const [body, paths] of cases) {
      const res = await t.call(admin, 'POST', '/v1/committee-members', body);
      expect(
        expectProblem(res.res, 400)
          .errors?.map((e) => e.path)
          .sort(),
        JSON.stringify(body),
      ).toEqual(paths);
    }
    const one = await committeeMember(t, admin, community.id);
    expectProblem((await t.call(admin, 'PATCH', `/v1/committee-members/${one.id}`, {})).res, 400);
    expect(
      expectProblem(
        (await t.call(admin, 'POST', `/v1/committee-members/${one.id}/end`, { endedOn: '2025-13-01' })).res,
        400,
      ).errors?.[0].path,
    ).toBe('body.endedOn');
    expect(await count(t, tenantId, CommitteeMemberEntity)).toBe(1);
  });
});

describe('window staff (2–3 at the service window by default)', () => {
  it('warns below 2 and above 3, counts only current window staff, and follows the tenant range', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { community } = await t.territory(admin);
    const url = `/v1/communities/${community.id}/window-staff`;
    const status = async () => (await t.call(admin, 'GET', url, undefined, 200)).body;

    expect(await status()).toMatchObject({
      count: 0,
      status: 'too-few',
      range: { min: 2, max: 3 },
      sunkCount: 0,
    });
    await committeeMember(t, admin, community.id, { atWindow: false });
    const first = await committeeMember(t, admin, community.id, { atWindow: true, name: '甲' });
    const one = await status();
    expect(one).toMatchObject({ count: 1, status: 'too-few', statusName: '人数不足', sunkCount: 1 });
    expect(one.message).toBe('窗口留守仅1人，少于要求的2–3人，请补充');
    await committeeMember(t, admin, community.id, { atWindow: true, name: '乙' });
    const two = await status();
    expect(two).toMatchObject({ count: 2, status: 'ok', statusName: '符合要求' });
    expect(two.message).toBe('窗口留守2人，符合2–3人的要求');
    expect(two.staff.map((s: Row) => s.name)).toEqual(['乙', '甲'].sort());
    await committeeMember(t, admin, community.id, { atWindow: true });
    expect(await status()).toMatchObject({ count: 3, status: 'ok' });
    const fourth = await committeeMember(t, admin, community.id, { atWindow: true });
    const four = await status();
    expect(four).toMatchObject({ count: 4, status: 'too-many', statusName: '人数超出' });
    expect(four.message).toContain('其余人员应下沉小区');
    // Ending one, or sinking one into a compound, brings it back in range.
    await t.call(admin, 'POST', `/v1/committee-members/${fourth.id}/end`, { endedOn: '2025-01-01' }, 200);
    expect(await status()).toMatchObject({ count: 3, status: 'ok' });
    await t.call(admin, 'PATCH', `/v1/committee-members/${first.id}`, { atWindow: false }, 200);
    expect(await status()).toMatchObject({ count: 2, status: 'ok', sunkCount: 2 });

    // The district changes its rule to exactly 1 at the window.
    await t.publishSettings(tenantId, { windowStaff: { min: 1, max: 1 } });
    await expect.poll(async () => (await status()).range, { timeout: 5000 }).toEqual({ min: 1, max: 1 });
    const strict = await status();
    expect(strict).toMatchObject({ count: 2, status: 'too-many' });
    expect(strict.message).toContain('超出要求的1人');
    // Another tenant keeps the default.
    const other = t.tenant();
    const o = await t.territory(other.admin);
    expect(
      (await t.call(other.admin, 'GET', `/v1/communities/${o.community.id}/window-staff`)).body.range,
    ).toEqual({
      min: 2,
      max: 3,
    });
  });
});

describe('committee scope and roles', () => {
  it('lets community cadres keep their own community, others read within scope, and volunteers nothing', async () => {
    const { id, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const inB = await committeeMember(t, admin, b.community.id, { atWindow: true });
    const cadreA = t.tokens.user(id, ['community-cadre'], { communities: [a.community.id] });

    const mine = await committeeMember(t, cadreA, a.community.id);
    expectProblem(
      (
        await t.call(cadreA, 'POST', '/v1/committee-members', {
          communityId: b.community.id,
          name: '越界',
          committee: 'party',
        })
      ).res,
      404,
    );
    expectProblem((await t.call(cadreA, 'GET', `/v1/committee-members/${inB.id}`)).res, 404);
    expectProblem(
      (await t.call(cadreA, 'PATCH', `/v1/committee-members/${inB.id}`, { position: 'x' })).res,
      404,
    );
    expectProblem((await t.call(cadreA, 'GET', `/v1/communities/${b.community.id}/window-staff`)).res, 404);
    expect((await t.call(cadreA, 'GET', '/v1/committee-members')).body.items.map((r: Row) => r.id)).toEqual([
      mine.id,
    ]);

    const streetB = t.tokens.user(id, ['street-cadre'], { streets: [b.street.id] });
    await t.call(streetB, 'PATCH', `/v1/committee-members/${inB.id}`, { position: '副书记' }, 200);

    // Scoped beneath the community (a grid worker, a branch secretary): may read, not change.
    const gridWorker = t.tokens.user(id, ['grid-worker'], { grids: [b.grid.id] });
    expect(
      (await t.call(gridWorker, 'GET', `/v1/communities/${b.community.id}/window-staff`)).body.count,
    ).toBe(1);
    expect(
      (await t.call(gridWorker, 'GET', '/v1/committee-members')).body.items.map((r: Row) => r.id),
    ).toEqual([inB.id]);
    expectProblem(
      (await t.call(gridWorker, 'PATCH', `/v1/committee-members/${inB.id}`, { position: 'x' })).res,
      403,
    );
    const secretary = t.tokens.user(id, ['branch-secretary'], { compounds: [b.compound.id] });
    expectProblem(
      (
        await t.call(secretary, 'POST', '/v1/committee-members', {
          communityId: b.community.id,
          name: 'x',
          committee: 'party',
        })
      ).res,
      403,
    );
    expectProblem(
      (await t.call(secretary, 'POST', `/v1/committee-members/${inB.id}/end`, { endedOn: '2025-01-01' })).res,
      403,
    );

    const viewer = t.tokens.user(id, ['viewer']);
    expect((await t.call(viewer, 'GET', '/v1/committee-members')).body.items).toHaveLength(2);
    expectProblem((await t.call(viewer, 'DELETE', `/v1/committee-members/${inB.id}`)).res, 403);
    const volunteer = t.tokens.user(id, ['volunteer']);
    expectProblem((await t.call(volunteer, 'GET', '/v1/committee-members')).res, 403);
    expectProblem(
      (await t.call(volunteer, 'GET', `/v1/communities/${a.community.id}/window-staff`)).res,
      403,
    );
  });

  it('keeps two tenants apart: the other tenant ids are 404 and nothing changes', async () => {
    const one = t.tenant();
    const two = t.tenant();
    const mine = await t.territory(one.admin);
    const theirs = await t.territory(two.admin);
    const theirMember = await committeeMember(t, two.admin, theirs.community.id, { atWindow: true });
    await committeeMember(t, one.admin, mine.community.id);
    for (const [m, u, p] of [
      ['GET', `/v1/committee-members/${theirMember.id}`, undefined],
      ['PATCH', `/v1/committee-members/${theirMember.id}`, { name: 'hijack' }],
      ['POST', `/v1/committee-members/${theirMember.id}/end`, { endedOn: '2025-01-01' }],
      ['DELETE', `/v1/committee-members/${theirMember.id}`, undefined],
      ['GET', `/v1/communities/${theirs.community.id}/window-staff`, undefined],
    ] as const)
      expectProblem((await t.call(one.admin, m, u, p)).res, 404);
    const plant = await t.call(one.admin, 'POST', '/v1/committee-members', {
      communityId: theirs.community.id,
      name: 'plant',
      committee: 'party',
    });
    expect(expectProblem(plant.res, 400).errors?.[0].path).toBe('body.communityId');
    expect((await t.call(one.admin, 'GET', '/v1/committee-members')).body.items).toHaveLength(1);
    const still = await t.call(two.admin, 'GET', `/v1/committee-members/${theirMember.id}`, undefined, 200);
    expect(still.body).toMatchObject({ name: theirMember.name, version: 1, current: true });
    expect((await t.call(two.admin, 'GET', '/v1/committee-members')).body.items).toHaveLength(1);
  });
});
