import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCommitteeMember,
  addCompound,
  addMembers,
  archiveMembers,
  formCommittees,
  outbox,
  ownerQuery,
  today,
} from './helpers/formation.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

const view = async (token: string, compoundId: string) =>
  (await t.call(token, 'GET', `/v1/formation/compounds/${compoundId}`, undefined, 200)).body;
const apply = (token: string, compoundId: string, body?: unknown) =>
  t.call(token, 'POST', `/v1/formation/compounds/${compoundId}/apply`, body);
const compoundRow = async (id: string) =>
  (
    await ownerQuery(
      t,
      'select branch_id, branch_form, formation_flag, formation_flagged_at, version from org.compounds where id = $1',
      [id],
    )
  )[0];

describe('the rule', () => {
  it('counts only active self-managed full members against the threshold (2 → joint, 3 → own)', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { grid: '一网格', compound: '幸福里小区' });
    const ids = await addMembers(t, tenantId, terr.compound, {
      selfFull: 2,
      selfProbationary: 3,
      nonSelfFull: 4,
      nonSelfProbationary: 1,
    });
    const two = await view(admin, terr.compound.id);
    expect(two).toMatchObject({
      compoundName: '幸福里小区',
      gridName: '一网格',
      counts: { selfFull: 2, selfProbationary: 3, nonSelf: 5, total: 10 },
      threshold: 3,
      recommendation: { form: 'joint-branch', formName: '网格(联合)党支部', branchName: '一网格联合党支部' },
      weakBase: false,
      current: null,
      fits: null,
    });
    expect(two.recommendation.reason).toContain('不足3名');
    expect(two.warnings.map((w: { code: string }) => w.code)).toEqual(['uncovered']);

    const [third] = await addMembers(t, tenantId, terr.compound, { selfFull: 1 });
    const three = await view(admin, terr.compound.id);
    expect(three.counts).toEqual({ selfFull: 3, selfProbationary: 3, nonSelf: 5, total: 11 });
    expect(three.recommendation).toMatchObject({
      form: 'own-branch',
      formName: '小区党支部',
      branchName: '幸福里小区党支部',
    });

    // An archived member no longer counts.
    await archiveMembers(t, tenantId, [third as string]);
    expect((await view(admin, terr.compound.id)).recommendation.form).toBe('joint-branch');
    expect(ids).toHaveLength(10);
  });

  it('calls a compound with no self-managed full member a weak base, with or without other members', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin);
    const empty = await view(admin, terr.compound.id);
    expect(empty).toMatchObject({ counts: { selfFull: 0, total: 0 }, weakBase: true });
    expect(empty.warnings.map((w: { code: string }) => w.code)).toEqual([
      'uncovered',
      'weak-base-without-liaison',
    ]);
    await addMembers(t, tenantId, terr.compound, { selfProbationary: 2, nonSelfFull: 3 });
    expect((await view(admin, terr.compound.id)).weakBase).toBe(true);
    await addMembers(t, tenantId, terr.compound, { selfFull: 1 });
    const one = await view(admin, terr.compound.id);
    expect(one.weakBase).toBe(false);
    expect(one.warnings.map((w: { code: string }) => w.code)).toEqual(['uncovered']);
  });
});

