import { compoundUpdated, partyOrgFormed } from '@hongfan/contracts';
import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDual, type TestDual } from './helpers/dual.js';

let t: TestDual;
beforeAll(async () => {
  t = await startTestDual();
});
afterAll(() => t?.close());

const ids = (items: { id: string }[]) => items.map((x) => x.id).sort();

/** A tenant with two compounds in one community, a unit and a member reported to the first. */
async function setup() {
  const { id, admin } = t.tenant();
  const a = await t.territory(admin, { community: '南门社区', compound: '甲小区' });
  const b = await t.territory(
    admin,
    { compound: '乙小区' },
    { streetId: a.streetId, communityId: a.communityId, gridId: a.gridId },
  );
  const u = await t.unit(id, admin);
  const sub = crypto.randomUUID();
  const m = await t.member(u.admin, u.unit.id, { userId: sub });
  const report = (
    await t.call(u.admin, 'POST', '/v1/reports', { memberId: m.id, compoundId: a.compound.id }, 201)
  ).body;
  return { id, admin, a, b, u, m, report, me: t.tokens.user(id, ['in-service-member'], {}, sub) };
}

describe('confirming and rejecting', () => {
  it("keeps a branch secretary to their compound's reports: another compound's secretary gets 404s", async () => {
    const s = await setup();
    const secB = t.tokens.user(s.id, ['branch-secretary'], { compounds: [s.b.compound.id] });
    expect((await t.call(secB, 'GET', '/v1/reports')).body.items).toEqual([]);
    expectProblem((await t.call(secB, 'GET', `/v1/reports/${s.report.id}`)).res, 404);
    expectProblem((await t.call(secB, 'POST', `/v1/reports/${s.report.id}/confirm`)).res, 404);
    expectProblem((await t.call(secB, 'GET', `/v1/in-service-members/${s.m.id}`)).res, 404);
    // The unit's admin sees the report but may not decide it; the member cannot either.
    expectProblem((await t.call(s.u.admin, 'POST', `/v1/reports/${s.report.id}/confirm`)).res, 403);
    expectProblem((await t.call(s.me, 'POST', `/v1/reports/${s.report.id}/confirm`)).res, 403);
    // A street cadre of another street: 404; the community's cadre may confirm.
    const otherStreet = t.tokens.user(s.id, ['street-cadre'], { streets: [crypto.randomUUID()] });
    expectProblem((await t.call(otherStreet, 'POST', `/v1/reports/${s.report.id}/confirm`)).res, 404);
    const cadre = t.tokens.user(s.id, ['community-cadre'], { communities: [s.a.communityId] });
    await t.call(cadre, 'POST', `/v1/reports/${s.report.id}/confirm`, undefined, 200);
    expectProblem(
      (await t.call(cadre, 'POST', `/v1/reports/${s.report.id}/confirm`)).res,
      422,
      'not_pending',
    );
  });

  it('lets a secretary scoped to a Party branch (from org events) decide reports to the compounds it covers', async () => {
    const s = await setup();
    const branchId = crypto.randomUUID();
    await t.publishOrg(partyOrgFormed, s.id, {
      partyOrgId: branchId,
      level: 'grid-branch',
      name: '南门社区第一联合党支部',
      parentId: null,
      streetId: s.a.streetId,
      communityId: s.a.communityId,
      gridId: s.a.gridId,
      compoundIds: [s.a.compound.id, s.b.compound.id],
      status: 'active',
    });
    const c = await t.synced(s.admin, s.a.compound.id);
    await t.publishOrg(compoundUpdated, s.id, t.compoundState(c, { branchId, branchForm: 'joint-branch' }));
    const synced = await t.synced(s.admin, s.a.compound.id, (x) => x.branchId === branchId);
    expect(synced.branchName).toBe('南门社区第一联合党支部');
    const secretary = t.tokens.user(s.id, ['branch-secretary'], { branches: [branchId] });
    expect(ids((await t.call(secretary, 'GET', '/v1/reports')).body.items)).toEqual([s.report.id]);
    expect(ids((await t.call(secretary, 'GET', '/v1/in-service-members')).body.items)).toEqual([s.m.id]);
    const rejected = await t.call(
      secretary,
      'POST',
      `/v1/reports/${s.report.id}/reject`,
      { reason: '经核实不在本小区居住' },
      200,
    );
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      statusName: '已退回',
      rejectReason: '经核实不在本小区居住',
    });
    const member = (await t.call(s.me, 'GET', '/v1/in-service-members/me', undefined, 200)).body;
    expect(member).toMatchObject({ reportStatus: 'rejected', reportStatusName: '已退回', compoundId: null });
    // No longer reported there: the branch sees the report (history) but not the member.
    expect((await t.call(secretary, 'GET', '/v1/in-service-members')).body.items).toEqual([]);
    expect(ids((await t.call(secretary, 'GET', '/v1/reports?status=rejected')).body.items)).toEqual([
      s.report.id,
    ]);
    // The member reports again (to the other compound the branch covers) and the branch confirms.
    const again = (
      await t.call(s.me, 'POST', '/v1/reports', { memberId: s.m.id, compoundId: s.b.compound.id }, 201)
    ).body;
    expect(again.previousReportId).toBeNull();
    await t.call(secretary, 'POST', `/v1/reports/${again.id}/confirm`, undefined, 200);
  });

  it('needs a reason to reject (400 naming it, nothing changed)', async () => {
    const s = await setup();
    const sec = t.tokens.user(s.id, ['branch-secretary'], { compounds: [s.a.compound.id] });
    const res = await t.call(sec, 'POST', `/v1/reports/${s.report.id}/reject`, { reason: '' });
    expect(expectProblem(res.res, 400).errors?.[0].path).toBe('body.reason');
    expect((await t.call(sec, 'GET', `/v1/reports/${s.report.id}`)).body.status).toBe('pending');
  });
});

