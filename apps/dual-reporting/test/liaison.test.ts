import { compoundUpdated, partyOrgFormed } from '@hongfan/contracts';
import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDual, type TestDual } from './helpers/dual.js';

let t: TestDual;
beforeAll(async () => {
  t = await startTestDual();
});
afterAll(() => t?.close());

/** A community of three compounds: 甲 and 乙 under one joint branch (from org's events), 丙 with none yet. */
async function community() {
  const { id, admin } = t.tenant();
  const a = await t.territory(admin, { community: '北门社区', compound: '甲小区' });
  const within = { streetId: a.streetId, communityId: a.communityId, gridId: a.gridId };
  const b = await t.territory(admin, { compound: '乙小区' }, within);
  const c = await t.territory(admin, { compound: '丙小区' }, within);
  const branchId = crypto.randomUUID();
  await t.publishOrg(partyOrgFormed, id, {
    partyOrgId: branchId,
    level: 'grid-branch',
    name: '北门社区第一网格联合党支部',
    parentId: null,
    streetId: a.streetId,
    communityId: a.communityId,
    gridId: a.gridId,
    compoundIds: [a.compound.id, b.compound.id],
    status: 'active',
  });
  for (const x of [a, b]) {
    const seen = await t.synced(admin, x.compound.id);
    await t.publishOrg(compoundUpdated, id, t.compoundState(seen, { branchId, branchForm: 'joint-branch' }));
    await t.synced(admin, x.compound.id, (v) => v.branchId === branchId);
  }
  const cadre = t.tokens.user(id, ['community-cadre'], { communities: [a.communityId] });
  return { id, admin, a, b, c, branchId, cadre, communityId: a.communityId };
}

describe('liaison links', () => {
  it("re-makes a unit's community link as links to the community's compound branches in one step, with history", async () => {
    const s = await community();
    const u = await t.unit(s.id, s.admin, '市住建局');
    const link = (
      await t.call(
        s.cadre,
        'POST',
        '/v1/liaison-links',
        { workUnitId: u.unit.id, kind: 'community', targetId: s.communityId },
        201,
      )
    ).body;
    expect(link).toMatchObject({ kind: 'community', kindName: '社区', targetName: '北门社区', active: true });
    expectProblem(
      (
        await t.call(s.cadre, 'POST', '/v1/liaison-links', {
          workUnitId: u.unit.id,
          kind: 'community',
          targetId: s.communityId,
        })
      ).res,
      409,
      'already_linked',
    );
    const r = (await t.call(s.cadre, 'POST', `/v1/liaison-links/${link.id}/remap`, {}, 200)).body;
    expect(r.ended).toMatchObject([
      { id: link.id, active: false, endReason: 'remapped to compound branches' },
    ]);
    expect(
      r.created.map((l: { kind: string; targetName: string; remappedFromId: string }) => [
        l.kind,
        l.targetName,
        l.remappedFromId,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['branch', '北门社区第一网格联合党支部', link.id],
        ['compound', '丙小区', link.id],
      ]),
    );
    expect(r.created).toHaveLength(2);
    // History: the unit's admin sees all three, one ended.
    const mine = (await t.call(u.admin, 'GET', '/v1/liaison-links')).body.items;
    expect(mine).toHaveLength(3);
    expect((await t.call(u.admin, 'GET', '/v1/liaison-links?active=true')).body.items).toHaveLength(2);
    // The joint branch's secretary sees the link to their branch.
    const sec = t.tokens.user(s.id, ['branch-secretary'], { branches: [s.branchId] });
    expect(
      (await t.call(sec, 'GET', '/v1/liaison-links')).body.items.map((l: { targetId: string }) => l.targetId),
    ).toEqual([s.branchId]);
    expectProblem((await t.call(s.cadre, 'POST', `/v1/liaison-links/${link.id}/remap`, {})).res, 422);
  });

  it('re-makes every unit linked to a community at once, or only chosen branches', async () => {
    const s = await community();
    const units = [await t.unit(s.id, s.admin), await t.unit(s.id, s.admin), await t.unit(s.id, s.admin)];
    const links = [];
    for (const u of units)
      links.push(
        (
          await t.call(
            s.admin,
            'POST',
            '/v1/liaison-links',
            { workUnitId: u.unit.id, kind: 'community', targetId: s.communityId },
            201,
          )
        ).body,
      );
    const bad = await t.call(s.cadre, 'POST', `/v1/liaison-links/${links[0].id}/remap`, {
      targetIds: [s.branchId, s.a.compound.id],
    });
    expect(expectProblem(bad.res, 400).errors?.map((e) => e.path)).toEqual(['body.targetIds.1']);
    const chosen = (
      await t.call(
        s.cadre,
        'POST',
        `/v1/liaison-links/${links[0].id}/remap`,
        { targetIds: [s.branchId] },
        200,
      )
    ).body;
    expect(chosen.created.map((l: { targetId: string }) => l.targetId)).toEqual([s.branchId]);
    const all = (
      await t.call(s.cadre, 'POST', '/v1/liaison-links/remap-community', { communityId: s.communityId }, 200)
    ).body;
    expect(all.ended.map((l: { id: string }) => l.id).sort()).toEqual([links[1].id, links[2].id].sort());
    expect(all.created).toHaveLength(4);
    expect(
      (
        await t.call(
          s.admin,
          'GET',
          `/v1/liaison-links?communityId=${s.communityId}&kind=community&active=true`,
        )
      ).body.items,
    ).toEqual([]);
  });

  it('lets only the community (or the district) link and end; units read their own links', async () => {
    const s = await community();
    const u = await t.unit(s.id, s.admin);
    const other = await t.unit(s.id, s.admin);
    const body = { workUnitId: u.unit.id, kind: 'branch', targetId: s.branchId };
    expectProblem((await t.call(u.admin, 'POST', '/v1/liaison-links', body)).res, 403);
    const elsewhere = t.tokens.user(s.id, ['community-cadre'], { communities: [crypto.randomUUID()] });
    expectProblem((await t.call(elsewhere, 'POST', '/v1/liaison-links', body)).res, 403);
    expectProblem(
      (await t.call(s.cadre, 'POST', '/v1/liaison-links', { ...body, targetId: crypto.randomUUID() })).res,
      422,
      'unknown_branch',
    );
    const l = (await t.call(s.cadre, 'POST', '/v1/liaison-links', body, 201)).body;
    expect(l).toMatchObject({
      kindName: '小区党支部',
      targetName: '北门社区第一网格联合党支部',
      communityId: s.communityId,
    });
    expect((await t.call(other.admin, 'GET', '/v1/liaison-links')).body.items).toEqual([]);
    expectProblem((await t.call(other.admin, 'GET', `/v1/liaison-links/${l.id}`)).res, 404);
    const ended = await t.call(s.cadre, 'POST', `/v1/liaison-links/${l.id}/end`, { reason: '共建期满' }, 200);
    expect(ended.body).toMatchObject({ active: false, endReason: '共建期满' });
    // Re-linking after the end is allowed (a new period).
    await t.call(s.cadre, 'POST', '/v1/liaison-links', body, 201);
  });
});
