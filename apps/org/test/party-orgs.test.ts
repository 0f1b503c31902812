import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCompound, addMembers, formCommittees, outbox, ownerQuery, today } from './helpers/formation.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

const post = (token: string, body: unknown) => t.call(token, 'POST', '/v1/party-orgs', body);
const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

describe('forming the five levels', () => {
  it('forms street → community → branch → building group → central household, each under the one above', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, {
      street: '古槐街道',
      community: '南门社区',
      grid: '一网格',
      compound: '幸福里小区',
    });
    const street = (await post(admin, { level: 'street-committee', streetId: terr.street.id })).body;
    expect(street).toMatchObject({
      level: 'street-committee',
      levelName: '街道党工委',
      rank: 1,
      name: '古槐街道党工委',
      parentId: null,
      streetId: terr.street.id,
      status: 'active',
      statusName: '正常',
      compoundIds: [],
    });
    const community = (
      await post(admin, { level: 'community-committee', communityId: terr.community.id, parentId: street.id })
    ).body;
    expect(community).toMatchObject({
      levelName: '社区党委',
      name: '南门社区党委',
      parentId: street.id,
      streetId: terr.street.id,
      communityId: terr.community.id,
    });
    const grid = (await post(admin, { level: 'grid-branch', gridId: terr.grid.id, formedOn: '2024-03-01' }))
      .body;
    expect(grid).toMatchObject({
      levelName: '网格(联合)党支部',
      name: '一网格联合党支部',
      parentId: community.id,
      gridId: terr.grid.id,
      formedOn: '2024-03-01',
      compoundIds: [],
    });

    // A building group needs a branch covering its compound.
    const building = (
      await t.call(admin, 'POST', '/v1/buildings', { compoundId: terr.compound.id, name: '3号楼' }, 201)
    ).body;
    const early = await post(admin, { level: 'building-group', buildingId: building.id });
    expectProblem(early.res, 422, 'parent_missing');

    const branch = (await post(admin, { level: 'compound-branch', compoundId: terr.compound.id })).body;
    expect(branch).toMatchObject({
      levelName: '小区党支部',
      rank: 3,
      name: '幸福里小区党支部',
      parentId: community.id,
      compoundId: terr.compound.id,
      gridId: terr.grid.id,
      compoundIds: [terr.compound.id],
    });
    const group = (await post(admin, { level: 'building-group', buildingId: building.id })).body;
    expect(group).toMatchObject({
      levelName: '楼栋党小组',
      name: '幸福里小区3号楼党小组',
      parentId: branch.id,
    });
    const household = (
      await t.call(admin, 'POST', '/v1/households', { buildingId: building.id, room: '2单元301' }, 201)
    ).body;
    const central = (await post(admin, { level: 'central-household', householdId: household.id })).body;
    expect(central).toMatchObject({
      levelName: '党员中心户',
      rank: 5,
      parentId: group.id,
      householdId: household.id,
      compoundId: terr.compound.id,
    });

    const tree = (await t.call(admin, 'GET', '/v1/party-orgs/tree', undefined, 200)).body;
    expect(tree.roots).toHaveLength(1);
    expect(tree.roots[0]).toMatchObject({ id: street.id, levelName: '街道党工委' });
    const communityNode = tree.roots[0].children[0];
    expect(communityNode.id).toBe(community.id);
    expect(communityNode.children.map((c: { name: string }) => c.name).sort()).toEqual(
      ['一网格联合党支部', '幸福里小区党支部'].sort(),
    );
    const branchNode = communityNode.children.find((c: { id: string }) => c.id === branch.id);
    expect(branchNode.compoundIds).toEqual([terr.compound.id]);
    expect(branchNode.children[0].id).toBe(group.id);
    expect(branchNode.children[0].children[0].id).toBe(central.id);
    const shallow = (await t.call(admin, 'GET', '/v1/party-orgs/tree?depth=2', undefined, 200)).body;
    expect(shallow.roots[0].children[0].children).toEqual([]);

    const types = (await outbox(t, tenantId)).filter((e) => e.type.startsWith('org.party-org'));
    expect(types.map((e) => e.type)).toEqual(Array(6).fill('org.party-org.formed'));
    expect(types.find((e) => e.data.partyOrgId === branch.id)?.data).toMatchObject({
      level: 'compound-branch',
      parentId: community.id,
      compoundIds: [terr.compound.id],
      status: 'active',
    });
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${branch.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['party-orgs.formed']);
  });

  it('publishes party-org events to NATS', async () => {
    const { admin } = t.tenant();
    const terr = await t.territory(admin);
    const sub = t.nats.nc.subscribe(`${t.prefix}hf.org.party-org.formed`, { timeout: 10_000 });
    const street = (await post(admin, { level: 'street-committee', streetId: terr.street.id })).body;
    for await (const m of sub) {
      const env = m.json<{ data: { partyOrgId: string; level: string } }>();
      if (env.data.partyOrgId !== street.id) continue;
      expect(env.data.level).toBe('street-committee');
      break;
    }
  });

  it('a compound branch formed by hand covers its compound and is flagged when the rule says otherwise', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { compound: '小树林' });
    await formCommittees(t, admin, terr);
    await addMembers(t, tenantId, terr.compound, { selfFull: 1 });
    const branch = (await post(admin, { level: 'compound-branch', compoundId: terr.compound.id })).body;
    expect(branch.name).toBe('小树林党支部');
    const compound = (await t.call(admin, 'GET', `/v1/compounds/${terr.compound.id}`, undefined, 200)).body;
    expect(compound).toMatchObject({
      branchId: branch.id,
      branchForm: 'own-branch',
      formationFlag: 'form-mismatch',
    });
    const events = (await outbox(t, tenantId)).map((e) => e.type);
    expect(events.slice(-2)).toEqual(['org.party-org.formed', 'org.compound.updated']);
  });
});