describe('moving house', () => {
  it('re-reports to the new compound, ending the old report and keeping the history', async () => {
    const s = await setup();
    const secA = t.tokens.user(s.id, ['branch-secretary'], { compounds: [s.a.compound.id] });
    const secB = t.tokens.user(s.id, ['branch-secretary'], { compounds: [s.b.compound.id] });
    await t.call(secA, 'POST', `/v1/reports/${s.report.id}/confirm`, undefined, 200);
    expectProblem(
      (await t.call(s.me, 'POST', '/v1/reports', { memberId: s.m.id, compoundId: s.a.compound.id })).res,
      422,
      'already_reported',
    );
    const moved = (
      await t.call(s.me, 'POST', '/v1/reports', { memberId: s.m.id, compoundId: s.b.compound.id }, 201)
    ).body;
    expect(moved).toMatchObject({ status: 'pending', previousReportId: s.report.id, compoundName: '乙小区' });
    const old = (await t.call(s.u.admin, 'GET', `/v1/reports/${s.report.id}`)).body;
    expect(old).toMatchObject({ status: 'ended', endReason: 'moved', endReasonName: '搬家，已向新小区报到' });
    const history = (await t.call(s.me, 'GET', `/v1/reports?memberId=${s.m.id}`)).body.items;
    expect(history.map((r: { id: string }) => r.id)).toEqual([moved.id, s.report.id]);
    // The old compound's secretary keeps the history but no longer sees the member; the new one does.
    expect((await t.call(secA, 'GET', '/v1/in-service-members')).body.items).toEqual([]);
    expect(ids((await t.call(secA, 'GET', '/v1/reports')).body.items)).toEqual([s.report.id]);
    expect(ids((await t.call(secB, 'GET', '/v1/in-service-members')).body.items)).toEqual([s.m.id]);
    const byCompound = (
      await t.call(s.admin, 'GET', `/v1/stats/reporting?by=compound&communityId=${s.a.communityId}`)
    ).body;
    const figures = byCompound.rows.map((r: { name: string; reported: number; pending: number }) => [
      r.name,
      r.reported,
      r.pending,
    ]);
    expect(figures).toHaveLength(2);
    expect(figures).toEqual(
      expect.arrayContaining([
        ['甲小区', 0, 0],
        ['乙小区', 0, 1],
      ]),
    );
  });

  it('lets the member withdraw an open report', async () => {
    const s = await setup();
    const w = await t.call(s.me, 'POST', `/v1/reports/${s.report.id}/withdraw`, undefined, 200);
    expect(w.body).toMatchObject({ status: 'ended', endReason: 'withdrawn' });
    expect((await t.call(s.me, 'GET', '/v1/in-service-members/me')).body.reportStatus).toBe('none');
    expectProblem((await t.call(s.me, 'POST', `/v1/reports/${s.report.id}/withdraw`)).res, 422, 'not_open');
  });
});

describe('statistics scope', () => {
  it("gives each role its own part: a unit its members, a secretary their compound's, a cadre their community's", async () => {
    const s = await setup();
    const other = await t.unit(s.id, s.admin);
    const m2 = await t.member(other.admin, other.unit.id);
    await t.call(other.admin, 'POST', '/v1/reports', { memberId: m2.id, compoundId: s.b.compound.id }, 201);
    const unitView = (await t.call(s.u.admin, 'GET', '/v1/stats/reporting?by=unit')).body;
    expect(unitView.rows.map((r: { id: string }) => r.id)).toEqual([s.u.unit.id]);
    const sec = t.tokens.user(s.id, ['branch-secretary'], { compounds: [s.b.compound.id] });
    const secView = (await t.call(sec, 'GET', '/v1/stats/reporting?by=compound')).body;
    expect(secView.rows.map((r: { id: string; pending: number }) => [r.id, r.pending])).toEqual([
      [s.b.compound.id, 1],
    ]);
    expect((await t.call(sec, 'GET', '/v1/stats')).body).toMatchObject({ members: 1, pending: 1 });
    const cadre = t.tokens.user(s.id, ['community-cadre'], { communities: [s.a.communityId] });
    expect((await t.call(cadre, 'GET', '/v1/stats/reporting?by=community')).body.rows).toEqual([
      {
        id: s.a.communityId,
        name: '南门社区',
        communityName: null,
        members: null,
        reported: 0,
        pending: 2,
        rate: 0,
      },
    ]);
    expect((await t.call(cadre, 'GET', '/v1/stats/reporting?by=unit')).body.totals).toMatchObject({
      members: 2,
      pending: 2,
    });
    expect((await t.call(s.me, 'GET', '/v1/stats')).body).toMatchObject({ members: 1, workUnits: 1 });
  });
});
