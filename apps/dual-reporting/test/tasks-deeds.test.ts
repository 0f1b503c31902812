import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDual, type TestDual } from './helpers/dual.js';

let t: TestDual;
beforeAll(async () => {
  t = await startTestDual();
});
afterAll(() => t?.close());

/** A compound with its secretary, a unit, and a member confirmed there (with an account). */
async function serving() {
  const { id, admin } = t.tenant();
  const place = await t.territory(admin);
  const u = await t.unit(id, admin, `单位${t.rand()}`);
  const secretary = t.tokens.user(id, ['branch-secretary'], { compounds: [place.compound.id] });
  const enrol = async (confirm = true) => {
    const sub = crypto.randomUUID();
    const m = await t.member(u.admin, u.unit.id, { userId: sub });
    const r = (
      await t.call(u.admin, 'POST', '/v1/reports', { memberId: m.id, compoundId: place.compound.id }, 201)
    ).body;
    if (confirm) await t.call(secretary, 'POST', `/v1/reports/${r.id}/confirm`, undefined, 200);
    return { m, token: t.tokens.user(id, ['in-service-member'], {}, sub) };
  };
  return { id, admin, place, u, secretary, enrol };
}

const post = (compoundId: string, extra: Record<string, unknown> = {}) => ({
  compoundId,
  title: '代购药品',
  need: '卧床老人需要代购常用药',
  mode: 'volunteer-help',
  ...extra,
});

