import { expectProblem, ownerClient } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  places as buildPlaces,
  collectEvents,
  flat,
  importCsv,
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
const HEADER =
  '姓名,性别,出生年份,手机号,街道,社区,小区,楼栋,房号,党员类别,管理方式,组织关系所在单位,是否业主,入党日期';

/** `n` good rows spread over the given compounds (names as [street, community, compound]). */
function rows(n: number, places: string[][], phoneBase: number, opts: { building?: string } = {}) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const [street, community, compound] = places[i % places.length];
    const nonSelf = i % 4 === 3;
    out.push(
      [
        `党员${i}`,
        i % 2 ? '女' : '男',
        1950 + (i % 50),
        `137${String(phoneBase + i).padStart(8, '0')}`,
        street,
        community,
        compound,
        opts.building ?? '',
        opts.building ? `${100 + (i % 40)}` : '',
        i % 5 === 0 ? '预备' : '正式',
        nonSelf ? '非自管' : '自管',
        nonSelf ? '济宁市退休干部管理处' : '',
        i % 3 === 0 ? '是' : '否',
        `20${String(10 + (i % 14)).padStart(2, '0')}-07-01`,
      ].join(','),
    );
  }
  return out;
}

async function countMembers(tenantId: string) {
  const c = await ownerClient(t.db.url);
  try {
    const r = await c.query('select count(*)::int as n from org.members where tenant_id = $1', [tenantId]);
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

async function outboxCount(tenantId: string, type: string) {
  const c = await ownerClient(t.db.url);
  try {
    const r = await c.query(
      'select count(*)::int as n from org.hf_outbox where tenant_id = $1 and type = $2',
      [tenantId, type],
    );
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

describe('member import', () => {
  it('imports a good file of 500 rows: members, households, events, one audit entry, the roster hook', async () => {
    const { id: tenantId, admin } = t.tenant();
    const places = [
      ['古槐街道', '南门社区', '运河小区'],
      ['古槐街道', '北门社区', '龙行小区'],
    ];
    const built = await buildPlaces(t, admin, places);
    const a = built.get('运河小区')!;
    const b = built.get('龙行小区')!;
    await t.call(admin, 'POST', '/v1/buildings', { compoundId: a.id, name: '1号楼' }, 201);
    await t.call(admin, 'POST', '/v1/buildings', { compoundId: b.id, name: '1号楼' }, 201);
    const csv = [HEADER, ...rows(500, places, 0, { building: '1号楼' })].join('\n');
    const spy = spyRosterChanged(t);
    let res: Row = {};
    const events = await collectEvents(
      t,
      'registered',
      1,
      async () => {
        res = await importCsv(t, admin, csv);
      },
      (env) => env.tenantId === tenantId,
    );
    spy.stop();
    expect(res.statusCode, res.body).toBe(201);
    // Rows alternate between the compounds; each building gets 20 distinct rooms as new households.
    expect(res.json()).toEqual({
      rows: 500,
      created: { members: 500, buildings: 0, households: 40 },
      compounds: 2,
    });
    expect(events[0].data).toMatchObject({ archived: false });
    expect(await outboxCount(tenantId, 'org.member.registered')).toBe(500);
    expect(spy.calls).toEqual([{ tenantId, compoundIds: [a.id, b.id].sort() }]);

    const self = await t.call(admin, 'GET', `/v1/members?management=self&compoundId=${a.id}&limit=100`);
    expect(self.body.items).toHaveLength(100);
    const first = (await t.call(admin, 'GET', `/v1/members?q=${encodeURIComponent('党员0')}&limit=1`)).body
      .items[0];
    expect(first).toMatchObject({
      name: '党员0',
      gender: 'male',
      birthYear: 1950,
      phone: '137****0000',
      status: 'probationary',
      management: 'self',
      isHomeowner: true,
      joinedOn: '2010-07-01',
      streetId: a.streetId,
      communityId: a.communityId,
      gridId: a.gridId,
      compoundId: a.id,
      buildingName: '1号楼',
      room: '100',
    });
    const nonSelf = (await t.call(admin, 'GET', `/v1/members?q=${encodeURIComponent('党员3')}&limit=1`)).body
      .items[0];
    expect(nonSelf).toMatchObject({ management: 'non-self', membershipOrg: '济宁市退休干部管理处' });
    expect(
      (await t.call(admin, 'GET', `/v1/households?compoundId=${a.id}&limit=100`)).body.items,
    ).toHaveLength(20);
    const audit = (await t.call(admin, 'GET', '/v1/audit-log?targetType=members')).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'members.imported',
      targetId: 'import',
      after: { rows: 500, created: { members: 500, buildings: 0, households: 40 }, compounds: 2 },
    });
  });

  it('accepts English headers, header hints, omitted optional columns and the usual date and phone forms', async () => {
    const { admin } = t.tenant();
    const { compound } = await t.territory(admin, {
      street: '越河街道',
      community: '红星社区',
      compound: '红星小区',
    });
    const chinese = [
      '\uFEFF姓名,性别,出生年份,手机号,街道,社区,小区,党员类别(正式/预备),管理方式（自管/非自管）,入党日期',
      '甲,男,1960,138 0000 0011,越河街道,红星社区,红星小区,正式党员,自管,1988/7/1',
      '乙,女,1962,138-0000-0012,越河街道,红星社区,红星小区,预备,自管,2024年1月5日',
    ].join('\r\n');
    const res = await importCsv(t, admin, chinese);
    expect(res.statusCode, res.body).toBe(201);
    const english = [
      'name,gender,birth_year,phone,street,community,compound,status,management,membership_org,homeowner,joined_on',
      '"Li, Ming",male,1970,13800000013,越河街道,红星社区,红星小区,full,non-self,济宁学院,yes,1999-07-01',
    ].join('\n');
    expect((await importCsv(t, admin, english)).statusCode).toBe(201);
    const got = (await t.call(admin, 'GET', `/v1/members?compoundId=${compound.id}&sort=joinedOn`)).body
      .items;
    expect(got.map((m: Row) => [m.name, m.status, m.joinedOn, m.isHomeowner])).toEqual([
      ['甲', 'full', '1988-07-01', false],
      ['Li, Ming', 'full', '1999-07-01', true],
      ['乙', 'probationary', '2024-01-05', false],
    ]);
    const first = (await t.call(admin, 'GET', `/v1/members/${got[0].id}`)).body;
    expect(first.phone).toBe('13800000011');
  });

  it('rejects a file with one bad row among many, naming its line and column, and writes nothing', async () => {
    const { id: tenantId, admin } = t.tenant();
    await t.territory(admin, { street: '古槐街道', community: '南门社区', compound: '运河小区' });
    const good = rows(300, [['古槐街道', '南门社区', '运河小区']], 1000);
    // Line numbers count the header as line 1: row index 120 is line 122.
    good[120] = good[120].replace(',男,', ',未知,');
    const res = await importCsv(t, admin, [HEADER, ...good].join('\n'));
    const body = expectProblem(res, 400, 'import_rejected') as Row;
    expect(body.errors).toEqual([{ path: 'rows.122.gender', message: 'must be 男 or 女' }]);
    expect(body).toMatchObject({ badRows: 1, totalRows: 300 });
    expect(await countMembers(tenantId)).toBe(0);
    expect(await outboxCount(tenantId, 'org.member.registered')).toBe(0);
  });

  it('reports every problem of every row: fields, places, scope, duplicates in the file and on the roster', async () => {
    const { id, admin } = t.tenant();
    const built = await buildPlaces(t, admin, [
      ['古槐街道', '南门社区', '运河小区'],
      ['古槐街道', '北门社区', '龙行小区'],
    ]);
    const a = built.get('运河小区')!;
    await t.call(admin, 'POST', '/v1/buildings', { compoundId: a.id, name: '1号楼' }, 201);
    const gone = await t.call(admin, 'POST', '/v1/buildings', { compoundId: a.id, name: '9号楼' }, 201);
    await t.call(admin, 'POST', `/v1/buildings/${gone.body.id}/archive`, undefined, 200);
    await registerMember(t, admin, a.id, { phone: '13600000001' });
    const ok = (phone: string, over: Partial<Record<number, string>> = {}) => {
      const cells = [
        '甲',
        '男',
        '1960',
        phone,
        '古槐街道',
        '南门社区',
        '运河小区',
        '',
        '',
        '正式',
        '自管',
        '',
        '否',
        '1990-07-01',
      ];
      for (const [i, v] of Object.entries(over)) cells[Number(i)] = v as string;
      return cells.join(',');
    };
    const csv = [
      HEADER,
      ok('13600000010'), // 2: fine
      ok('13600000001'), // 3: phone held by an active member
      ok('13600000010'), // 4: repeats line 2
      ok('13600000011', { 4: '无此街道' }), // 5
      ok('13600000012', { 5: '无此社区' }), // 6
      ok('13600000013', { 6: '无此小区' }), // 7
      ok('13600000014', { 7: '9号楼', 8: '901' }), // 8: an archived building
      ok('13600000015', { 8: '901' }), // 9: a room without its building
      ok('13600000016', { 10: '非自管' }), // 10: no membership organisation
      ok('13600000017', { 11: '某单位' }), // 11: self-managed with one
      ok('13600000018', { 2: '2015', 3: '12345', 13: '2099-01-01' }), // 12: three bad cells
      ok('13600000019', { 5: '北门社区', 6: '龙行小区' }), // 13: fine for the admin
      ok('13600000020', { 0: '' }), // 14: no name
      ok('13600000021', { 13: '1950-01-01' }), // 15: joined before being born (1960)
    ].join('\n');
    const res = await importCsv(t, admin, csv);
    const body = expectProblem(res, 400, 'import_rejected') as Row;
    expect(body.errors.map((e: Row) => e.path)).toEqual([
      'rows.3.phone',
      'rows.4.phone',
      'rows.5.street',
      'rows.6.community',
      'rows.7.compound',
      'rows.8.building',
      'rows.9.building',
      'rows.10.membershipOrg',
      'rows.11.membershipOrg',
      'rows.12.birthYear',
      'rows.12.phone',
      'rows.12.joinedOn',
      'rows.14.name',
      'rows.15.joinedOn',
    ]);
    expect(body.errors[1].message).toBe('repeats line 2');
    expect(body.errors[5].message).toBe('this building is archived; restore it first');
    expect(body).toMatchObject({ badRows: 12, totalRows: 14 });

    // A community cadre of 南门社区: the 北门社区 row is outside their scope.
    const cadre = t.tokens.user(id, ['community-cadre'], { communities: [a.communityId] });
    const scoped = await importCsv(
      t,
      cadre,
      [HEADER, ok('13600000030'), ok('13600000031', { 5: '北门社区', 6: '龙行小区' })].join('\n'),
    );
    expect((expectProblem(scoped, 400, 'import_rejected') as Row).errors).toEqual([
      { path: 'rows.3.compound', message: 'is outside your data scope' },
    ]);
    expect((await t.call(admin, 'GET', '/v1/members')).body.items).toHaveLength(1);
  });

  it('creates missing buildings, once each, for territory builders only', async () => {
    const { id, admin } = t.tenant();
    const { compound } = await t.territory(admin, {
      street: '古槐街道',
      community: '南门社区',
      compound: '运河小区',
    });
    const line = (phone: string, building: string, room: string) =>
      `丁,男,1960,${phone},古槐街道,南门社区,运河小区,${building},${room},正式,自管,,是,1990-07-01`;
    const secretary = t.tokens.user(id, ['branch-secretary'], { compounds: [compound.id] });
    const refused = await importCsv(t, secretary, [HEADER, line('13400000001', '5号楼', '')].join('\n'));
    expect((expectProblem(refused, 400, 'import_rejected') as Row).errors.map((e: Row) => e.path)).toEqual([
      'rows.2.building',
    ]);
    const res = await importCsv(
      t,
      admin,
      [
        HEADER,
        line('13400000001', '5号楼', '501'),
        line('13400000002', '5号楼', '502'),
        line('13400000003', '6号楼', ''),
      ].join('\n'),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: { members: 3, buildings: 2, households: 2 } });
    const buildings = (await t.call(admin, 'GET', `/v1/buildings?compoundId=${compound.id}`)).body.items;
    expect(buildings.map((b: Row) => b.name).sort()).toEqual(['5号楼', '6号楼']);
    const five = buildings.find((b: Row) => b.name === '5号楼');
    const rooms = (await t.call(admin, 'GET', `/v1/households?buildingId=${five.id}`)).body.items;
    expect(rooms.map((h: Row) => h.room).sort()).toEqual(['501', '502']);
    // The next file finds them: nothing is created twice.
    const again = await importCsv(t, admin, [HEADER, line('13400000004', '5号楼', '501')].join('\n'));
    expect(again.json()).toMatchObject({ created: { members: 1, buildings: 0, households: 0 } });
  });

  it('creates missing rooms for territory builders only; a branch secretary must use existing ones', async () => {
    const { id, admin } = t.tenant();
    const { compound } = await t.territory(admin, {
      street: '古槐街道',
      community: '南门社区',
      compound: '运河小区',
    });
    const { household } = await flat(t, admin, compound.id, '2号楼', '201');
    const secretary = t.tokens.user(id, ['branch-secretary'], { compounds: [compound.id] });
    const line = (phone: string, room: string) =>
      `丙,男,1960,${phone},古槐街道,南门社区,运河小区,2号楼,${room},正式,自管,,是,1990-07-01`;
    const refused = await importCsv(t, secretary, [HEADER, line('13500000001', '202')].join('\n'));
    expect((expectProblem(refused, 400, 'import_rejected') as Row).errors.map((e: Row) => e.path)).toEqual([
      'rows.2.room',
    ]);
    const ok = await importCsv(t, secretary, [HEADER, line('13500000001', '201')].join('\n'));
    expect(ok.json()).toMatchObject({ created: { members: 1, households: 0 } });
    const members = (await t.call(admin, 'GET', `/v1/members?householdId=${household.id}`)).body.items;
    expect(members).toHaveLength(1);
    const viewer = await importCsv(
      t,
      t.tokens.user(id, ['viewer']),
      [HEADER, line('13500000002', '201')].join('\n'),
    );
    expectProblem(viewer, 403);
    const volunteer = await importCsv(t, t.tokens.user(id, ['volunteer']), HEADER);
    expectProblem(volunteer, 403);
  });

  it('writes members, households and events in the request’s transaction: a later failure leaves nothing', async () => {
    const { id: tenantId, admin } = t.tenant();
    const built = await buildPlaces(t, admin, [['古槐街道', '南门社区', '运河小区']]);
    await t.call(
      admin,
      'POST',
      '/v1/buildings',
      { compoundId: built.get('运河小区')!.id, name: '1号楼' },
      201,
    );
    const original = t.org.deps.rosterChanged;
    t.org.deps.rosterChanged = async () => {
      throw new Error('formation failed');
    };
    try {
      const res = await importCsv(
        t,
        admin,
        [HEADER, ...rows(50, [['古槐街道', '南门社区', '运河小区']], 7000, { building: '1号楼' })].join('\n'),
      );
      expect(res.statusCode).toBe(500);
    } finally {
      t.org.deps.rosterChanged = original;
    }
    expect(await countMembers(tenantId)).toBe(0);
    expect(await outboxCount(tenantId, 'org.member.registered')).toBe(0);
    expect((await t.call(admin, 'GET', '/v1/households')).body.items).toEqual([]);
  });

  it('refuses empty files and files missing a column', async () => {
    const { admin } = t.tenant();
    expectProblem(await importCsv(t, admin, HEADER), 400);
    const missing = await importCsv(t, admin, '姓名,性别\n甲,男');
    const body = expectProblem(missing, 400, 'import_rejected') as Row;
    expect(body.errors[0]).toMatchObject({ path: 'header' });
  });

  it('never resolves names against another tenant’s territory', async () => {
    const one = t.tenant();
    const two = t.tenant();
    await t.territory(two.admin, { street: '他区街道', community: '他区社区', compound: '他区小区' });
    const csv = [HEADER, '丁,男,1960,13400000001,他区街道,他区社区,他区小区,,,正式,自管,,否,1990-07-01'].join(
      '\n',
    );
    const res = await importCsv(t, one.admin, csv);
    expect((expectProblem(res, 400, 'import_rejected') as Row).errors.map((e: Row) => e.path)).toEqual([
      'rows.2.street',
    ]);
    expect(await countMembers(one.id)).toBe(0);
  });

  it('imports 10,000 rows quickly (measured, not asserted)', async () => {
    const { id: tenantId, admin } = t.tenant();
    const places: string[][] = [];
    for (let i = 0; i < 20; i++) places.push(['济阳街道', `社区${i % 5}`, `小区${i}`]);
    await buildPlaces(t, admin, places);
    const csv = [HEADER, ...rows(10_000, places, 50_000)].join('\n');
    const started = performance.now();
    const res = await importCsv(t, admin, csv);
    const ms = performance.now() - started;
    expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
    expect(await countMembers(tenantId)).toBe(10_000);
    const rate = Math.round(10_000 / (ms / 1000));
    console.log(`member import: 10,000 rows in ${Math.round(ms)} ms = ${rate} rows/s`);
  }, 120_000);
});
