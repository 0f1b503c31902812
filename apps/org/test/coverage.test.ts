import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembers, archiveMembers } from './helpers/formation.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
  fx = await fixture();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: API bodies
type Row = Record<string, any>;
let fx: Awaited<ReturnType<typeof fixture>>;

/**
 * A district counted by hand:
 *
 * 古槐街道 ─ 南门社区 ─ 一网格: 幸福里 (3 self full + 1 self probationary, +1 archived) own branch
 *         │                 和平里 (1 self full)                             joint branch
 *         │                 安居苑 (no members)                              joint branch
 *         │         └ 二网格: 翠竹园 (1 self full + 1 non-self)              uncovered
 *         └ 北门社区 ─ 三网格: 金色家园 (4 self full)                         own branch
 *                            阳光花园 (no members)                           uncovered
 *                            已拆小区 (archived)                              not counted
 * 越河街道 ─ 东门社区 ─ 四网格: 运河小区 (1 self full)                        uncovered
 *         └ 西门社区 (no grid, no compound)
 */
async function fixture() {
  const { id: tenantId, admin } = t.tenant();
  const call = async (url: string, body: unknown) =>
    (await t.call(admin, 'POST', url, body, 201)).body as Row;
  const s1 = await call('/v1/streets', { name: '古槐街道' });
  const s2 = await call('/v1/streets', { name: '越河街道' });
  const c1 = await call('/v1/communities', { streetId: s1.id, name: '南门社区' });
  const c2 = await call('/v1/communities', { streetId: s1.id, name: '北门社区' });
  const c3 = await call('/v1/communities', { streetId: s2.id, name: '东门社区' });
  const c4 = await call('/v1/communities', { streetId: s2.id, name: '西门社区' });
  const g1 = await call('/v1/grids', { communityId: c1.id, name: '一网格' });
  const g2 = await call('/v1/grids', { communityId: c1.id, name: '二网格' });
  const g3 = await call('/v1/grids', { communityId: c2.id, name: '三网格' });
  const g4 = await call('/v1/grids', { communityId: c3.id, name: '四网格' });
  const compound = (grid: Row, name: string) => call('/v1/compounds', { gridId: grid.id, name });
  const p1 = await compound(g1, '幸福里');
  const p2 = await compound(g1, '和平里');
  const p3 = await compound(g1, '安居苑');
  const p4 = await compound(g2, '翠竹园');
  const p5 = await compound(g3, '金色家园');
  const p6 = await compound(g3, '阳光花园');
  const p7 = await compound(g3, '已拆小区');
  const p8 = await compound(g4, '运河小区');
  await t.call(admin, 'POST', `/v1/compounds/${p7.id}/archive`, undefined, 200);

  const [, , , , gone] = await addMembers(t, tenantId, p1 as never, { selfFull: 4, selfProbationary: 1 });
  await archiveMembers(t, tenantId, [gone as string]);
  await addMembers(t, tenantId, p2 as never, { selfFull: 1 });
  await addMembers(t, tenantId, p4 as never, { selfFull: 1, nonSelfFull: 1 });
  await addMembers(t, tenantId, p5 as never, { selfFull: 4 });
  await addMembers(t, tenantId, p8 as never, { selfFull: 1 });

  await call('/v1/party-orgs', { level: 'street-committee', streetId: s1.id });
  await call('/v1/party-orgs', { level: 'community-committee', communityId: c1.id });
  await call('/v1/party-orgs', { level: 'community-committee', communityId: c2.id });
  for (const p of [p1, p2, p3, p5])
    await t.call(admin, 'POST', `/v1/formation/compounds/${p.id}/apply`, undefined, 200);
  return { tenantId, admin, s1, s2, c1, c2, c3, c4, g1, g2, g3, g4, p1, p2, p3, p4, p5, p6, p7, p8 };
}

const zero = {
  compounds: 0,
  coveredCompounds: 0,
  uncoveredCompounds: 0,
  coveragePercent: null,
  ownBranches: 0,
  jointBranches: 0,
  jointBranchCompounds: 0,
  members: 0,
  membersUnderManagement: 0,
};
const get = async (token: string, q: string) =>
  (await t.call(token, 'GET', `/v1/coverage${q}`, undefined, 200)).body;