describe('applying the recommendation', () => {
  it('forms an own branch under the community committee, covers the compound, audits and publishes', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { community: '南门社区', compound: '幸福里小区' });
    const { community } = await formCommittees(t, admin, terr);
    await addMembers(t, tenantId, terr.compound, { selfFull: 3 });
    const before = (await outbox(t, tenantId)).length;
    const res = (await apply(admin, terr.compound.id)).body;
    expect(res).toMatchObject({
      changed: true,
      formed: true,
      dissolvedBranchIds: [],
      branch: {
        level: 'compound-branch',
        name: '幸福里小区党支部',
        parentId: community.id,
        compoundId: terr.compound.id,
        compoundIds: [terr.compound.id],
      },
      formation: {
        current: { form: 'own-branch', formName: '小区党支部', branchName: '幸福里小区党支部' },
        fits: true,
        flag: null,
        warnings: [],
      },
    });
    const compound = (await t.call(admin, 'GET', `/v1/compounds/${terr.compound.id}`, undefined, 200)).body;
    expect(compound).toMatchObject({
      branchId: res.branch.id,
      branchForm: 'own-branch',
      branchFormName: '小区党支部',
    });
    const events = (await outbox(t, tenantId)).slice(before);
    expect(events.map((e) => e.type)).toEqual(['org.party-org.formed', 'org.compound.updated']);
    expect(events[0].data).toMatchObject({ partyOrgId: res.branch.id, compoundIds: [terr.compound.id] });
    expect(events[1].data).toMatchObject({
      branchId: res.branch.id,
      branchForm: 'own-branch',
      name: '幸福里小区',
    });
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${terr.compound.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'formation.applied' });

    // Applying again changes nothing.
    const again = (await apply(admin, terr.compound.id, {})).body;
    expect(again).toMatchObject({ changed: false, formed: false, branch: { id: res.branch.id } });
    expect((await outbox(t, tenantId)).length).toBe(before + 2);
  });

  it('puts small compounds of a grid into one joint branch, formed once and then reused', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { grid: '一网格', compound: '甲小区' });
    const { community } = await formCommittees(t, admin, terr);
    const second = await addCompound(t, admin, terr.grid.id, '乙小区');
    await addMembers(t, tenantId, terr.compound, { selfFull: 2 });
    const first = (await apply(admin, terr.compound.id)).body;
    expect(first).toMatchObject({
      formed: true,
      branch: {
        level: 'grid-branch',
        name: '一网格联合党支部',
        parentId: community.id,
        gridId: terr.grid.id,
      },
    });
    const before = (await outbox(t, tenantId)).length;
    const next = (await apply(admin, second.id)).body;
    expect(next).toMatchObject({ changed: true, formed: false, branch: { id: first.branch.id } });
    expect(next.branch.compoundIds.sort()).toEqual([terr.compound.id, second.id].sort());
    const events = (await outbox(t, tenantId)).slice(before);
    expect(events.map((e) => e.type)).toEqual(['org.party-org.changed', 'org.compound.updated']);
    expect(events[0].data.compoundIds).toHaveLength(2);
    // Grid names repeat across communities: the next community's 一网格 gets a distinct branch name.
    const other = await t.territory(admin, { street: '另一街道', community: '北门社区', grid: '一网格' });
    await formCommittees(t, admin, other);
    expect((await apply(admin, other.compound.id)).body.branch.name).toBe('北门社区一网格联合党支部');
  });

  it('needs the community committee: 422 naming it, nothing written', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { community: '南门社区' });
    await addMembers(t, tenantId, terr.compound, { selfFull: 3 });
    const res = await apply(admin, terr.compound.id);
    expect((expectProblem(res.res, 422, 'parent_missing') as { detail?: string }).detail).toContain(
      '南门社区的社区党委',
    );
    expect((await compoundRow(terr.compound.id)).branch_id).toBeNull();
    expect(
      (await ownerQuery(t, 'select count(*)::int n from org.party_orgs where tenant_id = $1', [tenantId]))[0]
        .n,
    ).toBe(0);
    expect((await outbox(t, tenantId)).map((e) => e.type)).toEqual(['org.compound.created']);
  });

  it('moves joint → own when a compound grows (dissolving the emptied joint branch) and back when it shrinks', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { grid: '三网格', compound: '丙小区' });
    await formCommittees(t, admin, terr);
    const building = (
      await t.call(admin, 'POST', '/v1/buildings', { compoundId: terr.compound.id, name: '1号楼' }, 201)
    ).body;
    const joint = (await apply(admin, terr.compound.id)).body.branch;
    const group = (
      await t.call(admin, 'POST', '/v1/party-orgs', { level: 'building-group', buildingId: building.id }, 201)
    ).body;
    expect(group.parentId).toBe(joint.id);

    const grown = await addMembers(t, tenantId, terr.compound, { selfFull: 3 });
    const flagged = await view(admin, terr.compound.id);
    expect(flagged).toMatchObject({
      fits: false,
      flag: 'form-mismatch',
      recommendation: { form: 'own-branch' },
    });
    expect(flagged.flaggedAt).toBeTruthy();
    expect(flagged.warnings.map((w: { code: string }) => w.code)).toEqual(['form-mismatch']);
    // The rule raised the flag, not a person: the audit log says so, and why.
    const audited = (await t.call(admin, 'GET', `/v1/audit-log?targetId=${terr.compound.id}&actorId=org`))
      .body.items;
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      actorKind: 'system',
      actorName: '系统（党员名册变更）',
      action: 'compound.flagged',
      before: { formationFlag: null },
      after: { formationFlag: 'form-mismatch' },
    });
    expect(
      (await t.call(admin, 'GET', '/v1/formation?flagged=true')).body.items.map(
        (i: { compoundId: string }) => i.compoundId,
      ),
    ).toEqual([terr.compound.id]);

    const before = (await outbox(t, tenantId)).length;
    const own = (await apply(admin, terr.compound.id)).body;
    expect(own).toMatchObject({
      formed: true,
      branch: { level: 'compound-branch', name: '丙小区党支部' },
      dissolvedBranchIds: [joint.id],
      formation: { flag: null, fits: true },
    });
    expect((await t.call(admin, 'GET', `/v1/party-orgs/${joint.id}`)).body).toMatchObject({
      status: 'dissolved',
      compoundIds: [],
    });
    expect((await t.call(admin, 'GET', `/v1/party-orgs/${group.id}`)).body.parentId).toBe(own.branch.id);
    expect((await outbox(t, tenantId)).slice(before).map((e) => e.type)).toEqual([
      'org.party-org.formed',
      'org.party-org.changed',
      'org.party-org.dissolved',
      'org.compound.updated',
    ]);

    // Members leave: the own branch no longer fits; applying forms a new joint branch and dissolves the own one.
    await archiveMembers(t, tenantId, grown.slice(0, 2));
    expect((await view(admin, terr.compound.id)).flag).toBe('form-mismatch');
    const back = (await apply(admin, terr.compound.id)).body;
    expect(back).toMatchObject({
      formed: true,
      branch: { level: 'grid-branch', name: '三网格联合党支部' },
      dissolvedBranchIds: [own.branch.id],
      formation: { flag: null, current: { form: 'joint-branch' } },
    });
    expect((await t.call(admin, 'GET', `/v1/party-orgs/${group.id}`)).body.parentId).toBe(back.branch.id);
  });

  it('keeps a joint branch that still covers other compounds when one of them leaves', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { compound: '丁小区' });
    await formCommittees(t, admin, terr);
    const other = await addCompound(t, admin, terr.grid.id, '戊小区');
    const joint = (await apply(admin, terr.compound.id)).body.branch;
    await apply(admin, other.id);
    await addMembers(t, tenantId, terr.compound, { selfFull: 4 });
    const own = (await apply(admin, terr.compound.id)).body;
    expect(own.dissolvedBranchIds).toEqual([]);
    expect((await t.call(admin, 'GET', `/v1/party-orgs/${joint.id}`)).body).toMatchObject({
      status: 'active',
      compoundIds: [other.id],
    });
  });
});

