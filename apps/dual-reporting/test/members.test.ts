import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDual, type TestDual } from './helpers/dual.js';

let t: TestDual;
beforeAll(async () => {
  t = await startTestDual();
});
afterAll(() => t?.close());

const ids = (items: { id: string }[]) => items.map((x) => x.id).sort();

describe('work units', () => {
  it('registers units (tenant admin), lets a unit admin change only its Party organisation and contact, and deactivates', async () => {
    const { id, admin } = t.tenant();
    const { unit, admin: unitAdmin } = await t.unit(id, admin, '市委组织部');
    expect(unit).toMatchObject({
      kind: 'government-agency',
      kindName: '机关',
      status: 'active',
      statusName: '正常',
    });
    const bad = await t.call(admin, 'POST', '/v1/work-units', {
      name: '',
      kind: 'school',
      partyOrgName: 'x',
      status: 'inactive',
    });
    expect(
      expectProblem(bad.res, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.kind', 'body.name', 'body.status']);
    expectProblem(
      (
        await t.call(admin, 'POST', '/v1/work-units', {
          name: '市委组织部',
          kind: 'enterprise',
          partyOrgName: 'x',
        })
      ).res,
      409,
    );
    expectProblem(
      (
        await t.call(unitAdmin, 'POST', '/v1/work-units', {
          name: 'n',
          kind: 'enterprise',
          partyOrgName: 'x',
        })
      ).res,
      403,
    );
    const patched = await t.call(
      unitAdmin,
      'PATCH',
      `/v1/work-units/${unit.id}`,
      { contactName: '张三', contactPhone: '0537-1234567' },
      200,
    );
    expect(patched.body).toMatchObject({ contactName: '张三', version: 2 });
    expectProblem((await t.call(unitAdmin, 'PATCH', `/v1/work-units/${unit.id}`, { name: '改名' })).res, 403);
    const other = await t.unit(id, admin, '市财政局');
    expectProblem((await t.call(unitAdmin, 'GET', `/v1/work-units/${other.unit.id}`)).res, 404);
    expect(ids((await t.call(unitAdmin, 'GET', '/v1/work-units')).body.items)).toEqual([unit.id]);
    const cadre = t.tokens.user(id, ['community-cadre'], { communities: [crypto.randomUUID()] });
    expect((await t.call(cadre, 'GET', '/v1/work-units')).body.items).toHaveLength(2);
    await t.call(admin, 'POST', `/v1/work-units/${unit.id}/deactivate`, undefined, 200);
    const refused = await t.call(unitAdmin, 'POST', '/v1/in-service-members', {
      workUnitId: unit.id,
      name: '新人',
      phone: t.phone(),
    });
    expectProblem(refused.res, 422, 'unit_inactive');
    await t.call(admin, 'POST', `/v1/work-units/${unit.id}/reactivate`, undefined, 200);
  });
});

describe('roster and scope', () => {
  it('validates a member (400 naming the fields, nothing written) and refuses a duplicate phone', async () => {
    const { id, admin } = t.tenant();
    const { unit, admin: ua } = await t.unit(id, admin);
    const bad = await t.call(ua, 'POST', '/v1/in-service-members', {
      workUnitId: unit.id,
      name: '张三',
      phone: '12345',
      reportStatus: 'confirmed',
      tenantId: crypto.randomUUID(),
    });
    expect(
      expectProblem(bad.res, 400)
        .errors?.map((e) => e.path)
        .sort(),
    ).toEqual(['body.phone', 'body.reportStatus', 'body.tenantId']);
    expect((await t.call(ua, 'GET', '/v1/in-service-members')).body.items).toEqual([]);
    const m = await t.member(ua, unit.id, { phone: '13900000001', partyStatus: 'probationary' });
    expect(m).toMatchObject({
      partyStatusName: '预备党员',
      reportStatus: 'none',
      reportStatusName: '未报到',
    });
    const dup = await t.call(ua, 'POST', '/v1/in-service-members', {
      workUnitId: unit.id,
      name: '李四',
      phone: '13900000001',
    });
    expectProblem(dup.res, 409, 'already_exists');
  });

  it("keeps a unit admin to their unit's members: another unit's member is a 404, list and writes included", async () => {
    const { id, admin } = t.tenant();
    const a = await t.unit(id, admin);
    const b = await t.unit(id, admin);
    const ma = await t.member(a.admin, a.unit.id);
    const mb = await t.member(b.admin, b.unit.id);
    expect(ids((await t.call(a.admin, 'GET', '/v1/in-service-members')).body.items)).toEqual([ma.id]);
    expectProblem((await t.call(a.admin, 'GET', `/v1/in-service-members/${mb.id}`)).res, 404);
    expectProblem(
      (await t.call(a.admin, 'PATCH', `/v1/in-service-members/${mb.id}`, { name: '改' })).res,
      404,
    );
    expectProblem(
      (await t.call(a.admin, 'POST', `/v1/in-service-members/${mb.id}/archive`, { reason: '调离' })).res,
      404,
    );
    const planted = await t.call(a.admin, 'POST', '/v1/in-service-members', {
      workUnitId: b.unit.id,
      name: 'x',
      phone: t.phone(),
    });
    expect(expectProblem(planted.res, 400).errors?.[0].path).toBe('body.workUnitId');
    expectProblem(
      (
        await t.csv(
          a.admin,
          `/v1/in-service-members/import?workUnitId=${b.unit.id}`,
          '姓名,手机号\n甲,13800000000',
        )
      ).res,
      404,
    );
    const { compound } = await t.territory(admin);
    expectProblem(
      (await t.call(a.admin, 'POST', '/v1/reports', { memberId: mb.id, compoundId: compound.id })).res,
      404,
    );
    expect((await t.call(b.admin, 'GET', `/v1/in-service-members/${mb.id}`)).body.name).toBe(mb.name);
  });

  it('shows a branch secretary only the members reported to their compound, read-only; a viewer reads; a volunteer is refused', async () => {
    const { id, admin } = t.tenant();
    const p1 = await t.territory(admin);
    const p2 = await t.territory(admin);
    const u = await t.unit(id, admin);
    const m1 = await t.member(u.admin, u.unit.id);
    const m2 = await t.member(u.admin, u.unit.id);
    await t.member(u.admin, u.unit.id);
    await t.call(u.admin, 'POST', '/v1/reports', { memberId: m1.id, compoundId: p1.compound.id }, 201);
    await t.call(u.admin, 'POST', '/v1/reports', { memberId: m2.id, compoundId: p2.compound.id }, 201);
    const sec1 = t.tokens.user(id, ['branch-secretary'], { compounds: [p1.compound.id] });
    expect(ids((await t.call(sec1, 'GET', '/v1/in-service-members')).body.items)).toEqual([m1.id]);
    expectProblem((await t.call(sec1, 'GET', `/v1/in-service-members/${m2.id}`)).res, 404);
    expectProblem((await t.call(sec1, 'PATCH', `/v1/in-service-members/${m1.id}`, { name: '改' })).res, 403);
    const cadre = t.tokens.user(id, ['community-cadre'], { communities: [p2.communityId] });
    expect(ids((await t.call(cadre, 'GET', '/v1/in-service-members')).body.items)).toEqual([m2.id]);
    const viewer = t.tokens.user(id, ['viewer']);
    expect((await t.call(viewer, 'GET', '/v1/in-service-members')).body.items).toHaveLength(3);
    expectProblem(
      (
        await t.call(viewer, 'POST', '/v1/in-service-members', {
          workUnitId: u.unit.id,
          name: 'v',
          phone: t.phone(),
        })
      ).res,
      403,
    );
    expectProblem((await t.call(t.tokens.user(id, ['volunteer']), 'GET', '/v1/in-service-members')).res, 403);
  });

  it('lets an in-service member see and update only their own record', async () => {
    const { id, admin } = t.tenant();
    const u = await t.unit(id, admin);
    const sub = crypto.randomUUID();
    const mine = await t.member(u.admin, u.unit.id, { userId: sub });
    const other = await t.member(u.admin, u.unit.id);
    const me = t.tokens.user(id, ['in-service-member'], {}, sub);
    expect(ids((await t.call(me, 'GET', '/v1/in-service-members')).body.items)).toEqual([mine.id]);
    expectProblem((await t.call(me, 'GET', `/v1/in-service-members/${other.id}`)).res, 404);
    expectProblem((await t.call(me, 'PATCH', `/v1/in-service-members/${mine.id}`, { skills: 'x' })).res, 403);
    const updated = await t.call(
      me,
      'PATCH',
      '/v1/in-service-members/me',
      { skills: '法律咨询', position: '科员' },
      200,
    );
    expect(updated.body).toMatchObject({ id: mine.id, skills: '法律咨询', position: '科员' });
    expect(
      expectProblem((await t.call(me, 'PATCH', '/v1/in-service-members/me', { name: '改名' })).res, 400)
        .errors?.[0].path,
    ).toBe('body.name');
    const unlinked = t.tokens.user(id, ['in-service-member']);
    expectProblem((await t.call(unlinked, 'GET', '/v1/in-service-members/me')).res, 404);
    expect((await t.call(unlinked, 'GET', '/v1/in-service-members')).body.items).toEqual([]);
    // A member may report themselves (moving house), not someone else.
    const { compound } = await t.territory(admin);
    await t.call(me, 'POST', '/v1/reports', { memberId: mine.id, compoundId: compound.id }, 201);
    expectProblem(
      (await t.call(me, 'POST', '/v1/reports', { memberId: other.id, compoundId: compound.id })).res,
      404,
    );
  });

  it('archives a member who left: the open report ends (history kept) and they leave the list', async () => {
    const { id, admin } = t.tenant();
    const u = await t.unit(id, admin);
    const { compound } = await t.territory(admin);
    const m = await t.member(u.admin, u.unit.id);
    const r = (await t.call(u.admin, 'POST', '/v1/reports', { memberId: m.id, compoundId: compound.id }, 201))
      .body;
    const archived = await t.call(
      u.admin,
      'POST',
      `/v1/in-service-members/${m.id}/archive`,
      { reason: '调离本单位' },
      200,
    );
    expect(archived.body).toMatchObject({ archived: true, reportStatus: 'none', compoundId: null });
    expect((await t.call(u.admin, 'GET', `/v1/reports/${r.id}`)).body).toMatchObject({
      status: 'ended',
      endReason: 'left',
    });
    expect((await t.call(u.admin, 'GET', '/v1/in-service-members')).body.items).toEqual([]);
    expect(
      (await t.call(u.admin, 'GET', '/v1/in-service-members?includeArchived=true')).body.items,
    ).toHaveLength(1);
    expect((await t.call(admin, 'GET', '/v1/stats')).body).toMatchObject({ members: 0, pending: 0 });
    // The phone is free again for a new roster entry.
    await t.member(u.admin, u.unit.id, { phone: m.phone });
  });

  it('lists with filters, search, sort and cursor pages', async () => {
    const { id, admin } = t.tenant();
    const u = await t.unit(id, admin);
    for (const name of ['赵一', '钱二', '孙三', '李四', '周五']) await t.member(u.admin, u.unit.id, { name });
    const p1 = await t.call(u.admin, 'GET', '/v1/in-service-members?limit=2');
    const p2 = await t.call(u.admin, 'GET', `/v1/in-service-members?limit=2&cursor=${p1.body.nextCursor}`);
    const p3 = await t.call(u.admin, 'GET', `/v1/in-service-members?limit=2&cursor=${p2.body.nextCursor}`);
    const names = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((m: { name: string }) => m.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(5);
    expect(p3.body.nextCursor).toBeNull();
    expect(
      (await t.call(u.admin, 'GET', `/v1/in-service-members?q=${encodeURIComponent('孙')}`)).body.items,
    ).toHaveLength(1);
    expectProblem((await t.call(u.admin, 'GET', '/v1/in-service-members?limit=101')).res, 400);
    expectProblem((await t.call(u.admin, 'GET', '/v1/in-service-members?cursor=nonsense')).res, 400);
  });
});

describe('CSV import and export', () => {
  const header = '姓名,手机号,性别,党员类别,职务,社区,小区,住址';

  it('imports a roster, reporting members to the compounds named, and exports it', async () => {
    const { id, admin } = t.tenant();
    const u = await t.unit(id, admin, '鲁抗医药');
    await t.territory(admin, { community: '南门社区', compound: '运河小区' });
    const csv = [
      header,
      '王一,13700000001,男,正式,科员,南门社区,运河小区,1号楼101',
      '王二,13700000002,女,预备,,,,',
      '"王三",13700000003,,,"主任, 兼书记",,运河小区,',
    ].join('\n');
    const res = await t.csv(u.admin, `/v1/in-service-members/import?workUnitId=${u.unit.id}`, `\uFEFF${csv}`);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ rows: 3, created: 3, reported: 2 });
    const list = (await t.call(u.admin, 'GET', '/v1/in-service-members')).body.items;
    expect(list.map((m: { name: string; reportStatus: string }) => [m.name, m.reportStatus])).toEqual(
      [
        ['王一', 'pending'],
        ['王三', 'pending'],
        ['王二', 'none'],
      ].sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    );
    expect(list.find((m: { name: string }) => m.name === '王三').position).toBe('主任, 兼书记');
    expect((await t.call(u.admin, 'GET', `/v1/work-units/${u.unit.id}`)).body).toMatchObject({
      members: 3,
      pending: 2,
    });
    const out = await t.app.inject({
      method: 'GET',
      url: '/v1/in-service-members/export.csv',
      headers: { authorization: `Bearer ${u.admin}` },
    });
    expect(out.statusCode).toBe(200);
    expect(out.headers['content-type']).toContain('text/csv');
    expect([...out.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = out.body.trim().split('\n');
    expect(lines[0].replace(/^\uFEFF/, '')).toBe(
      '单位,姓名,手机号,性别,党员类别,职务,特长,社区,小区,报到状态,已离开本单位',
    );
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes('王一'))).toContain(
      '鲁抗医药,王一,13700000001,男,正式,科员,,南门社区,运河小区,待确认,否',
    );
  });

  it('reports every bad row with its line and writes nothing from a bad file', async () => {
    const { id, admin } = t.tenant();
    const u = await t.unit(id, admin);
    await t.member(u.admin, u.unit.id, { phone: '13600000009' });
    await t.territory(admin, { compound: '同名小区' });
    await t.territory(admin, { compound: '同名小区' });
    const csv = [
      header,
      '好行,13600000001,男,正式,,,,',
      ',13600000002,,,,,,',
      '坏电话,12345,,,,,,',
      '坏性别,13600000003,未知,,,,,',
      '重复,13600000001,,,,,,',
      '已在册,13600000009,,,,,,',
      '无此小区,13600000004,,,,,不存在小区,',
      '同名,13600000005,,,,,同名小区,',
    ].join('\n');
    const res = await t.csv(u.admin, `/v1/in-service-members/import?workUnitId=${u.unit.id}`, csv);
    const body = expectProblem(res.res, 400, 'import_rejected');
    expect(body.errors?.map((e) => e.path)).toEqual([
      'rows.3.name',
      'rows.4.phone',
      'rows.5.gender',
      'rows.6.phone',
      'rows.7.phone',
      'rows.8.compound',
      'rows.9.compound',
    ]);
    expect(res.body).toMatchObject({ badRows: 7, totalRows: 8 });
    expect((await t.call(u.admin, 'GET', '/v1/in-service-members')).body.items).toHaveLength(1);
    const noPhone = await t.csv(u.admin, `/v1/in-service-members/import?workUnitId=${u.unit.id}`, '姓名\n甲');
    expect(expectProblem(noPhone.res, 400, 'import_rejected').errors?.[0]).toMatchObject({ path: 'header' });
  });

  it('refuses a file of more rows than one import takes, before reading it', async () => {
    const { id, admin } = t.tenant();
    const u = await t.unit(id, admin);
    const rows = Array.from({ length: 5001 }, (_, i) => `甲${i},1${String(5_000_000_000 + i)}`);
    const res = await t.csv(
      u.admin,
      `/v1/in-service-members/import?workUnitId=${u.unit.id}`,
      ['姓名,手机号', ...rows].join('\n'),
    );
    expectProblem(res.res, 400, 'too_many_rows');
    expect((await t.call(u.admin, 'GET', '/v1/in-service-members')).body.items).toEqual([]);
  });

  it('imports 5,000 rows in one file', async () => {
    const { id, admin } = t.tenant();
    const u = await t.unit(id, admin);
    const { compound } = await t.territory(admin, { compound: '大型小区' });
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `党员${i},1${String(3_000_000_000 + i)},,,,,大型小区`,
    );
    const started = Date.now();
    const res = await t.csv(
      u.admin,
      `/v1/in-service-members/import?workUnitId=${u.unit.id}`,
      ['姓名,手机号,性别,党员类别,职务,社区,小区', ...rows].join('\n'),
    );
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(201);
    expect(res.body).toEqual({ rows: 5000, created: 5000, reported: 5000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    const byCompound = (await t.call(admin, 'GET', '/v1/stats/reporting?by=compound')).body;
    expect(byCompound.rows.find((r: { id: string }) => r.id === compound.id)).toMatchObject({
      pending: 5000,
      reported: 0,
    });
  });
});