describe('coverage figures, checked by hand', () => {
  it('for the district, per street, with the uncovered compounds', async () => {
    const r = await get(fx.admin, '');
    expect(r).toMatchObject({ level: 'district', unit: { kind: 'district', id: null }, groupBy: 'street' });
    expect(r.totals).toEqual({
      compounds: 7,
      coveredCompounds: 4,
      uncoveredCompounds: 3,
      coveragePercent: 57.1,
      ownBranches: 2,
      jointBranches: 1,
      jointBranchCompounds: 2,
      members: 12,
      membersUnderManagement: 9,
    });
    expect(r.breakdown).toEqual([
      {
        kind: 'street',
        id: fx.s1.id,
        name: '古槐街道',
        streetId: fx.s1.id,
        communityId: null,
        compounds: 6,
        coveredCompounds: 4,
        uncoveredCompounds: 2,
        coveragePercent: 66.7,
        ownBranches: 2,
        jointBranches: 1,
        jointBranchCompounds: 2,
        members: 11,
        membersUnderManagement: 9,
      },
      {
        kind: 'street',
        id: fx.s2.id,
        name: '越河街道',
        streetId: fx.s2.id,
        communityId: null,
        ...zero,
        compounds: 1,
        uncoveredCompounds: 1,
        coveragePercent: 0,
        members: 1,
      },
    ]);
    expect(r.uncovered.total).toBe(3);
    expect(r.uncovered.items.map((i: Row) => i.name)).toEqual(['阳光花园', '翠竹园', '运河小区']);
    expect(r.uncovered.items[1]).toEqual({
      compoundId: fx.p4.id,
      name: '翠竹园',
      streetId: fx.s1.id,
      streetName: '古槐街道',
      communityId: fx.c1.id,
      communityName: '南门社区',
      gridId: fx.g2.id,
      gridName: '二网格',
    });
    const capped = await get(fx.admin, '?uncoveredLimit=2');
    expect(capped.uncovered).toMatchObject({ total: 3, limit: 2 });
    expect(capped.uncovered.items).toHaveLength(2);
    expect((await get(fx.admin, '?uncoveredLimit=0')).uncovered).toEqual({ total: 3, limit: 0, items: [] });
  });

  it('for a street (per community) and a community (per grid); an empty community shows zeros', async () => {
    const street = await get(fx.admin, `?level=street&streetId=${fx.s1.id}`);
    expect(street.unit).toEqual({ kind: 'street', id: fx.s1.id, name: '古槐街道' });
    expect(street.totals).toMatchObject({
      compounds: 6,
      coveredCompounds: 4,
      coveragePercent: 66.7,
      members: 11,
    });
    expect(street.groupBy).toBe('community');
    expect(
      street.breakdown.map((b: Row) => [b.name, b.compounds, b.coveredCompounds, b.coveragePercent]),
    ).toEqual([
      ['北门社区', 2, 1, 50],
      ['南门社区', 4, 3, 75],
    ]);
    expect(street.breakdown[1]).toMatchObject({
      ownBranches: 1,
      jointBranches: 1,
      jointBranchCompounds: 2,
      members: 7,
      membersUnderManagement: 5,
    });
    expect(street.breakdown[0]).toMatchObject({
      ownBranches: 1,
      jointBranches: 0,
      members: 4,
      membersUnderManagement: 4,
    });
    expect(street.uncovered.items.map((i: Row) => i.name)).toEqual(['阳光花园', '翠竹园']);

    const s2 = await get(fx.admin, `?streetId=${fx.s2.id}`);
    expect(s2.breakdown).toEqual([
      expect.objectContaining({ name: '东门社区', compounds: 1, coveragePercent: 0, members: 1 }),
      expect.objectContaining({ name: '西门社区', ...zero }),
    ]);

    const community = await get(fx.admin, `?communityId=${fx.c1.id}`);
    expect(community).toMatchObject({ level: 'community', unit: { name: '南门社区' }, groupBy: 'grid' });
    expect(community.totals).toEqual({
      compounds: 4,
      coveredCompounds: 3,
      uncoveredCompounds: 1,
      coveragePercent: 75,
      ownBranches: 1,
      jointBranches: 1,
      jointBranchCompounds: 2,
      members: 7,
      membersUnderManagement: 5,
    });
    expect(community.breakdown).toEqual([
      {
        kind: 'grid',
        id: fx.g2.id,
        name: '二网格',
        streetId: fx.s1.id,
        communityId: fx.c1.id,
        ...zero,
        compounds: 1,
        uncoveredCompounds: 1,
        coveragePercent: 0,
        members: 2,
      },
      {
        kind: 'grid',
        id: fx.g1.id,
        name: '一网格',
        streetId: fx.s1.id,
        communityId: fx.c1.id,
        compounds: 3,
        coveredCompounds: 3,
        uncoveredCompounds: 0,
        coveragePercent: 100,
        ownBranches: 1,
        jointBranches: 1,
        jointBranchCompounds: 2,
        members: 5,
        membersUnderManagement: 5,
      },
    ]);
    expect(community.uncovered.items.map((i: Row) => i.compoundId)).toEqual([fx.p4.id]);

    // The console's charts: every community of the district, every street, a street's communities.
    const all = await get(fx.admin, '?groupBy=community');
    expect(all.breakdown.map((b: Row) => [b.name, b.compounds])).toEqual([
      ['北门社区', 2],
      ['东门社区', 1],
      ['南门社区', 4],
      ['西门社区', 0],
    ]);
    expect((await get(fx.admin, '?level=community')).breakdown).toEqual(all.breakdown);
    const streets = await get(fx.admin, '?level=street');
    expect(streets).toMatchObject({
      level: 'street',
      unit: { kind: 'district', id: null },
      groupBy: 'street',
    });
    expect(streets.breakdown).toEqual((await get(fx.admin, '')).breakdown);
    const ofStreet = await get(fx.admin, `?level=community&streetId=${fx.s1.id}`);
    expect(ofStreet).toMatchObject({ unit: { kind: 'street', id: fx.s1.id }, groupBy: 'community' });
    expect(ofStreet.breakdown).toEqual(street.breakdown);
    expect(
      (await get(fx.admin, `?streetId=${fx.s1.id}&groupBy=grid`)).breakdown.map((b: Row) => b.name).sort(),
    ).toEqual(['一网格', '二网格', '三网格'].sort());
  });

  it('follows formation: applying covers a compound, dissolving a branch uncovers it', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin);
    await addMembers(t, tenantId, terr.compound, { selfFull: 2, nonSelfFull: 1 });
    expect((await get(admin, '')).totals).toMatchObject({
      compounds: 1,
      coveredCompounds: 0,
      coveragePercent: 0,
      members: 3,
    });
    await t.call(
      admin,
      'POST',
      '/v1/party-orgs',
      { level: 'street-committee', streetId: terr.street.id },
      201,
    );
    await t.call(
      admin,
      'POST',
      '/v1/party-orgs',
      { level: 'community-committee', communityId: terr.community.id },
      201,
    );
    const applied = (
      await t.call(admin, 'POST', `/v1/formation/compounds/${terr.compound.id}/apply`, undefined, 200)
    ).body;
    expect((await get(admin, '')).totals).toMatchObject({
      coveredCompounds: 1,
      coveragePercent: 100,
      jointBranches: 1,
      membersUnderManagement: 3,
    });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await t.call(
      admin,
      'POST',
      `/v1/party-orgs/${applied.branch.id}/dissolve`,
      { reason: '撤并', dissolvedOn: today },
      200,
    );
    expect((await get(admin, '')).totals).toMatchObject({
      coveredCompounds: 0,
      jointBranches: 0,
      membersUnderManagement: 0,
    });
  });
});

