import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectEvents,
  flat,
  memberBody,
  nextPhone,
  registerMember,
  spyRosterChanged,
} from './helpers/members.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON replies, read field by field in assertions
type Row = Record<string, any>;
const ids = (items: Row[]) => items.map((i) => i.id).sort();
const list = async (token: string, query = '') =>
  (await t.call(token, 'GET', `/v1/members${query}`, undefined, 200)).body;

describe('registration', () => {
  it('registers a member who inherits the compound’s street, community and grid, with display names', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { street, community, grid, compound } = await t.territory(admin, { compound: '幸福里小区' });
    const { building, household } = await flat(t, admin, compound.id, '3号楼', '2单元301');
    const phone = nextPhone();
    const spy = spyRosterChanged(t);
    let m: Row = {};
    const events = await collectEvents(
      t,
      'registered',
      1,
      async () => {
        m = await registerMember(t, admin, compound.id, {
          name: '李红',
          gender: 'female',
          phone,
          householdId: household.id,
          status: 'probationary',
          isHomeowner: true,
          joinedOn: '2023-07-01',
        });
      },
      (env) => env.tenantId === tenantId,
    );
    spy.stop();
    expect(m).toMatchObject({
      name: '李红',
      gender: 'female',
      genderName: '女',
      phone,
      phoneMasked: false,
      status: 'probationary',
      statusName: '预备党员',
      management: 'self',
      managementName: '自管',
      membershipOrg: null,
      isHomeowner: true,
      streetId: street.id,
      communityId: community.id,
      gridId: grid.id,
      compoundId: compound.id,
      compoundName: '幸福里小区',
      buildingId: building.id, // implied by the household
      buildingName: '3号楼',
      householdId: household.id,
      room: '2单元301',
      archived: false,
      version: 1,
    });
    expect(events[0].data).toEqual({
      memberId: m.id,
      name: '李红',
      compoundId: compound.id,
      communityId: community.id,
      streetId: street.id,
      status: 'probationary',
      management: 'self',
      isHomeowner: true,
      archived: false,
    });
    expect(events[0].correlationId).toBeTruthy();
    expect(spy.calls).toEqual([{ tenantId, compoundIds: [compound.id] }]);
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${m.id}`);
    expect(audit.body.items.map((e: Row) => e.action)).toEqual(['members.registered']);
    // The audit log is read across the tenant: it keeps the number masked.
    expect(audit.body.items[0].after).toMatchObject({
      name: '李红',
      phone: `${phone.slice(0, 3)}****${phone.slice(7)}`,
    });
  });

  it('names every bad field and writes nothing', async () => {
    const { admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const bad = await t.call(admin, 'POST', '/v1/members', {
      name: ' ',
      gender: 'x',
      birthYear: 2020,
      phone: '1234567',
      compoundId: compound.id,
      status: '正式',
      management: 'self',
      joinedOn: '2999-01-01',
      tenantId: crypto.randomUUID(),
      streetId: crypto.randomUUID(),
    });
    expect(
      expectProblem(bad.res, 400, 'validation_failed')
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual([
      'body.birthYear',
      'body.gender',
      'body.joinedOn',
      'body.name',
      'body.phone',
      'body.status',
      'body.streetId',
      'body.tenantId',
    ]);
    const missing = await t.call(admin, 'POST', '/v1/members', { name: '王五' });
    const paths = expectProblem(missing.res, 400).errors?.map((e) => e.path) ?? [];
    for (const f of ['gender', 'birthYear', 'phone', 'compoundId', 'status', 'management', 'joinedOn'])
      expect(paths).toContain(`body.${f}`);
    const joinedBeforeBirth = await t.call(
      admin,
      'POST',
      '/v1/members',
      memberBody(compound.id, { birthYear: 1990, joinedOn: '1985-01-01' }),
    );
    expect(expectProblem(joinedBeforeBirth.res, 400).errors?.map((e) => e.path)).toEqual(['body.joinedOn']);
    expect((await list(admin)).items).toHaveLength(0);
  });

  it('checks that the compound exists and the building and household belong to it', async () => {
    const { admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const mine = await flat(t, admin, a.compound.id, '1号楼', '101');
    const theirs = await flat(t, admin, b.compound.id, '9号楼', '909');
    const unknown = await t.call(admin, 'POST', '/v1/members', memberBody(crypto.randomUUID()));
    expect(expectProblem(unknown.res, 400).errors?.map((e) => e.path)).toEqual(['body.compoundId']);
    const wrongBuilding = await t.call(
      admin,
      'POST',
      '/v1/members',
      memberBody(a.compound.id, { buildingId: theirs.building.id }),
    );
    expect(expectProblem(wrongBuilding.res, 400).errors?.map((e) => e.path)).toEqual(['body.buildingId']);
    const wrongHousehold = await t.call(
      admin,
      'POST',
      '/v1/members',
      memberBody(a.compound.id, { buildingId: mine.building.id, householdId: theirs.household.id }),
    );
    expect(expectProblem(wrongHousehold.res, 400).errors?.map((e) => e.path)).toEqual(['body.householdId']);
    const other = await flat(t, admin, a.compound.id, '2号楼', '201');
    const mismatch = await t.call(
      admin,
      'POST',
      '/v1/members',
      memberBody(a.compound.id, { buildingId: mine.building.id, householdId: other.household.id }),
    );
    expect(expectProblem(mismatch.res, 400).errors?.[0]).toMatchObject({
      path: 'body.householdId',
      message: 'is not in that building',
    });
    await t.call(admin, 'POST', `/v1/compounds/${b.compound.id}/archive`);
    expect((await list(admin)).items).toHaveLength(0);
  });

  it('requires the membership organisation of a non-self-managed member, and only of them', async () => {
    const { admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const without = await t.call(
      admin,
      'POST',
      '/v1/members',
      memberBody(compound.id, { management: 'non-self' }),
    );
    expect(expectProblem(without.res, 400).errors?.map((e) => e.path)).toEqual(['body.membershipOrg']);
    const selfWith = await t.call(
      admin,
      'POST',
      '/v1/members',
      memberBody(compound.id, { management: 'self', membershipOrg: '济宁市第一中学' }),
    );
    expect(expectProblem(selfWith.res, 400).errors?.map((e) => e.path)).toEqual(['body.membershipOrg']);
    const m = await registerMember(t, admin, compound.id, {
      management: 'non-self',
      membershipOrg: '济宁市第一中学',
    });
    expect(m).toMatchObject({
      management: 'non-self',
      managementName: '非自管',
      membershipOrg: '济宁市第一中学',
    });

    // Becoming self-managed drops the outside organisation; going back needs one again.
    const self = await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { version: 1, management: 'self' }, 200);
    expect(self.body).toMatchObject({ management: 'self', membershipOrg: null, version: 2 });
    const back = await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { version: 2, management: 'non-self' });
    expect(expectProblem(back.res, 400).errors?.map((e) => e.path)).toEqual(['body.membershipOrg']);
    const withOrg = await t.call(
      admin,
      'PATCH',
      `/v1/members/${m.id}`,
      { version: 2, management: 'non-self', membershipOrg: '任城区退休办' },
      200,
    );
    expect(withOrg.body).toMatchObject({ management: 'non-self', membershipOrg: '任城区退休办', version: 3 });
  });

  it('keeps phones unique among active members (409) and masks them in lists and for readers', async () => {
    const { id, admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const phone = '13800000001';
    const m = await registerMember(t, admin, compound.id, { phone });
    const dup = await t.call(admin, 'POST', '/v1/members', memberBody(compound.id, { phone }));
    expectProblem(dup.res, 409, 'phone_taken');
    // Another tenant may register the same number.
    const other = t.tenant();
    const elsewhere = await t.territory(other.admin);
    await registerMember(t, other.admin, elsewhere.compound.id, { phone });

    expect((await list(admin)).items[0]).toMatchObject({ phone: '138****0001', phoneMasked: true });
    expect((await t.call(admin, 'GET', `/v1/members/${m.id}`)).body).toMatchObject({
      phone,
      phoneMasked: false,
    });
    const readers = [
      t.tokens.user(id, ['viewer']),
      t.tokens.user(id, ['grid-worker'], { compounds: [compound.id] }),
      t.tokens.service(id, ['org:read']),
    ];
    for (const r of readers)
      expect((await t.call(r, 'GET', `/v1/members/${m.id}`, undefined, 200)).body.phone).toBe('138****0001');
    const writer = t.tokens.service(id, ['org:read', 'org:write']);
    expect((await t.call(writer, 'GET', `/v1/members/${m.id}`, undefined, 200)).body.phone).toBe(phone);

    // An archived member frees the number; restoring them while it is taken again is a 409.
    await t.call(admin, 'POST', `/v1/members/${m.id}/archive`, { reason: 'moved-away' }, 200);
    const again = await registerMember(t, admin, compound.id, { phone });
    expectProblem((await t.call(admin, 'POST', `/v1/members/${m.id}/restore`)).res, 409, 'phone_taken');
    const change = await t.call(
      admin,
      'PATCH',
      `/v1/members/${again.id}`,
      { version: 1, phone: '13800000002' },
      200,
    );
    expect(change.body.phone).toBe('13800000002');
    await t.call(admin, 'POST', `/v1/members/${m.id}/restore`, undefined, 200);
    const taken = await t.call(admin, 'PATCH', `/v1/members/${again.id}`, { version: 2, phone });
    expectProblem(taken.res, 409, 'phone_taken');
  });
});

describe('the two rosters', () => {
  it('filters by management, status, place, homeowner and name, and pages with a cursor', async () => {
    const { admin } = t.tenant();
    const a = await t.territory(admin);
    const grid2 = (
      await t.call(admin, 'POST', '/v1/grids', { communityId: a.community.id, name: '二网格' }, 201)
    ).body;
    const a2 = (await t.call(admin, 'POST', '/v1/compounds', { gridId: grid2.id, name: '第二小区' }, 201))
      .body;
    const b = await t.territory(admin);
    const s1 = await registerMember(t, admin, a.compound.id, {
      name: '王一',
      joinedOn: '2001-07-01',
      isHomeowner: true,
    });
    const s2 = await registerMember(t, admin, a2.id, {
      name: '王二',
      joinedOn: '1999-07-01',
      status: 'probationary',
    });
    const s3 = await registerMember(t, admin, b.compound.id, { name: '赵三', joinedOn: '2010-07-01' });
    const n1 = await registerMember(t, admin, a.compound.id, {
      name: '钱四',
      management: 'non-self',
      membershipOrg: '济宁学院',
      joinedOn: '1990-07-01',
    });
    const n2 = await registerMember(t, admin, b.compound.id, {
      name: '孙五',
      management: 'non-self',
      membershipOrg: '鲁抗集团',
      isHomeowner: true,
      joinedOn: '2005-07-01',
    });
    expect(ids((await list(admin, '?management=self')).items)).toEqual(ids([s1, s2, s3]));
    expect(ids((await list(admin, '?management=non-self')).items)).toEqual(ids([n1, n2]));
    expect(ids((await list(admin, '?status=probationary')).items)).toEqual([s2.id]);
    expect(ids((await list(admin, `?streetId=${a.street.id}`)).items)).toEqual(ids([s1, s2, n1]));
    expect(ids((await list(admin, `?communityId=${b.community.id}`)).items)).toEqual(ids([s3, n2]));
    expect(ids((await list(admin, `?gridId=${grid2.id}`)).items)).toEqual([s2.id]);
    expect(ids((await list(admin, `?compoundId=${a.compound.id}&management=self`)).items)).toEqual([s1.id]);
    expect(ids((await list(admin, '?isHomeowner=true')).items)).toEqual(ids([s1, n2]));
    expect(ids((await list(admin, `?q=${encodeURIComponent('王')}`)).items)).toEqual(ids([s1, s2]));
    expect(ids((await list(admin, `?q=${encodeURIComponent('%')}`)).items)).toEqual([]);
    const byJoined = (await list(admin, '?sort=joinedOn')).items.map((m: Row) => m.name);
    expect(byJoined).toEqual(['钱四', '王二', '王一', '孙五', '赵三']);

    const pageSizes: number[] = [];
    const seen: string[] = [];
    for (const sort of ['name', 'joinedOn', 'createdAt']) {
      seen.length = 0;
      let cursor: string | null = null;
      do {
        const page: Row = await list(admin, `?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        pageSizes.push(page.items.length);
        seen.push(...page.items.map((m: Row) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(5);
      expect(seen).toHaveLength(5);
    }
    expect(pageSizes.slice(0, 3)).toEqual([2, 2, 1]);
    expectProblem((await t.call(admin, 'GET', '/v1/members?limit=101')).res, 400);
    expectProblem((await t.call(admin, 'GET', '/v1/members?cursor=nonsense')).res, 400);

    await t.call(
      admin,
      'POST',
      `/v1/members/${s3.id}/archive`,
      { reason: 'deceased', note: '2024年病故' },
      200,
    );
    expect(ids((await list(admin, '?management=self')).items)).toEqual(ids([s1, s2]));
    const withArchived = (await list(admin, '?management=self&includeArchived=true')).items;
    expect(withArchived.find((m: Row) => m.id === s3.id)).toMatchObject({
      archived: true,
      archiveReason: 'deceased',
      archiveReasonName: '去世',
      archiveNote: '2024年病故',
    });
  });
});

