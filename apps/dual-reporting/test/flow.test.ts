import { streamName } from '@hongfan/contracts';
import { auditRowLevelSecurity } from '@hongfan/db';
import { expectProblem, ownerClient } from '@hongfan/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDual, type TestDual } from './helpers/dual.js';

let t: TestDual;
beforeAll(async () => {
  t = await startTestDual();
});
afterAll(() => t?.close());

describe('row-level security', () => {
  it('covers every dual_reporting table with a tenant_id', async () => {
    const c = await ownerClient(t.db.url);
    try {
      const n = (
        await c.query(
          `select count(distinct table_name)::int as n from information_schema.columns where table_schema = 'dual_reporting' and column_name = 'tenant_id'`,
        )
      ).rows[0].n;
      expect(n).toBeGreaterThanOrEqual(11);
      expect(await auditRowLevelSecurity(c, 'dual_reporting')).toEqual([]);
    } finally {
      await c.end();
    }
  });
});

describe('the whole flow across org and dual reporting', () => {
  it('org creates a compound → a unit reports its member there → the branch confirms → a task is done and verified → stats show it', async () => {
    const { id: tenantId, admin } = t.tenant();
    // 1. org creates the compound through its own API; it reaches this service's read model over NATS.
    const { compound, communityId, streetId } = await t.territory(admin, {
      street: '古槐街道',
      community: '南门社区',
      compound: '运河小区',
    });
    const seen = await t.synced(admin, compound.id);
    expect(seen).toMatchObject({
      name: '运河小区',
      communityName: '南门社区',
      streetName: '古槐街道',
      archived: false,
    });

    // 2. A work unit and its admin; a member with an account, assigned to the compound where they live.
    const { unit, admin: unitAdmin } = await t.unit(tenantId, admin, '济宁市财政局');
    const sub = crypto.randomUUID();
    const member = await t.member(unitAdmin, unit.id, { name: '王建国', userId: sub, skills: '会计咨询' });
    const report = (
      await t.call(
        unitAdmin,
        'POST',
        '/v1/reports',
        { memberId: member.id, compoundId: compound.id, address: '3号楼2单元301' },
        201,
      )
    ).body;
    expect(report).toMatchObject({
      status: 'pending',
      statusName: '待确认',
      compoundName: '运河小区',
      memberName: '王建国',
    });

    // 3. The compound's branch secretary (scoped to that compound) sees the pending report and confirms it.
    const secretary = t.tokens.user(tenantId, ['branch-secretary'], { compounds: [compound.id] });
    const pending = await t.call(secretary, 'GET', '/v1/reports?status=pending');
    expect(pending.body.items.map((r: { id: string }) => r.id)).toEqual([report.id]);
    const confirmed = await t.call(secretary, 'POST', `/v1/reports/${report.id}/confirm`, undefined, 200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) });
    const me = t.tokens.user(tenantId, ['in-service-member'], {}, sub);
    expect((await t.call(me, 'GET', '/v1/in-service-members/me', undefined, 200)).body).toMatchObject({
      id: member.id,
      reportStatus: 'confirmed',
      reportStatusName: '已报到',
      compoundName: '运河小区',
      communityName: '南门社区',
    });

    // 4. The branch posts a resident's need as member co-handling; the member accepts, does it with hours; verified.
    const task = (
      await t.call(
        secretary,
        'POST',
        '/v1/tasks',
        {
          compoundId: compound.id,
          title: '代办老年人优待证',
          need: '独居老人行动不便，需代为办理优待证',
          residentName: '李奶奶',
          mode: 'member-co-handling',
        },
        201,
      )
    ).body;
    expect(task).toMatchObject({ status: 'open', modeName: '党员协办', communityId, streetId });
    expect(
      (await t.call(me, 'GET', '/v1/tasks?status=open')).body.items.map((x: { id: string }) => x.id),
    ).toEqual([task.id]);
    await t.call(me, 'POST', `/v1/tasks/${task.id}/accept`, undefined, 200);
    const done = await t.call(
      me,
      'POST',
      `/v1/tasks/${task.id}/complete`,
      { hours: 2.5, note: '已送达' },
      200,
    );
    expect(done.body).toMatchObject({
      status: 'done',
      hours: 2.5,
      memberName: '王建国',
      workUnitName: '济宁市财政局',
    });
    const verified = await t.call(secretary, 'POST', `/v1/tasks/${task.id}/verify`, undefined, 200);
    expect(verified.body).toMatchObject({ status: 'verified', statusName: '已核实' });

    // 5. The verified task counts as a good deed; stats and the unit's quarterly feedback show it.
    const deeds = (await t.call(unitAdmin, 'GET', '/v1/deeds')).body.items;
    expect(deeds).toMatchObject([{ source: 'task', taskId: task.id, status: 'verified', hours: 2.5 }]);
    const overview = (await t.call(admin, 'GET', '/v1/stats', undefined, 200)).body;
    expect(overview).toMatchObject({
      workUnits: 1,
      members: 1,
      reported: 1,
      pending: 0,
      reportRate: 1,
      tasks: { verified: 1, open: 0 },
      deeds: { verified: 1, hours: 2.5 },
    });
    const byUnit = (await t.call(admin, 'GET', '/v1/stats/reporting?by=unit', undefined, 200)).body;
    expect(byUnit.rows).toEqual([
      {
        id: unit.id,
        name: '济宁市财政局',
        communityName: null,
        members: 1,
        reported: 1,
        pending: 0,
        rate: 1,
      },
    ]);
    const byCommunity = (await t.call(admin, 'GET', '/v1/stats/reporting?by=community', undefined, 200)).body;
    expect(byCommunity.rows).toEqual([
      {
        id: communityId,
        name: '南门社区',
        communityName: null,
        members: null,
        reported: 1,
        pending: 0,
        rate: 1,
      },
    ]);
    const deedStats = (await t.call(admin, 'GET', '/v1/stats/deeds', undefined, 200)).body;
    expect(deedStats.byMode.find((m: { mode: string }) => m.mode === 'member-co-handling')).toMatchObject({
      deeds: 1,
      tasks: 1,
      hours: 2.5,
    });
    const feedback = (await t.call(unitAdmin, 'GET', `/v1/work-units/${unit.id}/feedback`, undefined, 200))
      .body;
    expect(feedback.totals).toMatchObject({
      members: 1,
      reported: 1,
      reportRate: 1,
      tasks: 1,
      deeds: 0,
      hours: 2.5,
    });
    expect(feedback.members[0]).toMatchObject({
      name: '王建国',
      reported: true,
      compoundName: '运河小区',
      tasks: 1,
    });

    // 6. The events other services consume were published (read back from this service's stream).
    const jsm = await jetstreamManager(t.nats.nc);
    const stream = streamName(t.prefix, 'dual-reporting');
    await expect.poll(async () => (await jsm.streams.info(stream)).state.last_seq, { timeout: 5000 }).toBe(4);
    const last = 4;
    const types: string[] = [];
    for (let seq = 1; seq <= last; seq++)
      types.push((await jsm.streams.getMessage(stream, { seq }))!.json<{ type: string }>().type);
    expect(types).toEqual([
      'dual-reporting.member.reported',
      'dual-reporting.member.confirmed',
      'dual-reporting.task.completed',
      'dual-reporting.deed.verified',
    ]);

    // 7. Every step is in this service's audit log.
    const audit = (await t.call(admin, 'GET', '/v1/audit-log?limit=100', undefined, 200)).body.items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining([
        'work-units.created',
        'reports.created',
        'reports.confirmed',
        'tasks.verified',
      ]),
    );
  });

  it('refuses a report to an unknown compound (422) and to an archived one (422), writing nothing', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const { unit, admin: unitAdmin } = await t.unit(tenantId, admin);
    const m = await t.member(unitAdmin, unit.id);
    const unknown = await t.call(unitAdmin, 'POST', '/v1/reports', {
      memberId: m.id,
      compoundId: crypto.randomUUID(),
    });
    expectProblem(unknown.res, 422, 'unknown_compound');
    await t.orgCall(admin, 'POST', `/v1/compounds/${compound.id}/archive`, undefined, 200);
    await t.synced(admin, compound.id, (c) => c.archived === true);
    const archived = await t.call(unitAdmin, 'POST', '/v1/reports', {
      memberId: m.id,
      compoundId: compound.id,
    });
    expectProblem(archived.res, 422, 'compound_archived');
    expect((await t.call(unitAdmin, 'GET', `/v1/reports?memberId=${m.id}`)).body.items).toEqual([]);
    expect((await t.call(unitAdmin, 'GET', `/v1/in-service-members/${m.id}`)).body.reportStatus).toBe('none');
    // Restored in org, it takes reports again.
    await t.orgCall(admin, 'POST', `/v1/compounds/${compound.id}/restore`, undefined, 200);
    await t.synced(admin, compound.id, (c) => c.archived === false);
    await t.call(unitAdmin, 'POST', '/v1/reports', { memberId: m.id, compoundId: compound.id }, 201);
  });

  it('applies a duplicate org event once (the inbox), and a later update overwrites the read model', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { compound, streetId, communityId, gridId } = await t.territory(admin, { compound: '翠竹苑' });
    const state = {
      compoundId: crypto.randomUUID(),
      name: '重复小区',
      address: null,
      streetId,
      streetName: '街道',
      communityId,
      communityName: '社区',
      gridId,
      gridName: '网格',
      lat: null,
      lng: null,
      householdCount: null,
      buildingCount: null,
      propertyCompany: null,
      branchId: null,
      branchForm: null,
      archived: false,
    };
    const env = await t.publishCompound(tenantId, state);
    const first = await t.synced(admin, state.compoundId);
    expect(first.name).toBe('重复小区');
    // The same envelope again (a redelivery past JetStream's duplicate window: a new message id).
    await t.nats.js.publish(
      `${t.prefix}hf.org.compound.created`,
      JSON.stringify({ ...env, data: { ...state, name: '不应覆盖' } }),
    );
    // And something after it, so we know the consumer got past the duplicate.
    await t.orgCall(admin, 'PATCH', `/v1/compounds/${compound.id}`, { address: '建设路1号' }, 200);
    await t.synced(admin, compound.id, (c) => c.address === '建设路1号');
    const c = await ownerClient(t.db.url);
    try {
      const inbox = await c.query(
        `select count(*)::int as n from dual_reporting.hf_inbox where consumer = 'dual-reporting.compounds' and event_id = $1`,
        [env.id],
      );
      expect(inbox.rows[0].n).toBe(1);
      const row = await c.query('select name, version from dual_reporting.compounds where id = $1', [
        state.compoundId,
      ]);
      expect(row.rows[0]).toEqual({ name: '重复小区', version: 1 });
    } finally {
      await c.end();
    }
  });

  it('keeps two tenants apart: compounds, units, members, reports and stats never cross', async () => {
    const one = t.tenant();
    const two = t.tenant();
    const a = await t.territory(one.admin);
    const b = await t.territory(two.admin);
    const ua = await t.unit(one.id, one.admin, '甲单位');
    const ub = await t.unit(two.id, two.admin, '乙单位');
    const ma = await t.member(ua.admin, ua.unit.id);
    const mb = await t.member(ub.admin, ub.unit.id);
    const rb = (
      await t.call(ub.admin, 'POST', '/v1/reports', { memberId: mb.id, compoundId: b.compound.id }, 201)
    ).body;
    // The other tenant's compound does not exist for tenant one: a 422, not a cross-tenant report.
    expectProblem(
      (await t.call(ua.admin, 'POST', '/v1/reports', { memberId: ma.id, compoundId: b.compound.id })).res,
      422,
      'unknown_compound',
    );
    for (const url of [
      `/v1/compounds/${b.compound.id}`,
      `/v1/work-units/${ub.unit.id}`,
      `/v1/in-service-members/${mb.id}`,
      `/v1/reports/${rb.id}`,
    ])
      expect((await t.call(one.admin, 'GET', url)).status, url).toBe(404);
    expectProblem((await t.call(one.admin, 'POST', `/v1/reports/${rb.id}/confirm`)).res, 404);
    expectProblem(
      (await t.call(one.admin, 'PATCH', `/v1/in-service-members/${mb.id}`, { name: 'x' })).res,
      404,
    );
    expect(
      (await t.call(one.admin, 'GET', '/v1/compounds')).body.items.map((c: { id: string }) => c.id),
    ).toEqual([a.compound.id]);
    expect(
      (await t.call(one.admin, 'GET', '/v1/in-service-members')).body.items.map((m: { id: string }) => m.id),
    ).toEqual([ma.id]);
    const s1 = (await t.call(one.admin, 'GET', '/v1/stats')).body;
    expect(s1).toMatchObject({ workUnits: 1, members: 1, pending: 0 });
    const s2 = (await t.call(two.admin, 'GET', '/v1/stats/reporting?by=unit')).body;
    expect(s2.rows.map((r: { name: string }) => r.name)).toEqual(['乙单位']);
    expect(s2.totals).toMatchObject({ members: 1, pending: 1 });
  });
});

describe('service surface', () => {
  it('answers health and readiness, and documents every route in OpenAPI', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({
      status: 'ready',
      checks: { database: true, nats: true },
    });
    const docs = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; summary?: string }>>;
    };
    for (const p of [
      '/v1/work-units',
      '/v1/in-service-members',
      '/v1/reports',
      '/v1/tasks',
      '/v1/deeds',
      '/v1/stats',
    ])
      expect(Object.keys(docs.paths), p).toContain(p);
    for (const [path, ops] of Object.entries(docs.paths))
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${path}`).toBeTruthy();
        expect(
          Object.keys(op.responses).some((s) => s.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
      }
    expect((await t.app.inject({ method: 'GET', url: '/v1/work-units' })).statusCode).toBe(401);
  });
});