describe('input, scope and tenants', () => {
  it('rejects bad input with a 400 naming the field', async () => {
    for (const [q, path] of [
      ['?level=street&groupBy=community', 'querystring.groupBy'],
      [`?level=street&communityId=${fx.c1.id}`, 'querystring.communityId'],
      [`?level=district&streetId=${fx.s1.id}`, 'querystring.streetId'],
      [`?level=street&streetId=${fx.s1.id}&groupBy=street`, 'querystring.groupBy'],
      [`?communityId=${fx.c1.id}&groupBy=community`, 'querystring.groupBy'],
      [`?communityId=${fx.c1.id}&streetId=${fx.s2.id}&level=community`, 'querystring.communityId'],
      ['?uncoveredLimit=1000', 'querystring.uncoveredLimit'],
      ['?level=city', 'querystring.level'],
      ['?streetId=nope', 'querystring.streetId'],
    ] as const) {
      const res = await t.call(fx.admin, 'GET', `/v1/coverage${q}`);
      expect(expectProblem(res.res, 400).errors?.[0].path, q).toBe(path);
    }
  });

  it('street and community cadres get only their part; viewers read; volunteers are refused', async () => {
    const { tenantId } = fx;
    const streetCadre = t.tokens.user(tenantId, ['street-cadre'], { streets: [fx.s1.id] });
    expect((await get(streetCadre, `?streetId=${fx.s1.id}`)).totals.compounds).toBe(6);
    expect((await get(streetCadre, `?communityId=${fx.c2.id}`)).totals.compounds).toBe(2);
    expectProblem((await t.call(streetCadre, 'GET', `/v1/coverage?streetId=${fx.s2.id}`)).res, 404);
    expectProblem((await t.call(streetCadre, 'GET', `/v1/coverage?communityId=${fx.c3.id}`)).res, 404);
    expectProblem((await t.call(streetCadre, 'GET', '/v1/coverage')).res, 403);
    expectProblem((await t.call(streetCadre, 'GET', '/v1/coverage?level=street')).res, 403);
    expect((await get(streetCadre, `?level=community&streetId=${fx.s1.id}`)).breakdown).toHaveLength(2);

    const communityCadre = t.tokens.user(tenantId, ['community-cadre'], { communities: [fx.c1.id] });
    expect((await get(communityCadre, `?communityId=${fx.c1.id}`)).totals.compounds).toBe(4);
    expectProblem((await t.call(communityCadre, 'GET', `/v1/coverage?streetId=${fx.s1.id}`)).res, 404);
    expectProblem((await t.call(communityCadre, 'GET', `/v1/coverage?communityId=${fx.c2.id}`)).res, 404);
    expectProblem((await t.call(communityCadre, 'GET', '/v1/coverage')).res, 403);

    expect((await get(t.tokens.user(tenantId, ['viewer']), '')).totals.compounds).toBe(7);
    const streetViewer = t.tokens.user(tenantId, ['viewer'], { streets: [fx.s2.id] });
    expect((await get(streetViewer, `?streetId=${fx.s2.id}`)).totals.compounds).toBe(1);
    expectProblem((await t.call(streetViewer, 'GET', '/v1/coverage')).res, 403);
    expectProblem((await t.call(t.tokens.user(tenantId, ['volunteer']), 'GET', '/v1/coverage')).res, 403);
  });

  it('keeps two tenants apart', async () => {
    const other = t.tenant();
    const theirs = await t.territory(other.admin);
    await addMembers(t, other.id, theirs.compound, { selfFull: 5 });
    expect((await get(other.admin, '')).totals).toMatchObject({ compounds: 1, members: 5 });
    expect((await get(fx.admin, '')).totals).toMatchObject({ compounds: 7, members: 12 });
    expectProblem((await t.call(fx.admin, 'GET', `/v1/coverage?streetId=${theirs.street.id}`)).res, 404);
    expectProblem((await t.call(other.admin, 'GET', `/v1/coverage?communityId=${fx.c1.id}`)).res, 404);
    expect((await get(other.admin, '')).breakdown.map((b: Row) => b.id)).toEqual([theirs.street.id]);
  });
});