describe('level and parent rules', () => {
  it('refuses a level without its parent, a wrong parent, a second organisation per unit; writes nothing', async () => {
    const { id: tenantId, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const missing = await post(admin, { level: 'community-committee', communityId: a.community.id });
    const body = expectProblem(missing.res, 422, 'parent_missing') as { detail?: string };
    expect(body.detail).toContain('街道党工委');

    const streetA = (await post(admin, { level: 'street-committee', streetId: a.street.id })).body;
    const streetB = (await post(admin, { level: 'street-committee', streetId: b.street.id })).body;
    const wrong = await post(admin, {
      level: 'community-committee',
      communityId: a.community.id,
      parentId: streetB.id,
    });
    expect(expectProblem(wrong.res, 400).errors?.[0].path).toBe('body.parentId');
    const twice = await post(admin, { level: 'street-committee', streetId: a.street.id });
    expectProblem(twice.res, 409, 'already_formed');
    const branchFirst = await post(admin, { level: 'grid-branch', gridId: a.grid.id });
    expectProblem(branchFirst.res, 422, 'parent_missing');

    const list = await t.call(admin, 'GET', '/v1/party-orgs?status=all', undefined, 200);
    expect(ids(list.body.items).sort()).toEqual([streetA.id, streetB.id].sort());
    expect(
      (await ownerQuery(t, 'select count(*)::int n from org.party_orgs where tenant_id = $1', [tenantId]))[0]
        .n,
    ).toBe(2);
  });

  it('rejects bad input with 400 naming the field, writing nothing', async () => {
    const { id: tenantId, admin } = t.tenant();
    const a = await t.territory(admin);
    const cases: Array<[unknown, string[]]> = [
      [
        { level: 'street-committee', streetId: a.street.id, parentId: crypto.randomUUID() },
        ['body.parentId'],
      ],
      [{ level: 'compound-branch', communityId: a.community.id }, ['body.communityId', 'body.compoundId']],
      [{ level: 'district-committee', streetId: a.street.id }, ['body.level']],
      [
        { level: 'street-committee', streetId: a.street.id, tenantId: crypto.randomUUID() },
        ['body.tenantId'],
      ],
      [{ level: 'street-committee', streetId: a.street.id, status: 'dissolved' }, ['body.status']],
      [{ level: 'street-committee', streetId: a.street.id, formedOn: '2024-13-01' }, ['body.formedOn']],
      [{ level: 'street-committee', streetId: a.street.id, formedOn: '2999-01-01' }, ['body.formedOn']],
      [{ level: 'street-committee', streetId: crypto.randomUUID() }, ['body.streetId']],
      [{ level: 'street-committee', streetId: a.street.id, name: '' }, ['body.name']],
    ];
    for (const [payload, paths] of cases) {
      const res = await post(admin, payload);
      expect(
        expectProblem(res.res, 400)
          .errors?.map((e) => e.path)
          .sort(),
        JSON.stringify(payload),
      ).toEqual(paths);
    }
    expect(
      (await ownerQuery(t, 'select count(*)::int n from org.party_orgs where tenant_id = $1', [tenantId]))[0]
        .n,
    ).toBe(0);
  });
});

describe('list, rename, dissolve', () => {
  it('lists with filters, search, compound filter and cursor pages', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { grid: '一网格', compound: '甲小区' });
    const { street, community } = await formCommittees(t, admin, terr);
    const second = await addCompound(t, admin, terr.grid.id, '乙小区');
    await addMembers(t, tenantId, terr.compound, { selfFull: 1 });
    await t.call(admin, 'POST', `/v1/formation/compounds/${terr.compound.id}/apply`, undefined, 200);
    await t.call(admin, 'POST', `/v1/formation/compounds/${second.id}/apply`, undefined, 200);
    const joint = (await t.call(admin, 'GET', '/v1/party-orgs?level=grid-branch', undefined, 200)).body.items;
    expect(joint).toHaveLength(1);
    expect(joint[0]).toMatchObject({ name: '一网格联合党支部', parentId: community.id });
    expect(joint[0].compoundIds.sort()).toEqual([terr.compound.id, second.id].sort());
    expect(ids((await t.call(admin, 'GET', `/v1/party-orgs?compoundId=${second.id}`)).body.items)).toEqual([
      joint[0].id,
    ]);
    expect(ids((await t.call(admin, 'GET', `/v1/party-orgs?parentId=${street.id}`)).body.items)).toEqual([
      community.id,
    ]);
    expect(
      ids((await t.call(admin, 'GET', `/v1/party-orgs?q=${encodeURIComponent('党委')}`)).body.items),
    ).toEqual([community.id]);
    const p1 = (await t.call(admin, 'GET', '/v1/party-orgs?limit=2', undefined, 200)).body;
    const p2 = (await t.call(admin, 'GET', `/v1/party-orgs?limit=2&cursor=${p1.nextCursor}`, undefined, 200))
      .body;
    expect(new Set([...ids(p1.items), ...ids(p2.items)]).size).toBe(3);
    expect(p2.nextCursor).toBeNull();
    const bad = await t.call(admin, 'GET', '/v1/party-orgs?level=nope');
    expect(expectProblem(bad.res, 400).errors?.[0].path).toBe('querystring.level');
  });

  it('renames with an event; refuses a taken name and a dissolved organisation', async () => {
    const { id: tenantId, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const sa = (await post(admin, { level: 'street-committee', streetId: a.street.id })).body;
    const sb = (await post(admin, { level: 'street-committee', streetId: b.street.id })).body;
    const renamed = await t.call(
      admin,
      'PATCH',
      `/v1/party-orgs/${sa.id}`,
      { name: '古槐街道党工委（新）' },
      200,
    );
    expect(renamed.body).toMatchObject({ name: '古槐街道党工委（新）', version: 2 });
    expectProblem(
      (await t.call(admin, 'PATCH', `/v1/party-orgs/${sb.id}`, { name: '古槐街道党工委（新）' })).res,
      409,
    );
    const extra = await t.call(admin, 'PATCH', `/v1/party-orgs/${sb.id}`, {
      name: 'x',
      level: 'grid-branch',
    });
    expect(expectProblem(extra.res, 400).errors?.[0].path).toBe('body.level');
    const changed = (await outbox(t, tenantId)).filter((e) => e.type === 'org.party-org.changed');
    expect(changed.map((e) => e.data.name)).toEqual(['古槐街道党工委（新）']);
    await t.call(
      admin,
      'POST',
      `/v1/party-orgs/${sb.id}/dissolve`,
      { reason: '撤并', dissolvedOn: today() },
      200,
    );
    expectProblem(
      (await t.call(admin, 'PATCH', `/v1/party-orgs/${sb.id}`, { name: 'y' })).res,
      422,
      'dissolved',
    );
  });

  it('dissolves leaf-first with a reason and date; a dissolved branch releases its compounds', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { compound: '运河小区' });
    const { street, community } = await formCommittees(t, admin, terr);
    await addMembers(t, tenantId, terr.compound, { selfFull: 3 });
    const applied = (
      await t.call(admin, 'POST', `/v1/formation/compounds/${terr.compound.id}/apply`, undefined, 200)
    ).body;
    const branchId = applied.branch.id;

    const blocked = await t.call(admin, 'POST', `/v1/party-orgs/${community.id}/dissolve`, {
      reason: '撤并',
      dissolvedOn: today(),
    });
    expect(expectProblem(blocked.res, 422, 'has_children')).toMatchObject({ children: 1 });
    for (const [payload, path] of [
      [{ dissolvedOn: today() }, 'body.reason'],
      [{ reason: 'x' }, 'body.dissolvedOn'],
      [{ reason: 'x', dissolvedOn: '2000-01-01' }, 'body.dissolvedOn'],
      [{ reason: 'x', dissolvedOn: '2999-01-01' }, 'body.dissolvedOn'],
    ] as const) {
      const res = await t.call(admin, 'POST', `/v1/party-orgs/${branchId}/dissolve`, payload);
      expect(expectProblem(res.res, 400).errors?.[0].path, JSON.stringify(payload)).toBe(path);
    }
    expect((await t.call(admin, 'GET', `/v1/party-orgs/${branchId}`)).body.status).toBe('active');

    const done = await t.call(
      admin,
      'POST',
      `/v1/party-orgs/${branchId}/dissolve`,
      { reason: '小区拆迁', dissolvedOn: today() },
      200,
    );
    expect(done.body).toMatchObject({
      status: 'dissolved',
      statusName: '已撤销',
      dissolvedOn: today(),
      dissolveReason: '小区拆迁',
      compoundIds: [],
    });
    const compound = (await t.call(admin, 'GET', `/v1/compounds/${terr.compound.id}`)).body;
    expect(compound).toMatchObject({ branchId: null, branchForm: null, formationFlag: null });
    const events = await outbox(t, tenantId);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['org.party-org.dissolved', 'org.compound.updated']);
    expect(events.at(-1)?.data).toMatchObject({
      compoundId: terr.compound.id,
      branchId: null,
      branchForm: null,
    });
    expectProblem(
      (
        await t.call(admin, 'POST', `/v1/party-orgs/${branchId}/dissolve`, {
          reason: 'x',
          dissolvedOn: today(),
        })
      ).res,
      422,
      'already_dissolved',
    );
    // With its last child gone the community committee may go, then the street committee.
    await t.call(
      admin,
      'POST',
      `/v1/party-orgs/${community.id}/dissolve`,
      { reason: '撤并', dissolvedOn: today() },
      200,
    );
    await t.call(
      admin,
      'POST',
      `/v1/party-orgs/${street.id}/dissolve`,
      { reason: '撤并', dissolvedOn: today() },
      200,
    );
    expect((await t.call(admin, 'GET', '/v1/party-orgs')).body.items).toEqual([]);
    expect((await t.call(admin, 'GET', '/v1/party-orgs?status=dissolved')).body.items).toHaveLength(3);
    // A new street committee may be formed once the old one is dissolved.
    await post(admin, { level: 'street-committee', streetId: terr.street.id });
  });
});