describe('re-evaluation', () => {
  it('a tenant threshold of 4 changes the recommendation and flags an applied own branch; 3 again clears it', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin);
    await formCommittees(t, admin, terr);
    const small = await addCompound(t, admin, terr.grid.id, '小小区');
    await addMembers(t, tenantId, terr.compound, { selfFull: 3 });
    await addMembers(t, tenantId, small, { selfFull: 1 });
    await apply(admin, terr.compound.id);
    await apply(admin, small.id);
    const versionBefore = (await compoundRow(terr.compound.id)).version;

    await t.publishSettings(tenantId, { branchThreshold: 4 });
    await expect
      .poll(async () => (await view(admin, terr.compound.id)).flag, { timeout: 5000 })
      .toBe('form-mismatch');
    const flagged = await view(admin, terr.compound.id);
    expect(flagged).toMatchObject({ threshold: 4, recommendation: { form: 'joint-branch' }, fits: false });
    expect((await view(admin, small.id)).flag).toBeNull();
    // The flag is derived: the compound's version (users' optimistic lock) is untouched.
    expect((await compoundRow(terr.compound.id)).version).toBe(versionBefore);

    await t.publishSettings(tenantId, { branchThreshold: 3 });
    await expect.poll(async () => (await view(admin, terr.compound.id)).flag, { timeout: 5000 }).toBeNull();
    expect((await compoundRow(terr.compound.id)).formation_flagged_at).toBeNull();

    // A lower threshold makes the small joint compound qualify for its own branch.
    await t.publishSettings(tenantId, { branchThreshold: 1 });
    await expect
      .poll(async () => (await view(admin, small.id)).flag, { timeout: 5000 })
      .toBe('form-mismatch');
    expect((await view(admin, terr.compound.id)).flag).toBeNull();
  });

  it('re-judges every compound of a roster batch in one call, leaving other tenants alone', async () => {
    const { id: tenantId, admin } = t.tenant();
    const other = t.tenant();
    const terr = await t.territory(admin);
    await formCommittees(t, admin, terr);
    const b = await addCompound(t, admin, terr.grid.id, 'B小区');
    const c = await addCompound(t, admin, terr.grid.id, 'C小区');
    for (const x of [terr.compound, b, c]) await apply(admin, x.id);
    // Members arrive without notification, then one roster change names all three compounds.
    await addMembers(t, tenantId, terr.compound, { selfFull: 3 }, { notify: false });
    await addMembers(t, tenantId, b, { selfFull: 5 }, { notify: false });
    await addMembers(t, tenantId, c, { selfFull: 1 }, { notify: false });
    expect((await view(admin, b.id)).flag).toBeNull();
    const { withTenant } = await import('@hongfan/db');
    await withTenant(t.org.deps.orm, tenantId, (em) =>
      t.org.deps.rosterChanged(em, tenantId, [terr.compound.id, b.id, c.id, b.id]),
    );
    expect((await view(admin, terr.compound.id)).flag).toBe('form-mismatch');
    expect((await view(admin, b.id)).flag).toBe('form-mismatch');
    expect((await view(admin, c.id)).flag).toBeNull();
    // The other tenant's roster event for these ids touches nothing (row-level security).
    await withTenant(t.org.deps.orm, other.id, (em) => t.org.deps.rosterChanged(em, other.id, [c.id]));
    expect((await view(admin, terr.compound.id)).flag).toBe('form-mismatch');
  });
});