describe('changes', () => {
  it('edits with an optimistic version, an audit trail, an event and the roster hook', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const m = await registerMember(t, admin, compound.id, { status: 'probationary' });
    const spy = spyRosterChanged(t);
    const events = await collectEvents(
      t,
      'changed',
      1,
      async () => {
        const ok = await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { version: 1, status: 'full' }, 200);
        expect(ok.body).toMatchObject({ status: 'full', statusName: '正式党员', version: 2 });
      },
      (env) => env.data.memberId === m.id,
    );
    expect(events[0]).toMatchObject({ tenantId, data: { status: 'full', archived: false } });
    const stale = await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { version: 1, name: '改名' });
    expectProblem(stale.res, 409, 'version_conflict');
    expectProblem((await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { name: '改名' })).res, 400);
    expectProblem((await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { version: 2 })).res, 400);
    const unknownField = await t.call(admin, 'PATCH', `/v1/members/${m.id}`, {
      version: 2,
      compoundId: compound.id,
    });
    expect(expectProblem(unknownField.res, 400).errors?.map((e) => e.path)).toEqual(['body.compoundId']);
    // A correction of the name only: no roster re-evaluation.
    await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { version: 2, name: '张三丰' }, 200);
    spy.stop();
    expect(spy.calls).toEqual([{ tenantId, compoundIds: [compound.id] }]);
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${m.id}`);
    expect(audit.body.items.map((e: Row) => e.action)).toEqual([
      'members.updated',
      'members.updated',
      'members.registered',
    ]);
    const got = (await t.call(admin, 'GET', `/v1/members/${m.id}`)).body;
    expect(got).toMatchObject({ name: '张三丰', status: 'full', version: 3 });
  });

  it('corrects building and household within the compound', async () => {
    const { admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const one = await flat(t, admin, compound.id, '1号楼', '101');
    const two = await flat(t, admin, compound.id, '2号楼', '202');
    const m = await registerMember(t, admin, compound.id, { householdId: one.household.id });
    const hh = await t.call(
      admin,
      'PATCH',
      `/v1/members/${m.id}`,
      { version: 1, householdId: two.household.id },
      200,
    );
    expect(hh.body).toMatchObject({
      buildingId: two.building.id,
      householdId: two.household.id,
      room: '202',
    });
    const b = await t.call(
      admin,
      'PATCH',
      `/v1/members/${m.id}`,
      { version: 2, buildingId: one.building.id },
      200,
    );
    expect(b.body).toMatchObject({ buildingId: one.building.id, householdId: null });
    const elsewhere = await t.territory(admin);
    const far = await flat(t, admin, elsewhere.compound.id);
    const bad = await t.call(admin, 'PATCH', `/v1/members/${m.id}`, {
      version: 3,
      householdId: far.household.id,
    });
    expect(expectProblem(bad.res, 400).errors?.map((e) => e.path)).toEqual(['body.householdId']);
  });

  it('archives with a reason and restores, refusing changes while archived', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const m = await registerMember(t, admin, compound.id);
    const spy = spyRosterChanged(t);
    expectProblem((await t.call(admin, 'POST', `/v1/members/${m.id}/archive`, { reason: 'bored' })).res, 400);
    expectProblem((await t.call(admin, 'POST', `/v1/members/${m.id}/archive`, {})).res, 400);
    const archived = await t.call(
      admin,
      'POST',
      `/v1/members/${m.id}/archive`,
      { reason: 'membership-transferred', note: '转至北京' },
      200,
    );
    expect(archived.body).toMatchObject({
      archived: true,
      archiveReason: 'membership-transferred',
      archiveReasonName: '组织关系转出',
    });
    expectProblem(
      (await t.call(admin, 'POST', `/v1/members/${m.id}/archive`, { reason: 'other' })).res,
      422,
      'already_archived',
    );
    expectProblem(
      (await t.call(admin, 'PATCH', `/v1/members/${m.id}`, { version: 2, name: 'x' })).res,
      422,
      'archived',
    );
    const restored = await t.call(admin, 'POST', `/v1/members/${m.id}/restore`, undefined, 200);
    expect(restored.body).toMatchObject({ archived: false, archiveReason: null, archiveNote: null });
    expectProblem((await t.call(admin, 'POST', `/v1/members/${m.id}/restore`)).res, 422, 'not_archived');
    spy.stop();
    expect(spy.calls).toEqual([
      { tenantId, compoundIds: [compound.id] },
      { tenantId, compoundIds: [compound.id] },
    ]);
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${m.id}`);
    expect(audit.body.items.map((e: Row) => e.action)).toEqual([
      'members.restored',
      'members.archived',
      'members.registered',
    ]);
  });

  it('records moves as history, updates the path and re-evaluates both compounds', async () => {
    const { id: tenantId, admin } = t.tenant();
    const a = await t.territory(admin, { compound: '老小区' });
    const b = await t.territory(admin, { compound: '新小区' });
    const target = await flat(t, admin, b.compound.id, '5号楼', '501');
    const m = await registerMember(t, admin, a.compound.id, { joinedOn: '2000-07-01' });
    const spy = spyRosterChanged(t);
    const events = await collectEvents(
      t,
      'moved',
      1,
      async () => {
        const moved = await t.call(
          admin,
          'POST',
          `/v1/members/${m.id}/move`,
          { compoundId: b.compound.id, householdId: target.household.id, movedOn: '2020-05-01' },
          200,
        );
        expect(moved.body).toMatchObject({
          streetId: b.street.id,
          communityId: b.community.id,
          gridId: b.grid.id,
          compoundId: b.compound.id,
          compoundName: '新小区',
          buildingId: target.building.id,
          householdId: target.household.id,
        });
      },
      (env) => env.data.memberId === m.id,
    );
    expect(events[0].data).toMatchObject({ fromCompoundId: a.compound.id, compoundId: b.compound.id });
    expect(spy.calls).toEqual([{ tenantId, compoundIds: [a.compound.id, b.compound.id].sort() }]);
    spy.stop();

    const same = await t.call(admin, 'POST', `/v1/members/${m.id}/move`, {
      compoundId: b.compound.id,
      householdId: target.household.id,
      movedOn: '2021-01-01',
    });
    expectProblem(same.res, 422, 'same_place');
    const early = await t.call(admin, 'POST', `/v1/members/${m.id}/move`, {
      compoundId: a.compound.id,
      movedOn: '2019-01-01',
    });
    expect(expectProblem(early.res, 400).errors?.map((e) => e.path)).toEqual(['body.movedOn']);
    const future = await t.call(admin, 'POST', `/v1/members/${m.id}/move`, {
      compoundId: a.compound.id,
      movedOn: '2999-01-01',
    });
    expect(expectProblem(future.res, 400).errors?.map((e) => e.path)).toEqual(['body.movedOn']);
    const unknown = await t.call(admin, 'POST', `/v1/members/${m.id}/move`, {
      compoundId: crypto.randomUUID(),
      movedOn: '2022-01-01',
    });
    expect(expectProblem(unknown.res, 400).errors?.map((e) => e.path)).toEqual(['body.compoundId']);
    await t.call(
      admin,
      'POST',
      `/v1/members/${m.id}/move`,
      { compoundId: a.compound.id, movedOn: '2023-03-01' },
      200,
    );

    const moves = (await t.call(admin, 'GET', `/v1/members/${m.id}/moves`, undefined, 200)).body.items;
    expect(moves).toMatchObject([
      {
        fromCompoundId: a.compound.id,
        fromCompoundName: '老小区',
        toCompoundId: b.compound.id,
        toCompoundName: '新小区',
        toHouseholdId: target.household.id,
        movedOn: '2020-05-01',
      },
      {
        fromCompoundId: b.compound.id,
        fromHouseholdId: target.household.id,
        toCompoundId: a.compound.id,
        toHouseholdId: null,
        movedOn: '2023-03-01',
      },
    ]);
    expect(ids((await list(admin, `?compoundId=${a.compound.id}`)).items)).toEqual([m.id]);
    await t.call(admin, 'POST', `/v1/members/${m.id}/archive`, { reason: 'moved-away' }, 200);
    const archivedMove = await t.call(admin, 'POST', `/v1/members/${m.id}/move`, {
      compoundId: b.compound.id,
      movedOn: '2024-01-01',
    });
    expectProblem(archivedMove.res, 422, 'archived');
  });
});