describe('data scope and roles', () => {
  it('street and community cadres see and change only their part; the committees above are read-only', async () => {
    const { id: tenantId, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const ca = await formCommittees(t, admin, a);
    const cb = await formCommittees(t, admin, b);

    const streetCadre = t.tokens.user(tenantId, ['street-cadre'], { streets: [a.street.id] });
    expect(ids((await t.call(streetCadre, 'GET', '/v1/party-orgs')).body.items).sort()).toEqual(
      [ca.street.id, ca.community.id].sort(),
    );
    expectProblem((await t.call(streetCadre, 'GET', `/v1/party-orgs/${cb.street.id}`)).res, 404);
    expectProblem(
      (await t.call(streetCadre, 'PATCH', `/v1/party-orgs/${cb.community.id}`, { name: 'x' })).res,
      404,
    );
    expectProblem(
      (
        await t.call(streetCadre, 'POST', `/v1/party-orgs/${cb.community.id}/dissolve`, {
          reason: 'x',
          dissolvedOn: '2025-01-01',
        })
      ).res,
      404,
    );
    expectProblem((await post(streetCadre, { level: 'grid-branch', gridId: b.grid.id })).res, 404);
    await t.call(
      streetCadre,
      'PATCH',
      `/v1/party-orgs/${ca.community.id}`,
      { name: '南门社区党委（街道改）' },
      200,
    );

    const communityCadre = t.tokens.user(tenantId, ['community-cadre'], { communities: [a.community.id] });
    expect(ids((await t.call(communityCadre, 'GET', '/v1/party-orgs')).body.items).sort()).toEqual(
      [ca.street.id, ca.community.id].sort(),
    );
    await t.call(communityCadre, 'GET', `/v1/party-orgs/${ca.street.id}`, undefined, 200);
    expectProblem(
      (await t.call(communityCadre, 'PATCH', `/v1/party-orgs/${ca.street.id}`, { name: 'x' })).res,
      403,
    );
    expectProblem(
      (await post(communityCadre, { level: 'street-committee', streetId: a.street.id })).res,
      403,
    );
    const grid = (await post(communityCadre, { level: 'grid-branch', gridId: a.grid.id })).body;
    expect(grid.parentId).toBe(ca.community.id);
    expectProblem((await t.call(communityCadre, 'GET', `/v1/party-orgs/${cb.community.id}`)).res, 404);
    const tree = (await t.call(communityCadre, 'GET', '/v1/party-orgs/tree')).body;
    expect(tree.roots.map((r: { id: string }) => r.id)).toEqual([ca.street.id]);
    expect(tree.roots[0].children.map((r: { id: string }) => r.id)).toEqual([ca.community.id]);

    const viewer = t.tokens.user(tenantId, ['viewer']);
    expect((await t.call(viewer, 'GET', '/v1/party-orgs')).body.items).toHaveLength(5);
    expectProblem((await post(viewer, { level: 'grid-branch', gridId: b.grid.id })).res, 403);
    expectProblem((await t.call(viewer, 'PATCH', `/v1/party-orgs/${grid.id}`, { name: 'v' })).res, 403);
    const volunteer = t.tokens.user(tenantId, ['volunteer']);
    expectProblem((await t.call(volunteer, 'GET', '/v1/party-orgs')).res, 403);
    expectProblem((await t.call(volunteer, 'GET', '/v1/party-orgs/tree')).res, 403);

    // A branch secretary sees their branch and the committees above it.
    await addMembers(t, tenantId, a.compound, { selfFull: 3 });
    const own = (
      await t.call(admin, 'POST', `/v1/formation/compounds/${a.compound.id}/apply`, undefined, 200)
    ).body.branch;
    const secretary = t.tokens.user(tenantId, ['branch-secretary'], { branches: [own.id] });
    const seen = ids((await t.call(secretary, 'GET', '/v1/party-orgs')).body.items);
    expect(seen).toContain(own.id);
    expect(seen).toContain(ca.community.id);
    expect(seen).not.toContain(cb.community.id);
    expectProblem((await t.call(secretary, 'PATCH', `/v1/party-orgs/${own.id}`, { name: 'x' })).res, 403);

    // The joint branch of a sibling compound is not the secretary's; it is above a compound it covers.
    const small = await addCompound(t, admin, a.grid.id, '小院');
    const joint = (await t.call(admin, 'POST', `/v1/formation/compounds/${small.id}/apply`, undefined, 200))
      .body.branch;
    expect(ids((await t.call(secretary, 'GET', '/v1/party-orgs')).body.items)).not.toContain(joint.id);
    expectProblem((await t.call(secretary, 'GET', `/v1/party-orgs/${joint.id}`)).res, 404);
    const resident = t.tokens.user(tenantId, ['grid-worker'], { compounds: [small.id] });
    expect(ids((await t.call(resident, 'GET', '/v1/party-orgs')).body.items).sort()).toEqual(
      [ca.street.id, ca.community.id, joint.id].sort(),
    );
    await t.call(resident, 'GET', `/v1/party-orgs/${joint.id}`, undefined, 200);
  });

  it('keeps two tenants apart: list, get, rename, dissolve and parent by the other tenant ids are 404/400 and change nothing', async () => {
    const one = t.tenant();
    const two = t.tenant();
    const mine = await t.territory(one.admin);
    const theirs = await t.territory(two.admin);
    const myOrgs = await formCommittees(t, one.admin, mine);
    const theirOrgs = await formCommittees(t, two.admin, theirs);
    expect(ids((await t.call(one.admin, 'GET', '/v1/party-orgs')).body.items).sort()).toEqual(
      [myOrgs.street.id, myOrgs.community.id].sort(),
    );
    for (const [m, u, p] of [
      ['GET', `/v1/party-orgs/${theirOrgs.street.id}`, undefined],
      ['PATCH', `/v1/party-orgs/${theirOrgs.community.id}`, { name: 'hijack' }],
      [
        'POST',
        `/v1/party-orgs/${theirOrgs.community.id}/dissolve`,
        { reason: 'x', dissolvedOn: '2025-01-01' },
      ],
    ] as const)
      expectProblem((await t.call(one.admin, m, u, p)).res, 404);
    const plant = await post(one.admin, {
      level: 'grid-branch',
      gridId: theirs.grid.id,
      parentId: theirOrgs.community.id,
    });
    expect(expectProblem(plant.res, 400).errors?.[0].path).toBe('body.gridId');
    const cross = await post(one.admin, {
      level: 'community-committee',
      communityId: mine.community.id,
      parentId: theirOrgs.street.id,
    });
    expect(cross.status).toBeGreaterThanOrEqual(400);
    const still = (await t.call(two.admin, 'GET', `/v1/party-orgs/${theirOrgs.community.id}`, undefined, 200))
      .body;
    expect(still).toMatchObject({ name: theirOrgs.community.name, status: 'active', version: 1 });
    expect((await t.call(two.admin, 'GET', '/v1/party-orgs')).body.items).toHaveLength(2);
    expect(
      (await t.call(one.admin, 'GET', '/v1/party-orgs/tree')).body.roots.map((r: { id: string }) => r.id),
    ).toEqual([myOrgs.street.id]);
  });
});
