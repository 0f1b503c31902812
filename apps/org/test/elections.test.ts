import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ElectionNominationEntity,
  LeaderElectionEntity,
} from '../src/modules/elections/election.entities.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';
import { compoundBranch, count, member, nextEvent, siblingCompound } from './helpers/people.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test are read field by field
type Row = Record<string, any>;

async function building(token: string, compoundId: string, name = '3号楼') {
  const b = (await t.call(token, 'POST', '/v1/buildings', { compoundId, name }, 201)).body;
  const h1 = (await t.call(token, 'POST', '/v1/households', { buildingId: b.id, room: '1单元101' }, 201))
    .body;
  const h2 = (await t.call(token, 'POST', '/v1/households', { buildingId: b.id, room: '2单元502' }, 201))
    .body;
  return { building: b, households: [h1, h2] };
}

async function setup() {
  const { id: tenantId, admin } = t.tenant();
  const terr = await t.territory(admin);
  const { building: b, households } = await building(admin, terr.compound.id);
  return { tenantId, admin, ...terr, b, households };
}

/** Opens, nominates one resident, holds the meeting and elects them. */
async function fullElection(token: string, buildingId: string, name: string, termStart: string) {
  const e = (await t.call(token, 'POST', '/v1/elections', { buildingId, openedOn: termStart }, 201)).body;
  const n = (await t.call(token, 'POST', `/v1/elections/${e.id}/nominations`, { name, isMember: false }, 201))
    .body;
  await t.call(
    token,
    'POST',
    `/v1/elections/${e.id}/meeting`,
    { date: termStart, attendance: 20, votes: [{ nominationId: n.id, votes: 18 }] },
    200,
  );
  return (
    await t.call(
      token,
      'POST',
      `/v1/elections/${e.id}/elect`,
      { nominationId: n.id, duties: '协助社区做好楼栋服务', termStart },
      200,
    )
  ).body;
}