describe('the formation list', () => {
  it('filters by recommendation, weak base, missing liaison, uncovered and path; pages by name', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin, { compound: '甲' });
    await formCommittees(t, admin, terr);
    const b = await addCompound(t, admin, terr.grid.id, '乙');
    const c = await addCompound(t, admin, terr.grid.id, '丙');
    const elsewhere = await t.territory(admin, { compound: '丁' });
    await addMembers(t, tenantId, terr.compound, { selfFull: 3 });
    await addMembers(t, tenantId, b, { selfFull: 1 });
    await apply(admin, b.id);
    const list = async (q: string) =>
      (await t.call(admin, 'GET', `/v1/formation?${q}`, undefined, 200)).body.items.map(
        (i: { compoundName: string }) => i.compoundName,
      );
    expect(await list('')).toEqual(['丁', '丙', '乙', '甲'].sort());
    expect(await list('recommended=own-branch')).toEqual(['甲']);
    expect((await list('recommended=joint-branch')).sort()).toEqual(['丁', '丙', '乙'].sort());
    expect((await list('weak=true')).sort()).toEqual(['丁', '丙'].sort());
    expect(await list('uncovered=false')).toEqual(['乙']);
    expect((await list(`gridId=${terr.grid.id}&uncovered=true`)).sort()).toEqual(['丙', '甲'].sort());
    expect(await list(`streetId=${elsewhere.street.id}`)).toEqual(['丁']);
    expect(await list(`q=${encodeURIComponent('甲')}`)).toEqual(['甲']);
    await t.call(
      admin,
      'POST',
      '/v1/liaisons',
      {
        compoundId: c.id,
        cadreKind: 'street-cadre',
        cadreName: '李干部',
        startedOn: today(),
      },
      201,
    );
    expect(await list('missingLiaison=true')).toEqual(['丁']);
    const p1 = (await t.call(admin, 'GET', '/v1/formation?limit=3', undefined, 200)).body;
    const p2 = (await t.call(admin, 'GET', `/v1/formation?limit=3&cursor=${p1.nextCursor}`, undefined, 200))
      .body;
    expect(p1.items).toHaveLength(3);
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    const bad = await t.call(admin, 'GET', '/v1/formation?recommended=maybe&flagged=perhaps');
    expect(
      expectProblem(bad.res, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['querystring.flagged', 'querystring.recommended']);
  });
});