describe('service tasks (红色代办)', () => {
  it('dispatches in the three modes, only within the branch’s own compounds', async () => {
    const s = await serving();
    for (const mode of ['professional-agency', 'member-co-handling', 'volunteer-help'])
      await t.call(s.secretary, 'POST', '/v1/tasks', post(s.place.compound.id, { mode }), 201);
    const modes = (await t.call(s.secretary, 'GET', '/v1/tasks')).body.items.map(
      (x: { modeName: string }) => x.modeName,
    );
    expect(modes.sort()).toEqual(['专业代办', '党员协办', '志愿帮办'].sort());
    const bad = await t.call(
      s.secretary,
      'POST',
      '/v1/tasks',
      post(s.place.compound.id, { mode: 'paid', hours: 3 }),
    );
    expect(
      expectProblem(bad.res, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.hours', 'body.mode']);
    expectProblem(
      (await t.call(s.secretary, 'POST', '/v1/tasks', post(crypto.randomUUID()))).res,
      422,
      'unknown_compound',
    );
    const elsewhere = await t.territory(s.admin);
    expectProblem((await t.call(s.secretary, 'POST', '/v1/tasks', post(elsewhere.compound.id))).res, 403);
    expectProblem((await t.call(s.u.admin, 'POST', '/v1/tasks', post(s.place.compound.id))).res, 403);
  });

  it('is taken only by members serving the compound; done with hours; returned, redone and verified', async () => {
    const s = await serving();
    const a = await s.enrol();
    const pending = await s.enrol(false);
    const other = await serving();
    const stranger = await other.enrol();
    const task = (await t.call(s.secretary, 'POST', '/v1/tasks', post(s.place.compound.id), 201)).body;
    expect((await t.call(pending.token, 'GET', '/v1/tasks')).body.items).toEqual([]);
    expectProblem((await t.call(stranger.token, 'POST', `/v1/tasks/${task.id}/accept`)).res, 404);
    expectProblem((await t.call(pending.token, 'POST', `/v1/tasks/${task.id}/accept`)).res, 404);
    expectProblem((await t.call(a.token, 'POST', `/v1/tasks/${task.id}/complete`, { hours: 1 })).res, 403);
    await t.call(a.token, 'POST', `/v1/tasks/${task.id}/accept`, undefined, 200);
    expectProblem((await t.call(a.token, 'POST', `/v1/tasks/${task.id}/accept`)).res, 422, 'not_open');
    for (const hours of [0, -1, 2.25, 500])
      expect(
        expectProblem((await t.call(a.token, 'POST', `/v1/tasks/${task.id}/complete`, { hours })).res, 400)
          .errors?.[0].path,
        String(hours),
      ).toBe('body.hours');
    await t.call(a.token, 'POST', `/v1/tasks/${task.id}/complete`, { hours: 1 }, 200);
    const returned = await t.call(
      s.secretary,
      'POST',
      `/v1/tasks/${task.id}/return`,
      { reason: '请补充票据' },
      200,
    );
    expect(returned.body).toMatchObject({ status: 'accepted', returnReason: '请补充票据' });
    expectProblem((await t.call(s.secretary, 'POST', `/v1/tasks/${task.id}/verify`)).res, 422, 'not_done');
    await t.call(a.token, 'POST', `/v1/tasks/${task.id}/complete`, { hours: 1.1, note: '已补票据' }, 200);
    expectProblem((await t.call(other.secretary, 'POST', `/v1/tasks/${task.id}/verify`)).res, 404);
    expectProblem((await t.call(a.token, 'POST', `/v1/tasks/${task.id}/verify`)).res, 403);
    const v = await t.call(s.secretary, 'POST', `/v1/tasks/${task.id}/verify`, undefined, 200);
    expect(v.body).toMatchObject({ status: 'verified', hours: 1.1 });
    expect(
      (await t.call(a.token, 'GET', '/v1/tasks?mine=true')).body.items.map((x: { id: string }) => x.id),
    ).toEqual([task.id]);
    // The unit sees its member's task; another unit does not.
    expect((await t.call(s.u.admin, 'GET', `/v1/tasks/${task.id}`)).status).toBe(200);
    expect((await t.call(other.u.admin, 'GET', `/v1/tasks/${task.id}`)).status).toBe(404);
  });

  it('dispatches to one member: only they see and take it', async () => {
    const s = await serving();
    const a = await s.enrol();
    const b = await s.enrol();
    const notServing = await t.member(s.u.admin, s.u.unit.id);
    expectProblem(
      (
        await t.call(
          s.secretary,
          'POST',
          '/v1/tasks',
          post(s.place.compound.id, { assigneeId: notServing.id }),
        )
      ).res,
      422,
      'assignee_not_serving',
    );
    const task = (
      await t.call(
        s.secretary,
        'POST',
        '/v1/tasks',
        post(s.place.compound.id, { mode: 'professional-agency', assigneeId: a.m.id }),
        201,
      )
    ).body;
    expect((await t.call(b.token, 'GET', '/v1/tasks')).body.items).toEqual([]);
    expectProblem((await t.call(b.token, 'POST', `/v1/tasks/${task.id}/accept`)).res, 404);
    await t.call(a.token, 'POST', `/v1/tasks/${task.id}/accept`, undefined, 200);
    const cancelled = await t.call(
      s.secretary,
      'POST',
      `/v1/tasks/${task.id}/cancel`,
      { reason: '居民已自行办理' },
      200,
    );
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusName: '已取消' });
  });
});