describe('building-leader election (组织推选楼栋长)', () => {
  it('runs open → nominations and opinions → recommendation meeting → elected, emitting the event', async () => {
    const s = await setup();
    const opened = await t.call(
      s.admin,
      'POST',
      '/v1/elections',
      { buildingId: s.b.id, openedOn: '2025-03-01' },
      201,
    );
    const e = opened.body;
    expect(e).toMatchObject({
      buildingId: s.b.id,
      compoundId: s.compound.id,
      communityId: s.community.id,
      status: 'open',
      statusName: '征求意见中',
      meeting: null,
    });
    expectProblem(
      (await t.call(s.admin, 'POST', '/v1/elections', { buildingId: s.b.id, openedOn: '2025-03-02' })).res,
      409,
      'election_open',
    );
    const url = `/v1/elections/${e.id}`;
    expectProblem(
      (
        await t.call(s.admin, 'POST', `${url}/meeting`, {
          date: '2025-03-10',
          attendance: 10,
          votes: [{ nominationId: crypto.randomUUID(), votes: 1 }],
        })
      ).res,
      422,
      'no_nominations',
    );
    expectProblem(
      (
        await t.call(s.admin, 'POST', `${url}/elect`, {
          nominationId: crypto.randomUUID(),
          duties: 'x',
          termStart: '2025-03-10',
        })
      ).res,
      422,
      'wrong_state',
    );

    // Nominees: a resident who is not a member, and a member of the compound.
    const resident = (
      await t.call(
        s.admin,
        'POST',
        `${url}/nominations`,
        {
          name: '刘大妈',
          phone: '13900001111',
          isMember: false,
          householdId: s.households[0].id,
          reason: '热心公正，邻里信任',
        },
        201,
      )
    ).body;
    expect(resident).toMatchObject({ isMember: false, memberName: '群众', votes: null, elected: false });
    const m = await member(t, s.tenantId, s.compound, { name: '陈党员' });
    const memberNominee = (
      await t.call(
        s.admin,
        'POST',
        `${url}/nominations`,
        { name: '陈党员', isMember: true, memberId: m.id },
        201,
      )
    ).body;
    const third = (
      await t.call(s.admin, 'POST', `${url}/nominations`, { name: '孙师傅', isMember: false }, 201)
    ).body;
    expectProblem(
      (
        await t.call(s.admin, 'POST', `${url}/nominations`, {
          name: '刘大妈二',
          phone: '13900001111',
          isMember: false,
        })
      ).res,
      409,
      'already_nominated',
    );
    const elsewhere = await member(t, s.tenantId, await siblingCompound(t, s.admin, s.grid));
    for (const [body, path] of [
      [{ name: '外小区', isMember: true, memberId: elsewhere.id }, 'body.memberId'],
      [{ name: '陈党员', isMember: false, memberId: m.id }, 'body.isMember'],
      [
        {
          name: '别栋',
          isMember: false,
          householdId: (await building(s.admin, s.compound.id, '9号楼')).households[0].id,
        },
        'body.householdId',
      ],
      [{ name: '', isMember: false }, 'body.name'],
      [{ name: '甲', isMember: 'yes' }, 'body.isMember'],
    ] as const)
      expect(
        expectProblem((await t.call(s.admin, 'POST', `${url}/nominations`, body)).res, 400).errors?.[0].path,
      ).toBe(path);

    await t.call(
      s.admin,
      'POST',
      `${url}/opinions`,
      {
        authorName: '住户张先生',
        opinion: '刘大妈办事公道',
        nominationId: resident.id,
        collectedOn: '2025-03-05',
      },
      201,
    );
    await t.call(
      s.admin,
      'POST',
      `${url}/opinions`,
      { authorName: '住户李女士', opinion: '希望楼栋长常在家', collectedOn: '2025-03-04' },
      201,
    );
    expect(
      expectProblem(
        (
          await t.call(s.admin, 'POST', `${url}/opinions`, {
            authorName: '甲',
            opinion: '早',
            collectedOn: '2025-02-01',
          })
        ).res,
        400,
      ).errors?.[0].path,
    ).toBe('body.collectedOn');

    const badVotes = await t.call(s.admin, 'POST', `${url}/meeting`, {
      date: '2025-03-10',
      attendance: 30,
      votes: [
        { nominationId: resident.id, votes: 31 },
        { nominationId: crypto.randomUUID(), votes: 1 },
      ],
    });
    expect(
      expectProblem(badVotes.res, 400)
        .errors?.map((x) => x.path)
        .sort(),
    ).toEqual(['body.votes.0.votes', 'body.votes.1.nominationId']);
    const held = await t.call(
      s.admin,
      'POST',
      `${url}/meeting`,
      {
        date: '2025-03-10',
        attendance: 30,
        votes: [
          { nominationId: resident.id, votes: 21 },
          { nominationId: memberNominee.id, votes: 9 },
        ],
        notes: '楼栋居民代表30人参会',
      },
      200,
    );
    expect(held.body).toMatchObject({
      status: 'meeting-held',
      statusName: '已召开推选会',
      meeting: { date: '2025-03-10', attendance: 30, notes: '楼栋居民代表30人参会' },
    });
    expect(held.body.nominations.map((n: Row) => [n.name, n.votes])).toEqual([
      ['刘大妈', 21],
      ['陈党员', 9],
      ['孙师傅', 0],
    ]);
    expectProblem(
      (await t.call(s.admin, 'POST', `${url}/nominations`, { name: '迟到', isMember: false })).res,
      422,
      'wrong_state',
    );
    expectProblem(
      (
        await t.call(s.admin, 'POST', `${url}/opinions`, {
          authorName: '甲',
          opinion: '迟到',
          collectedOn: '2025-03-11',
        })
      ).res,
      422,
      'wrong_state',
    );
    expectProblem(
      (
        await t.call(s.admin, 'POST', `${url}/meeting`, {
          date: '2025-03-11',
          attendance: 1,
          votes: [{ nominationId: resident.id, votes: 1 }],
        })
      ).res,
      422,
      'wrong_state',
    );

    expectProblem(
      (
        await t.call(s.admin, 'POST', `${url}/elect`, {
          nominationId: third.id,
          duties: '职责',
          termStart: '2025-03-15',
        })
      ).res,
      422,
      'no_votes',
    );
    for (const [body, path] of [
      [{ nominationId: resident.id, duties: '职责', termStart: '2025-03-09' }, 'body.termStart'],
      [
        { nominationId: resident.id, duties: '职责', termStart: '2025-03-15', termEnd: '2025-03-15' },
        'body.termEnd',
      ],
      [{ nominationId: resident.id, duties: '', termStart: '2025-03-15' }, 'body.duties'],
      [{ nominationId: crypto.randomUUID(), duties: '职责', termStart: '2025-03-15' }, 'body.nominationId'],
    ] as const)
      expect(
        expectProblem((await t.call(s.admin, 'POST', `${url}/elect`, body)).res, 400).errors?.[0].path,
      ).toBe(path);

    const duties = '一、收集楼栋居民诉求；二、协助开展矛盾调解；三、配合社区和支部开展工作。';
    let elected: Row = {};
    const event = await nextEvent(
      t,
      'hf.org.building-leader.elected',
      (d) => d.electionId === e.id,
      async () => {
        elected = (
          await t.call(
            s.admin,
            'POST',
            `${url}/elect`,
            { nominationId: resident.id, duties, termStart: '2025-03-15', termEnd: '2028-03-14' },
            200,
          )
        ).body;
      },
    );
    expect(event.tenantId).toBe(s.tenantId);
    expect(event.data).toMatchObject({
      buildingId: s.b.id,
      compoundId: s.compound.id,
      name: '刘大妈',
      isMember: false,
      termEnd: '2028-03-14',
    });
    expect(elected).toMatchObject({
      status: 'elected',
      statusName: '已选出楼栋长',
      electedNominationId: resident.id,
    });
    expect(elected.leader).toMatchObject({
      name: '刘大妈',
      phone: '13900001111',
      isMember: false,
      memberName: '群众',
      duties,
      current: true,
    });
    expect(elected.nominations[0]).toMatchObject({ id: resident.id, elected: true });
    expect(elected.opinions.map((o: Row) => o.authorName)).toEqual(['住户李女士', '住户张先生']);
    expectProblem(
      (await t.call(s.admin, 'POST', `${url}/cancel`, { reason: '晚了' })).res,
      422,
      'wrong_state',
    );
    expect((await t.call(s.admin, 'GET', url, undefined, 200)).body).toMatchObject({
      status: 'elected',
      leader: { name: '刘大妈' },
    });

    const audit = await t.call(s.admin, 'GET', `/v1/audit-log?targetId=${e.id}`);
    expect(audit.body.items.map((x: Row) => x.action)).toEqual([
      'leader-elections.elected',
      'leader-elections.meeting-held',
      'leader-elections.opened',
    ]);
  });

  it("ends the previous leader's term at the next election and lists the building's leaders, current first", async () => {
    const s = await setup();
    await fullElection(s.admin, s.b.id, '第一任', '2022-01-01');
    const second = await fullElection(s.admin, s.b.id, '第二任', '2025-01-01');
    expect(second.leader).toMatchObject({ name: '第二任', current: true });
    const leaders = (await t.call(s.admin, 'GET', `/v1/buildings/${s.b.id}/leaders`, undefined, 200)).body
      .items;
    expect(leaders.map((l: Row) => [l.name, l.current, l.termStart, l.endedOn])).toEqual([
      ['第二任', true, '2025-01-01', null],
      ['第一任', false, '2022-01-01', '2025-01-01'],
    ]);

    // A cancelled election frees the building for a new one.
    const third = (
      await t.call(s.admin, 'POST', '/v1/elections', { buildingId: s.b.id, openedOn: '2025-06-01' }, 201)
    ).body;
    expect(
      expectProblem((await t.call(s.admin, 'POST', `/v1/elections/${third.id}/cancel`, {})).res, 400)
        .errors?.[0].path,
    ).toBe('body.reason');
    const cancelled = await t.call(
      s.admin,
      'POST',
      `/v1/elections/${third.id}/cancel`,
      { reason: '候选人均婉拒' },
      200,
    );
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      statusName: '已取消',
      cancelledReason: '候选人均婉拒',
    });
    expectProblem(
      (
        await t.call(s.admin, 'POST', `/v1/elections/${third.id}/nominations`, {
          name: '甲',
          isMember: false,
        })
      ).res,
      422,
      'wrong_state',
    );
    await t.call(s.admin, 'POST', '/v1/elections', { buildingId: s.b.id, openedOn: '2025-07-01' }, 201);

    const byStatus = await t.call(s.admin, 'GET', `/v1/elections?buildingId=${s.b.id}&status=elected`);
    expect(byStatus.body.items.map((x: Row) => x.openedOn)).toEqual(['2025-01-01', '2022-01-01']);
    // Lists name the building and compound, so the console needs no further lookups.
    expect(byStatus.body.items[0]).toMatchObject({
      buildingName: s.b.name,
      compoundName: expect.any(String),
    });
    const p1 = await t.call(s.admin, 'GET', '/v1/elections?limit=2&sort=openedOn&order=asc');
    const p2 = await t.call(
      s.admin,
      'GET',
      `/v1/elections?limit=2&sort=openedOn&order=asc&cursor=${p1.body.nextCursor}`,
    );
    expect([...p1.body.items, ...p2.body.items].map((x: Row) => x.openedOn)).toEqual([
      '2022-01-01',
      '2025-01-01',
      '2025-06-01',
      '2025-07-01',
    ]);
    expect(p2.body.nextCursor).toBeNull();
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const s = await setup();
    for (const [body, path] of [
      [{ buildingId: crypto.randomUUID(), openedOn: '2025-01-01' }, 'body.buildingId'],
      [{ buildingId: s.b.id, openedOn: '2025-02-30x' }, 'body.openedOn'],
      [{ buildingId: s.b.id, openedOn: '2025-01-01', status: 'elected' }, 'body.status'],
    ] as const)
      expect(
        expectProblem((await t.call(s.admin, 'POST', '/v1/elections', body)).res, 400).errors?.[0].path,
      ).toBe(path);
    expect(await count(t, s.tenantId, LeaderElectionEntity)).toBe(0);
    expectProblem((await t.call(s.admin, 'GET', '/v1/elections?status=won')).res, 400);
  });
});