describe('plaques', () => {
  it('hangs one current plaque on a household with an active member, lists and removes it', async () => {
    const { admin } = t.tenant();
    const { street, community, compound } = await t.territory(admin, { compound: '光荣小区' });
    const { building, household } = await flat(t, admin, compound.id, '7号楼', '1单元101');
    const empty = await flat(t, admin, compound.id, '8号楼', '801');
    const noMember = await t.call(admin, 'POST', '/v1/plaques', {
      householdId: empty.household.id,
      kind: '共产党员户',
      hungOn: '2021-07-01',
    });
    expectProblem(noMember.res, 422, 'no_member');
    await registerMember(t, admin, compound.id, { householdId: household.id });
    const bad = await t.call(admin, 'POST', '/v1/plaques', {
      householdId: household.id,
      kind: '光荣之家',
      hungOn: '2999-01-01',
    });
    expect(
      expectProblem(bad.res, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.hungOn', 'body.kind']);
    const unknown = await t.call(admin, 'POST', '/v1/plaques', {
      householdId: crypto.randomUUID(),
      kind: '共产党员户',
      hungOn: '2021-07-01',
    });
    expect(expectProblem(unknown.res, 400).errors?.map((e) => e.path)).toEqual(['body.householdId']);

    const p = (
      await t.call(
        admin,
        'POST',
        '/v1/plaques',
        { householdId: household.id, kind: '共产党员户', hungOn: '2021-07-01' },
        201,
      )
    ).body;
    expect(p).toMatchObject({
      kind: '共产党员户',
      householdId: household.id,
      room: '1单元101',
      buildingId: building.id,
      buildingName: '7号楼',
      compoundId: compound.id,
      compoundName: '光荣小区',
      streetId: street.id,
      communityId: community.id,
      hungOn: '2021-07-01',
      removedOn: null,
      current: true,
    });
    const second = await t.call(admin, 'POST', '/v1/plaques', {
      householdId: household.id,
      kind: '共产党员光荣',
      hungOn: '2022-07-01',
    });
    expectProblem(second.res, 422, 'plaque_current');

    const listed = (await t.call(admin, 'GET', `/v1/plaques?compoundId=${compound.id}`)).body.items;
    expect(ids(listed)).toEqual([p.id]);
    expect(
      (await t.call(admin, 'GET', `/v1/plaques?communityId=${community.id}&kind=共产党员光荣`)).body.items,
    ).toEqual([]);
    const early = await t.call(admin, 'POST', `/v1/plaques/${p.id}/remove`, { removedOn: '2020-01-01' });
    expect(expectProblem(early.res, 400).errors?.map((e) => e.path)).toEqual(['body.removedOn']);
    const removed = await t.call(
      admin,
      'POST',
      `/v1/plaques/${p.id}/remove`,
      { removedOn: '2022-06-30' },
      200,
    );
    expect(removed.body).toMatchObject({ removedOn: '2022-06-30', current: false });
    expectProblem(
      (await t.call(admin, 'POST', `/v1/plaques/${p.id}/remove`, { removedOn: '2022-07-01' })).res,
      422,
      'already_removed',
    );
    expect((await t.call(admin, 'GET', `/v1/plaques?streetId=${street.id}`)).body.items).toEqual([]);
    expect(
      ids((await t.call(admin, 'GET', `/v1/plaques?streetId=${street.id}&includeRemoved=true`)).body.items),
    ).toEqual([p.id]);
    const next = await t.call(
      admin,
      'POST',
      '/v1/plaques',
      { householdId: household.id, kind: '共产党员光荣', hungOn: '2022-07-01' },
      201,
    );
    expect((await t.call(admin, 'GET', `/v1/plaques/${next.body.id}`, undefined, 200)).body.kind).toBe(
      '共产党员光荣',
    );
  });
});

describe('CSV export', () => {
  it('exports a roster with BOM and Chinese headers, whole phones only for roster keepers', async () => {
    const { id, admin } = t.tenant();
    const { compound } = await t.territory(admin, {
      street: '古槐街道',
      community: '南门社区',
      grid: '一网格',
      compound: '运河小区',
    });
    const { household } = await flat(t, admin, compound.id, '3号楼', '301');
    await registerMember(t, admin, compound.id, {
      name: '周正',
      phone: '13912345678',
      householdId: household.id,
      isHomeowner: true,
      joinedOn: '1998-07-01',
    });
    await registerMember(t, admin, compound.id, {
      name: '吴非',
      phone: '13912340000',
      management: 'non-self',
      membershipOrg: '济宁医学院',
      status: 'probationary',
      joinedOn: '2024-01-01',
    });
    const get = (token: string, query: string) =>
      t.app.inject({
        method: 'GET',
        url: `/v1/members/export${query}`,
        headers: { authorization: `Bearer ${token}` },
      });
    const res = await get(admin, '?management=self');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toMatch(
      /^attachment; filename="members-self-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/,
    );
    const encoded = disposition.split("UTF-8''")[1];
    expect(decodeURIComponent(encoded)).toMatch(/^自管党员名册-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const lines = res.body.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      '姓名,性别,出生年份,手机号,街道,社区,网格,小区,楼栋,房号,党员类别,管理方式,组织关系所在单位,是否业主,入党日期',
    );
    expect(lines.slice(1)).toEqual([
      '周正,男,1970,13912345678,古槐街道,南门社区,一网格,运河小区,3号楼,301,正式党员,自管,,是,1998-07-01',
    ]);
    const all = await get(admin, '');
    expect(all.body.trim().split(/\r?\n/)).toHaveLength(3);
    const nonSelf = await get(t.tokens.user(id, ['viewer']), '?management=non-self');
    expect(nonSelf.body.slice(1).trim().split(/\r?\n/)[1]).toBe(
      '吴非,男,1970,139****0000,古槐街道,南门社区,一网格,运河小区,,,预备党员,非自管,济宁医学院,否,2024-01-01',
    );
    expect(decodeURIComponent(String(nonSelf.headers['content-disposition']).split("UTF-8''")[1])).toMatch(
      /^非自管党员名册-/,
    );
    const outside = await get(
      t.tokens.user(id, ['community-cadre'], { communities: [crypto.randomUUID()] }),
      '',
    );
    expect(outside.body.slice(1).trim().split(/\r?\n/)).toHaveLength(1);
    expect((await get(t.tokens.user(id, ['volunteer']), '')).statusCode).toBe(403);
  });
});

describe('data scope and roles', () => {
  it('keeps each role to its scope: street, community, branch secretary, viewer, volunteer', async () => {
    const { id, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    const grid2 = (
      await t.call(admin, 'POST', '/v1/grids', { communityId: a.community.id, name: '二网格' }, 201)
    ).body;
    const a2 = (
      await t.call(admin, 'POST', '/v1/compounds', { gridId: grid2.id, name: '同社区另一小区' }, 201)
    ).body;
    const inA = await registerMember(t, admin, a.compound.id);
    const inA2 = await registerMember(t, admin, a2.id);
    const inB = await registerMember(t, admin, b.compound.id);

    // Street cadre: their street only.
    const street = t.tokens.user(id, ['street-cadre'], { streets: [a.street.id] });
    expect(ids((await list(street)).items)).toEqual(ids([inA, inA2]));
    expectProblem((await t.call(street, 'GET', `/v1/members/${inB.id}`)).res, 404);
    expectProblem(
      (await t.call(street, 'PATCH', `/v1/members/${inB.id}`, { version: 1, name: 'x' })).res,
      404,
    );
    expectProblem((await t.call(street, 'POST', '/v1/members', memberBody(b.compound.id))).res, 404);
    expect((await t.call(street, 'GET', `/v1/members/${inA.id}`, undefined, 200)).body.phoneMasked).toBe(
      false,
    );
    await registerMember(t, street, a.compound.id);
    const toB = await t.call(street, 'POST', `/v1/members/${inA.id}/move`, {
      compoundId: b.compound.id,
      movedOn: '2020-01-01',
    });
    expectProblem(toB.res, 404);

    // Community cadre: their community only (both its compounds).
    const community = t.tokens.user(id, ['community-cadre'], { communities: [a.community.id] });
    await t.call(
      community,
      'POST',
      `/v1/members/${inA.id}/move`,
      { compoundId: a2.id, movedOn: '2020-01-01' },
      200,
    );
    expectProblem(
      (await t.call(community, 'POST', `/v1/members/${inB.id}/archive`, { reason: 'other' })).res,
      404,
    );
    expectProblem((await t.call(community, 'GET', `/v1/members/${inB.id}/moves`)).res, 404);

    // Branch secretary scoped to one compound.
    const secretary = t.tokens.user(id, ['branch-secretary'], { compounds: [a.compound.id] });
    expect((await list(secretary)).items.every((m: Row) => m.compoundId === a.compound.id)).toBe(true);
    expectProblem((await t.call(secretary, 'GET', `/v1/members/${inA2.id}`)).res, 404);
    expectProblem((await t.call(secretary, 'POST', '/v1/members', memberBody(a2.id))).res, 404);
    const own = await registerMember(t, secretary, a.compound.id);
    await t.call(secretary, 'PATCH', `/v1/members/${own.id}`, { version: 1, isHomeowner: true }, 200);

    // Viewer reads everything (district-wide) but changes nothing; volunteers see nothing.
    const viewer = t.tokens.user(id, ['viewer']);
    expect((await list(viewer)).items.length).toBeGreaterThanOrEqual(4);
    expectProblem((await t.call(viewer, 'POST', '/v1/members', memberBody(a.compound.id))).res, 403);
    expectProblem(
      (await t.call(viewer, 'PATCH', `/v1/members/${inB.id}`, { version: 1, name: 'x' })).res,
      403,
    );
    expectProblem(
      (await t.call(viewer, 'POST', `/v1/members/${inB.id}/archive`, { reason: 'other' })).res,
      403,
    );
    expectProblem((await t.call(viewer, 'POST', '/v1/plaques', {})).res, 403);
    const volunteer = t.tokens.user(id, ['volunteer']);
    expectProblem((await t.call(volunteer, 'GET', '/v1/members')).res, 403);
    expectProblem((await t.call(volunteer, 'GET', `/v1/members/${inA.id}`)).res, 403);
    expectProblem((await t.call(volunteer, 'GET', '/v1/plaques')).res, 403);
    expectProblem(
      (await t.call(t.tokens.service(id, ['org:read']), 'POST', '/v1/members', memberBody(a.compound.id)))
        .res,
      403,
    );
    await t.call(t.tokens.service(id, ['org:write']), 'POST', '/v1/members', memberBody(b.compound.id), 201);

    // Plaques follow the same scope.
    const { household } = await flat(t, admin, b.compound.id);
    await registerMember(t, admin, b.compound.id, { householdId: household.id });
    const hang = { householdId: household.id, kind: '共产党员户', hungOn: '2021-07-01' };
    expectProblem((await t.call(community, 'POST', '/v1/plaques', hang)).res, 404);
    const plaque = (await t.call(admin, 'POST', '/v1/plaques', hang, 201)).body;
    expect((await t.call(community, 'GET', '/v1/plaques')).body.items).toEqual([]);
    expectProblem((await t.call(community, 'GET', `/v1/plaques/${plaque.id}`)).res, 404);
    expectProblem(
      (await t.call(community, 'POST', `/v1/plaques/${plaque.id}/remove`, { removedOn: '2022-01-01' })).res,
      404,
    );
    const gridWorker = t.tokens.user(id, ['grid-worker'], { grids: [b.grid.id] });
    expect(ids((await t.call(gridWorker, 'GET', '/v1/plaques')).body.items)).toEqual([plaque.id]);
    expectProblem(
      (await t.call(gridWorker, 'POST', `/v1/plaques/${plaque.id}/remove`, { removedOn: '2022-01-01' })).res,
      403,
    );
  });

  it('keeps two tenants apart: the other tenant’s members are 404 everywhere and unchanged', async () => {
    const one = t.tenant();
    const two = t.tenant();
    const mine = await t.territory(one.admin);
    const theirs = await t.territory(two.admin);
    const m1 = await registerMember(t, one.admin, mine.compound.id);
    const m2 = await registerMember(t, two.admin, theirs.compound.id, { name: '他人' });
    expect(ids((await list(one.admin)).items)).toEqual([m1.id]);
    for (const [method, url, body] of [
      ['GET', `/v1/members/${m2.id}`, undefined],
      ['GET', `/v1/members/${m2.id}/moves`, undefined],
      ['PATCH', `/v1/members/${m2.id}`, { version: 1, name: 'hijack' }],
      ['POST', `/v1/members/${m2.id}/archive`, { reason: 'other' }],
      ['POST', `/v1/members/${m2.id}/restore`, undefined],
      ['POST', `/v1/members/${m2.id}/move`, { compoundId: mine.compound.id, movedOn: '2020-01-01' }],
    ] as const)
      expectProblem((await t.call(one.admin, method, url, body)).res, 404);
    // Their compound is no compound to me.
    const plant = await t.call(one.admin, 'POST', '/v1/members', memberBody(theirs.compound.id));
    expect(expectProblem(plant.res, 400).errors?.map((e) => e.path)).toEqual(['body.compoundId']);
    expect((await list(one.admin, `?compoundId=${theirs.compound.id}`)).items).toEqual([]);
    const still = (await t.call(two.admin, 'GET', `/v1/members/${m2.id}`, undefined, 200)).body;
    expect(still).toMatchObject({
      name: '他人',
      version: 1,
      archived: false,
      compoundId: theirs.compound.id,
    });
    expect((await t.call(two.admin, 'GET', `/v1/members/${m2.id}/moves`)).body.items).toEqual([]);
  });
});