describe('good deeds (好事实事) and feedback', () => {
  it('records a deed for the branch to verify; counts it by mode and month; feeds it back to the unit', async () => {
    const s = await serving();
    const a = await s.enrol();
    const notYet = await s.enrol(false);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const deed = { title: '帮独居老人修理水管', mode: 'volunteer-help', doneOn: today, hours: 1.5 };
    expectProblem((await t.call(notYet.token, 'POST', '/v1/deeds', deed)).res, 422, 'not_reported');
    expectProblem((await t.call(s.u.admin, 'POST', '/v1/deeds', deed)).res, 403);
    const future = await t.call(a.token, 'POST', '/v1/deeds', { ...deed, doneOn: '2999-01-01' });
    expect(expectProblem(future.res, 400).errors?.[0].path).toBe('body.doneOn');
    const tooLong = await t.call(a.token, 'POST', '/v1/deeds', { ...deed, hours: 30 });
    expect(expectProblem(tooLong.res, 400).errors?.[0].path).toBe('body.hours');
    const d = (await t.call(a.token, 'POST', '/v1/deeds', deed, 201)).body;
    expect(d).toMatchObject({
      status: 'pending',
      source: 'self',
      modeName: '志愿帮办',
      compoundId: s.place.compound.id,
    });
    const d2 = (await t.call(a.token, 'POST', '/v1/deeds', { ...deed, title: '虚报', hours: 8 }, 201)).body;
    const other = await serving();
    expectProblem((await t.call(other.secretary, 'POST', `/v1/deeds/${d.id}/verify`)).res, 404);
    await t.call(s.secretary, 'POST', `/v1/deeds/${d.id}/verify`, undefined, 200);
    expectProblem((await t.call(s.secretary, 'POST', `/v1/deeds/${d.id}/verify`)).res, 422, 'not_pending');
    await t.call(s.secretary, 'POST', `/v1/deeds/${d2.id}/reject`, { reason: '无法核实' }, 200);
    // A verified task is a deed too.
    const task = (
      await t.call(
        s.secretary,
        'POST',
        '/v1/tasks',
        post(s.place.compound.id, { mode: 'professional-agency' }),
        201,
      )
    ).body;
    await t.call(a.token, 'POST', `/v1/tasks/${task.id}/accept`, undefined, 200);
    await t.call(a.token, 'POST', `/v1/tasks/${task.id}/complete`, { hours: 3 }, 200);
    await t.call(s.secretary, 'POST', `/v1/tasks/${task.id}/verify`, undefined, 200);

    const stats = (await t.call(s.admin, 'GET', '/v1/stats/deeds', undefined, 200)).body;
    const month = today.slice(0, 7);
    expect(stats.months).toEqual([
      { month, mode: 'professional-agency', modeName: '专业代办', deeds: 1, tasks: 1, hours: 3 },
      { month, mode: 'volunteer-help', modeName: '志愿帮办', deeds: 1, tasks: 0, hours: 1.5 },
    ]);
    expect(stats.totals).toEqual({ deeds: 2, tasks: 1, hours: 4.5 });
    expect((await t.call(s.u.admin, 'GET', '/v1/deeds?status=verified')).body.items).toHaveLength(2);
    expect((await t.call(other.u.admin, 'GET', '/v1/deeds')).body.items).toEqual([]);

    const fb = (await t.call(s.u.admin, 'GET', `/v1/work-units/${s.u.unit.id}/feedback`, undefined, 200))
      .body;
    expect(fb.totals).toEqual({ members: 2, reported: 1, reportRate: 0.5, tasks: 1, deeds: 1, hours: 4.5 });
    const row = fb.members.find((m: { memberId: string }) => m.memberId === a.m.id);
    expect(row).toMatchObject({ reported: true, tasks: 1, deeds: 1, hours: 4.5, reportStatusName: '已报到' });
    expect(fb.members.find((m: { memberId: string }) => m.memberId === notYet.m.id)).toMatchObject({
      reported: false,
      reportStatusName: '待确认',
    });
    // A quarter before any of this had no members on the roster.
    const past = (
      await t.call(s.u.admin, 'GET', `/v1/work-units/${s.u.unit.id}/feedback?year=2020&quarter=1`)
    ).body;
    expect(past).toMatchObject({ period: { from: '2020-01-01', to: '2020-03-31' }, totals: { members: 0 } });
    const csv = await t.app.inject({
      method: 'GET',
      url: `/v1/work-units/${s.u.unit.id}/feedback.csv`,
      headers: { authorization: `Bearer ${s.u.admin}` },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe(
      '姓名,党员类别,季末已报到,报到小区,所属社区,当前报到状态,代办任务数,好事实事数,服务时长(小时),已离开本单位',
    );
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith(a.m.name))).toContain(',是,');
    // Feedback is the unit's: another unit's admin and a branch secretary get 404s.
    expectProblem((await t.call(other.u.admin, 'GET', `/v1/work-units/${s.u.unit.id}/feedback`)).res, 404);
    expectProblem((await t.call(s.secretary, 'GET', `/v1/work-units/${s.u.unit.id}/feedback`)).res, 404);
    expectProblem(
      (await t.call(s.u.admin, 'GET', `/v1/work-units/${s.u.unit.id}/feedback?quarter=5`)).res,
      400,
    );
  });
});