describe('liaison cadres (联系包保)', () => {
  it('assigns one current liaison per compound, clears the weak-base warning, ends with history', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin);
    expect((await view(admin, terr.compound.id)).warnings.map((w: { code: string }) => w.code)).toContain(
      'weak-base-without-liaison',
    );
    const cmId = await addCommitteeMember(t, tenantId, terr.community, { name: '王委员' });
    const created = (
      await t.call(
        admin,
        'POST',
        '/v1/liaisons',
        {
          compoundId: terr.compound.id,
          cadreKind: 'community-committee',
          cadreName: '王委员',
          cadrePhone: '13800000001',
          committeeMemberId: cmId,
          startedOn: '2024-01-15',
        },
        201,
      )
    ).body;
    expect(created).toMatchObject({
      compoundId: terr.compound.id,
      communityId: terr.community.id,
      cadreKindName: '社区"两委"成员',
      current: true,
      endedOn: null,
    });
    const withLiaison = await view(admin, terr.compound.id);
    expect(withLiaison.liaison).toMatchObject({
      id: created.id,
      cadreName: '王委员',
      startedOn: '2024-01-15',
    });
    expect(withLiaison.warnings.map((w: { code: string }) => w.code)).toEqual(['uncovered']);

    const second = await t.call(admin, 'POST', '/v1/liaisons', {
      compoundId: terr.compound.id,
      cadreKind: 'street-cadre',
      cadreName: '李干部',
      startedOn: '2024-02-01',
    });
    expectProblem(second.res, 409, 'liaison_exists');

    const early = await t.call(admin, 'POST', `/v1/liaisons/${created.id}/end`, {
      endedOn: '2024-01-01',
      reason: '调动',
    });
    expect(expectProblem(early.res, 400).errors?.[0].path).toBe('body.endedOn');
    const ended = (
      await t.call(
        admin,
        'POST',
        `/v1/liaisons/${created.id}/end`,
        { endedOn: '2024-06-30', reason: '工作调动' },
        200,
      )
    ).body;
    expect(ended).toMatchObject({ current: false, endedOn: '2024-06-30', endReason: '工作调动' });
    expectProblem(
      (await t.call(admin, 'POST', `/v1/liaisons/${created.id}/end`, { endedOn: '2024-07-01', reason: 'x' }))
        .res,
      422,
      'already_ended',
    );
    expect((await view(admin, terr.compound.id)).warnings.map((w: { code: string }) => w.code)).toContain(
      'weak-base-without-liaison',
    );
    expect((await t.call(admin, 'GET', '/v1/liaisons')).body.items).toEqual([]);
    expect((await t.call(admin, 'GET', '/v1/liaisons?includeEnded=true')).body.items).toHaveLength(1);
    // After ending, a new liaison may be assigned.
    await t.call(
      admin,
      'POST',
      '/v1/liaisons',
      {
        compoundId: terr.compound.id,
        cadreKind: 'street-cadre',
        cadreName: '李干部',
        startedOn: '2024-07-01',
      },
      201,
    );
    expect(
      (await t.call(admin, 'GET', `/v1/liaisons?compoundId=${terr.compound.id}`)).body.items,
    ).toHaveLength(1);
    const audit = await t.call(admin, 'GET', `/v1/audit-log?targetId=${created.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'liaisons.ended',
      'liaisons.assigned',
    ]);
  });

  it('checks the committee member and the dates; bad input is a 400 naming the field, nothing written', async () => {
    const { id: tenantId, admin } = t.tenant();
    const terr = await t.territory(admin);
    const elsewhere = await t.territory(admin);
    const foreign = await addCommitteeMember(t, tenantId, elsewhere.community);
    const windowStaff = await addCommitteeMember(t, tenantId, terr.community, { atWindow: true });
    const base = {
      compoundId: terr.compound.id,
      cadreKind: 'community-committee',
      cadreName: '张三',
      startedOn: '2024-01-01',
    };
    const cases: Array<[unknown, string[]]> = [
      [{ ...base, cadreKind: 'street-cadre', committeeMemberId: foreign }, ['body.committeeMemberId']],
      [{ ...base, committeeMemberId: foreign }, ['body.committeeMemberId']],
      [{ ...base, startedOn: '2999-01-01' }, ['body.startedOn']],
      [{ ...base, compoundId: crypto.randomUUID() }, ['body.compoundId']],
      [{ ...base, cadreKind: 'mayor' }, ['body.cadreKind']],
      [{ ...base, cadreName: '', cadrePhone: 'call me' }, ['body.cadreName', 'body.cadrePhone']],
      [{ ...base, endedOn: '2024-02-01' }, ['body.endedOn']],
      [{ compoundId: terr.compound.id }, ['body.cadreKind', 'body.cadreName', 'body.startedOn']],
    ];
    for (const [payload, paths] of cases) {
      const res = await t.call(admin, 'POST', '/v1/liaisons', payload);
      expect(
        expectProblem(res.res, 400)
          .errors?.map((e) => e.path)
          .sort(),
        JSON.stringify(payload),
      ).toEqual(paths);
    }
    expectProblem(
      (await t.call(admin, 'POST', '/v1/liaisons', { ...base, committeeMemberId: windowStaff })).res,
      422,
      'at_window',
    );
    expect((await t.call(admin, 'GET', '/v1/liaisons?includeEnded=true')).body.items).toEqual([]);
    const badApply = await apply(admin, terr.compound.id, { branchName: 'x', form: 'own-branch' });
    expect(expectProblem(badApply.res, 400).errors?.map((e) => e.path)).toEqual(['body.form']);
    expect((await compoundRow(terr.compound.id)).branch_id).toBeNull();
  });
});

describe('data scope and roles', () => {
  it('street/community cadres read and apply only in their part; viewers read; volunteers are refused', async () => {
    const { id: tenantId, admin } = t.tenant();
    const a = await t.territory(admin);
    const b = await t.territory(admin);
    await formCommittees(t, admin, a);
    await formCommittees(t, admin, b);
    const items = async (token: string) =>
      (await t.call(token, 'GET', '/v1/formation', undefined, 200)).body.items.map(
        (i: { compoundId: string }) => i.compoundId,
      );

    const streetCadre = t.tokens.user(tenantId, ['street-cadre'], { streets: [a.street.id] });
    expect(await items(streetCadre)).toEqual([a.compound.id]);
    expectProblem((await t.call(streetCadre, 'GET', `/v1/formation/compounds/${b.compound.id}`)).res, 404);
    expectProblem((await apply(streetCadre, b.compound.id)).res, 404);
    await apply(streetCadre, a.compound.id).then((r) => expect(r.status).toBe(200));
    expectProblem(
      (
        await t.call(streetCadre, 'POST', '/v1/liaisons', {
          compoundId: b.compound.id,
          cadreKind: 'street-cadre',
          cadreName: 'x',
          startedOn: '2024-01-01',
        })
      ).res,
      404,
    );

    const communityCadre = t.tokens.user(tenantId, ['community-cadre'], { communities: [b.community.id] });
    expect(await items(communityCadre)).toEqual([b.compound.id]);
    expectProblem((await apply(communityCadre, a.compound.id)).res, 404);
    const liaison = (
      await t.call(
        communityCadre,
        'POST',
        '/v1/liaisons',
        {
          compoundId: b.compound.id,
          cadreKind: 'street-cadre',
          cadreName: '赵干部',
          startedOn: '2024-01-01',
        },
        201,
      )
    ).body;
    expect((await t.call(streetCadre, 'GET', '/v1/liaisons')).body.items).toEqual([]);
    expectProblem((await t.call(streetCadre, 'GET', `/v1/liaisons/${liaison.id}`)).res, 404);
    expectProblem(
      (
        await t.call(streetCadre, 'POST', `/v1/liaisons/${liaison.id}/end`, {
          endedOn: '2024-02-01',
          reason: 'x',
        })
      ).res,
      404,
    );
    const gridWorker = t.tokens.user(tenantId, ['grid-worker'], { grids: [b.grid.id] });
    expect(
      (await t.call(gridWorker, 'GET', '/v1/liaisons')).body.items.map((l: { id: string }) => l.id),
    ).toEqual([liaison.id]);
    expect(await items(gridWorker)).toEqual([b.compound.id]);
    expectProblem((await apply(gridWorker, b.compound.id)).res, 403);

    const viewer = t.tokens.user(tenantId, ['viewer']);
    expect((await items(viewer)).sort()).toEqual([a.compound.id, b.compound.id].sort());
    expectProblem((await apply(viewer, b.compound.id)).res, 403);
    expectProblem(
      (await t.call(viewer, 'POST', `/v1/liaisons/${liaison.id}/end`, { endedOn: '2024-02-01', reason: 'x' }))
        .res,
      403,
    );
    const volunteer = t.tokens.user(tenantId, ['volunteer']);
    expectProblem((await t.call(volunteer, 'GET', '/v1/formation')).res, 403);
    expectProblem((await t.call(volunteer, 'GET', `/v1/formation/compounds/${a.compound.id}`)).res, 403);
    expectProblem((await t.call(volunteer, 'GET', '/v1/liaisons')).res, 403);
    expect((await compoundRow(b.compound.id)).branch_id).toBeNull();
  });

  it('keeps two tenants apart: get, apply, liaisons by the other tenant ids are 404 and change nothing', async () => {
    const one = t.tenant();
    const two = t.tenant();
    const mine = await t.territory(one.admin);
    const theirs = await t.territory(two.admin);
    await formCommittees(t, two.admin, theirs);
    await addMembers(t, two.id, theirs.compound, { selfFull: 3 });
    const liaison = (
      await t.call(
        two.admin,
        'POST',
        '/v1/liaisons',
        {
          compoundId: theirs.compound.id,
          cadreKind: 'street-cadre',
          cadreName: '钱干部',
          startedOn: '2024-01-01',
        },
        201,
      )
    ).body;
    expect(
      (await t.call(one.admin, 'GET', '/v1/formation')).body.items.map(
        (i: { compoundId: string }) => i.compoundId,
      ),
    ).toEqual([mine.compound.id]);
    for (const [m, u, p] of [
      ['GET', `/v1/formation/compounds/${theirs.compound.id}`, undefined],
      ['POST', `/v1/formation/compounds/${theirs.compound.id}/apply`, undefined],
      ['GET', `/v1/liaisons/${liaison.id}`, undefined],
      ['POST', `/v1/liaisons/${liaison.id}/end`, { endedOn: '2024-02-01', reason: 'x' }],
    ] as const)
      expectProblem((await t.call(one.admin, m, u, p)).res, 404);
    const plant = await t.call(one.admin, 'POST', '/v1/liaisons', {
      compoundId: theirs.compound.id,
      cadreKind: 'street-cadre',
      cadreName: 'x',
      startedOn: '2024-01-01',
    });
    expect(expectProblem(plant.res, 400).errors?.[0].path).toBe('body.compoundId');
    expect((await t.call(one.admin, 'GET', '/v1/liaisons?includeEnded=true')).body.items).toEqual([]);
    expect((await compoundRow(theirs.compound.id)).branch_id).toBeNull();
    expect((await t.call(two.admin, 'GET', `/v1/liaisons/${liaison.id}`, undefined, 200)).body.current).toBe(
      true,
    );
    const seen = await view(two.admin, theirs.compound.id);
    expect(seen).toMatchObject({
      counts: { selfFull: 3 },
      recommendation: { form: 'own-branch' },
      current: null,
    });
  });
});