describe('election scope and tenants', () => {
  it("lets a branch secretary run their compound's elections only; grid workers and viewers read", async () => {
    const s = await setup();
    const other = await siblingCompound(t, s.admin, s.grid);
    const { building: otherBuilding } = await building(s.admin, other.id);
    const branch = await compoundBranch(t, s.tenantId, s.compound);
    const secretary = t.tokens.user(s.tenantId, ['branch-secretary'], { branches: [branch.id] });

    const mine = (
      await t.call(secretary, 'POST', '/v1/elections', { buildingId: s.b.id, openedOn: '2025-01-01' }, 201)
    ).body;
    await t.call(
      secretary,
      'POST',
      `/v1/elections/${mine.id}/nominations`,
      { name: '甲', isMember: false },
      201,
    );
    expectProblem(
      (
        await t.call(secretary, 'POST', '/v1/elections', {
          buildingId: otherBuilding.id,
          openedOn: '2025-01-01',
        })
      ).res,
      404,
    );
    const theirs = (
      await t.call(
        s.admin,
        'POST',
        '/v1/elections',
        { buildingId: otherBuilding.id, openedOn: '2025-01-01' },
        201,
      )
    ).body;
    expectProblem((await t.call(secretary, 'GET', `/v1/elections/${theirs.id}`)).res, 404);
    expectProblem(
      (await t.call(secretary, 'POST', `/v1/elections/${theirs.id}/cancel`, { reason: 'x' })).res,
      404,
    );
    expectProblem((await t.call(secretary, 'GET', `/v1/buildings/${otherBuilding.id}/leaders`)).res, 404);
    expect((await t.call(secretary, 'GET', '/v1/elections')).body.items.map((x: Row) => x.id)).toEqual([
      mine.id,
    ]);

    const gridWorker = t.tokens.user(s.tenantId, ['grid-worker'], { grids: [s.grid.id] });
    expect((await t.call(gridWorker, 'GET', '/v1/elections')).body.items).toHaveLength(2);
    await t.call(gridWorker, 'GET', `/v1/elections/${theirs.id}`, undefined, 200);
    expectProblem(
      (await t.call(gridWorker, 'POST', `/v1/elections/${theirs.id}/cancel`, { reason: 'x' })).res,
      403,
    );

    const viewer = t.tokens.user(s.tenantId, ['viewer']);
    await t.call(viewer, 'GET', `/v1/buildings/${s.b.id}/leaders`, undefined, 200);
    expectProblem(
      (await t.call(viewer, 'POST', '/v1/elections', { buildingId: s.b.id, openedOn: '2025-01-01' })).res,
      403,
    );
    expectProblem((await t.call(t.tokens.user(s.tenantId, ['volunteer']), 'GET', '/v1/elections')).res, 403);

    const elsewhere = await t.territory(s.admin);
    const outsider = t.tokens.user(s.tenantId, ['community-cadre'], {
      communities: [elsewhere.community.id],
    });
    expect((await t.call(outsider, 'GET', '/v1/elections')).body.items).toHaveLength(0);
  });

  it("treats the other tenant's elections and buildings as unknown and changes nothing", async () => {
    const mine = await setup();
    const theirs = await setup();
    const e = (
      await t.call(
        theirs.admin,
        'POST',
        '/v1/elections',
        { buildingId: theirs.b.id, openedOn: '2025-01-01' },
        201,
      )
    ).body;
    const n = (
      await t.call(
        theirs.admin,
        'POST',
        `/v1/elections/${e.id}/nominations`,
        { name: '他们的', isMember: false },
        201,
      )
    ).body;
    for (const [m, u, p] of [
      ['GET', `/v1/elections/${e.id}`, undefined],
      ['POST', `/v1/elections/${e.id}/nominations`, { name: 'x', isMember: false }],
      [
        'POST',
        `/v1/elections/${e.id}/opinions`,
        { authorName: 'x', opinion: 'y', collectedOn: '2025-01-02' },
      ],
      [
        'POST',
        `/v1/elections/${e.id}/meeting`,
        { date: '2025-01-02', attendance: 5, votes: [{ nominationId: n.id, votes: 5 }] },
      ],
      ['POST', `/v1/elections/${e.id}/elect`, { nominationId: n.id, duties: 'x', termStart: '2025-01-03' }],
      ['POST', `/v1/elections/${e.id}/cancel`, { reason: 'x' }],
      ['GET', `/v1/buildings/${theirs.b.id}/leaders`, undefined],
    ] as const)
      expectProblem((await t.call(mine.admin, m, u, p)).res, 404);
    const plant = await t.call(mine.admin, 'POST', '/v1/elections', {
      buildingId: theirs.b.id,
      openedOn: '2025-01-01',
    });
    expect(expectProblem(plant.res, 400).errors?.[0].path).toBe('body.buildingId');
    expect((await t.call(mine.admin, 'GET', '/v1/elections')).body.items).toHaveLength(0);
    const still = (await t.call(theirs.admin, 'GET', `/v1/elections/${e.id}`, undefined, 200)).body;
    expect(still).toMatchObject({ status: 'open', version: 1 });
    expect(still.nominations).toHaveLength(1);
    expect(await count(t, theirs.tenantId, ElectionNominationEntity)).toBe(1);
  });
});
