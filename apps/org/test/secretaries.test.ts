import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretaryTermEntity } from '../src/modules/secretaries/secretary-term.entity.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';
import {
  committeeMember,
  communityCommittee,
  compoundBranch,
  count,
  gridBranch,
  liaison,
  member,
  nextEvent,
  siblingCompound,
} from './helpers/people.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test are read field by field
type Row = Record<string, any>;

/** A grid branch over two compounds with members of every kind, one archived and one outside. */
async function branchWithMembers() {
  const { id: tenantId, admin } = t.tenant();
  const { street, community, grid, compound } = await t.territory(admin);
  const second = await siblingCompound(t, admin, grid);
  const outside = await siblingCompound(t, admin, grid);
  const org = await gridBranch(t, tenantId, grid, [compound, second]);
  const m = {
    probationaryOwner: await member(t, tenantId, compound, {
      name: '甲预备业主',
      status: 'probationary',
      isHomeowner: true,
    }),
    fullTenant: await member(t, tenantId, compound, { name: '乙正式租户' }),
    nonSelfOwner: await member(t, tenantId, second, {
      name: '丙非自管业主',
      isHomeowner: true,
      management: 'non-self',
      membershipOrg: '市供电公司党委',
    }),
    bestOwner: await member(t, tenantId, compound, { name: '丁自管业主', isHomeowner: true }),
    nonSelfTenant: await member(t, tenantId, second, { name: '戊非自管租户', management: 'non-self' }),
  };
  await member(t, tenantId, compound, { name: '已迁出', isHomeowner: true, archivedAt: new Date() });
  const elsewhere = await member(t, tenantId, outside, { name: '别的小区', isHomeowner: true });
  return { tenantId, admin, street, community, grid, compound, second, outside, org, m, elsewhere };
}

describe('secretary candidates (选优配强支部书记)', () => {
  it('ranks members homeowners first, then full before probationary, then self-managed, with reasons', async () => {
    const s = await branchWithMembers();
    await liaison(t, s.tenantId, s.compound, { cadreName: '不应出现的包保干部' });
    const res = await t.call(
      s.admin,
      'GET',
      `/v1/party-orgs/${s.org.id}/secretary-candidates`,
      undefined,
      200,
    );
    expect(res.body).toMatchObject({
      partyOrgId: s.org.id,
      level: 'grid-branch',
      levelName: '网格(联合)党支部',
      suitableMemberExists: true,
      fallbackUsed: false,
      nextCursor: null,
    });
    expect(res.body.compoundIds.sort()).toEqual([s.compound.id, s.second.id].sort());
    expect(res.body.items.map((c: Row) => [c.rank, c.name])).toEqual([
      [1, '丁自管业主'],
      [2, '丙非自管业主'],
      [3, '甲预备业主'],
      [4, '乙正式租户'],
      [5, '戊非自管租户'],
    ]);
    expect(res.body.items[0]).toMatchObject({
      personKind: 'member',
      memberId: s.m.bestOwner.id,
      concurrent: false,
      suitable: true,
      isHomeowner: true,
      reason: '小区业主（优先），正式党员，自管党员',
    });
    expect(res.body.items[1].reason).toBe('小区业主（优先），正式党员，非自管党员（市供电公司党委）');
    expect(res.body.items[2]).toMatchObject({ suitable: false, memberStatus: 'probationary' });
    expect(res.body.items[2].reasons).toContain('预备党员（暂不能担任书记）');
    expect(res.body.items.every((c: Row) => !c.concurrent)).toBe(true);

    // Pages continue the ranking.
    const p1 = await t.call(s.admin, 'GET', `/v1/party-orgs/${s.org.id}/secretary-candidates?limit=2`);
    const p2 = await t.call(
      s.admin,
      'GET',
      `/v1/party-orgs/${s.org.id}/secretary-candidates?limit=2&cursor=${p1.body.nextCursor}`,
    );
    expect([...p1.body.items, ...p2.body.items].map((c: Row) => c.rank)).toEqual([1, 2, 3, 4]);
  });

  it('falls back to the liaison cadre and Party-committee members, concurrent (兼任), when no member is full', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { community, grid, compound } = await t.territory(admin);
    const org = await gridBranch(t, tenantId, grid, [compound]);
    await member(t, tenantId, compound, { name: '预备党员', status: 'probationary', isHomeowner: true });
    const url = `/v1/party-orgs/${org.id}/secretary-candidates`;

    const nobody = (await t.call(admin, 'GET', url, undefined, 200)).body;
    expect(nobody).toMatchObject({ suitableMemberExists: false, fallbackUsed: true });
    expect(nobody.message).toContain('请先安排包保干部');

    const cadre = await liaison(t, tenantId, compound, { cadreName: '街道包保干部' });
    const party = await committeeMember(t, admin, community.id, {
      name: '党委委员',
      committee: 'party',
      position: '委员',
    });
    const both = await committeeMember(t, admin, community.id, {
      name: '交叉任职',
      committee: 'both',
      position: '副书记',
    });
    await committeeMember(t, admin, community.id, { name: '居委会委员', committee: 'residents' });
    const left = await committeeMember(t, admin, community.id, { name: '已离任', committee: 'party' });
    await t.call(admin, 'POST', `/v1/committee-members/${left.id}/end`, { endedOn: '2024-12-31' }, 200);

    const res = (await t.call(admin, 'GET', url, undefined, 200)).body;
    expect(res.message).toBe('支部暂无合适党员，可由包保街道干部或社区党委委员兼任书记');
    expect(res.items.map((c: Row) => [c.personKind, c.name, c.concurrent, c.suitable])).toEqual([
      ['member', '预备党员', false, false],
      ['liaison-cadre', '街道包保干部', true, true],
      ['committee-member', '交叉任职', true, true],
      ['committee-member', '党委委员', true, true],
    ]);
    expect(res.items[1]).toMatchObject({
      liaisonId: cadre.id,
      reason: '支部无合适党员，小区包保街道干部，兼任书记',
    });
    expect(res.items[3]).toMatchObject({ committeeMemberId: party.id, position: '委员' });
    expect(res.items[2].committeeMemberId).toBe(both.id);
  });

  it('is only for compound and grid branches', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { community, compound } = await t.territory(admin);
    const committee = await communityCommittee(t, tenantId, community);
    expectProblem(
      (await t.call(admin, 'GET', `/v1/party-orgs/${committee.id}/secretary-candidates`)).res,
      422,
      'not_a_branch',
    );
    const own = await compoundBranch(t, tenantId, compound);
    await member(t, tenantId, compound, { name: '唯一党员' });
    const res = await t.call(admin, 'GET', `/v1/party-orgs/${own.id}/secretary-candidates`, undefined, 200);
    expect(res.body.items.map((c: Row) => c.name)).toEqual(['唯一党员']);
    expectProblem(
      (await t.call(admin, 'GET', `/v1/party-orgs/${crypto.randomUUID()}/secretary-candidates`)).res,
      404,
    );
  });
});

describe('appointing secretaries', () => {
  it('appoints a member, keeps the term history, refuses the fallback while a member is suitable unless overridden', async () => {
    const s = await branchWithMembers();
    const url = `/v1/party-orgs/${s.org.id}/secretary`;
    const event = await nextEvent(
      t,
      'hf.org.secretary.appointed',
      (d) => d.partyOrgId === s.org.id,
      () =>
        t.call(
          s.admin,
          'POST',
          url,
          { personKind: 'member', memberId: s.m.bestOwner.id, startedOn: '2024-03-01' },
          201,
        ),
    );
    expect(event.tenantId).toBe(s.tenantId);
    expect(event.data).toMatchObject({
      personName: '丁自管业主',
      memberId: s.m.bestOwner.id,
      concurrent: false,
    });

    expectProblem(
      (
        await t.call(s.admin, 'POST', url, {
          personKind: 'member',
          memberId: s.m.probationaryOwner.id,
          startedOn: '2024-04-01',
        })
      ).res,
      422,
      'member_probationary',
    );
    const outside = await t.call(s.admin, 'POST', url, {
      personKind: 'member',
      memberId: s.elsewhere.id,
      startedOn: '2024-04-01',
    });
    expect(expectProblem(outside.res, 400).errors?.[0].path).toBe('body.memberId');
    expectProblem(
      (
        await t.call(s.admin, 'POST', url, {
          personKind: 'member',
          memberId: s.m.bestOwner.id,
          startedOn: '2024-04-01',
        })
      ).res,
      409,
      'already_secretary',
    );
    const early = await t.call(s.admin, 'POST', url, {
      personKind: 'member',
      memberId: s.m.fullTenant.id,
      startedOn: '2024-02-01',
    });
    expect(expectProblem(early.res, 400).errors?.[0].path).toBe('body.startedOn');

    const cadre = await liaison(t, s.tenantId, s.second, { cadreName: '李包保' });
    const refused = await t.call(s.admin, 'POST', url, {
      personKind: 'liaison-cadre',
      liaisonId: cadre.id,
      startedOn: '2025-01-01',
    });
    expect(expectProblem(refused.res, 422, 'suitable_member_exists')).toMatchObject({ suitableMembers: 4 });

    const overridden = await t.call(
      s.admin,
      'POST',
      url,
      {
        personKind: 'liaison-cadre',
        liaisonId: cadre.id,
        startedOn: '2025-01-01',
        override: { reason: '党员均年事已高，暂由包保干部兼任' },
      },
      201,
    );
    expect(overridden.body).toMatchObject({
      personKind: 'liaison-cadre',
      personKindName: '包保干部',
      personName: '李包保',
      concurrent: true,
      concurrentName: '兼任',
      current: true,
    });
    const audit = await t.call(s.admin, 'GET', `/v1/audit-log?targetId=${overridden.body.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'secretary-terms.appointed' });
    expect(audit.body.items[0].after.overrideReason).toBe('党员均年事已高，暂由包保干部兼任');

    const terms = (await t.call(s.admin, 'GET', `/v1/party-orgs/${s.org.id}/secretaries`, undefined, 200))
      .body.items;
    expect(terms.map((x: Row) => [x.personName, x.current, x.startedOn, x.endedOn])).toEqual([
      ['李包保', true, '2025-01-01', null],
      ['丁自管业主', false, '2024-03-01', '2025-01-01'],
    ]);
    expect(terms[1]).toMatchObject({ endReason: '由李包保接任', isHomeowner: true });

    const ended = await t.call(
      s.admin,
      'POST',
      `${url}/end`,
      { endedOn: '2025-06-30', reason: '工作调动' },
      200,
    );
    expect(ended.body).toMatchObject({ current: false, endedOn: '2025-06-30', endReason: '工作调动' });
    expectProblem(
      (await t.call(s.admin, 'POST', `${url}/end`, { endedOn: '2025-07-01' })).res,
      422,
      'no_current_secretary',
    );
    const after = (await t.call(s.admin, 'GET', `/v1/party-orgs/${s.org.id}/secretaries?limit=1`)).body;
    expect(after.items[0].personName).toBe('李包保');
    const next = (
      await t.call(
        s.admin,
        'GET',
        `/v1/party-orgs/${s.org.id}/secretaries?limit=1&cursor=${after.nextCursor}`,
      )
    ).body;
    expect(next.items[0].personName).toBe('丁自管业主');
    expect(next.nextCursor).toBeNull();
  });

  it('appoints a Party-committee member concurrently when no member is suitable, and keeps them on the committee', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { community, grid, compound } = await t.territory(admin);
    const org = await gridBranch(t, tenantId, grid, [compound]);
    const url = `/v1/party-orgs/${org.id}/secretary`;
    const residentsOnly = await committeeMember(t, admin, community.id, { committee: 'residents' });
    const bad = await t.call(admin, 'POST', url, {
      personKind: 'committee-member',
      committeeMemberId: residentsOnly.id,
      startedOn: '2025-01-01',
    });
    expect(expectProblem(bad.res, 400).errors?.[0].path).toBe('body.committeeMemberId');
    const other = await t.territory(admin);
    const elsewhere = await committeeMember(t, admin, other.community.id, { committee: 'party' });
    const wrongCommunity = await t.call(admin, 'POST', url, {
      personKind: 'committee-member',
      committeeMemberId: elsewhere.id,
      startedOn: '2025-01-01',
    });
    expect(expectProblem(wrongCommunity.res, 400).errors?.[0].path).toBe('body.committeeMemberId');

    const party = await committeeMember(t, admin, community.id, { name: '赵委员', committee: 'party' });
    const term = await t.call(
      admin,
      'POST',
      url,
      { personKind: 'committee-member', committeeMemberId: party.id, startedOn: '2025-01-01' },
      201,
    );
    expect(term.body).toMatchObject({
      personKind: 'committee-member',
      personKindName: '社区党委委员',
      concurrent: true,
    });
    expectProblem(
      (await t.call(admin, 'POST', `/v1/committee-members/${party.id}/end`, { endedOn: '2025-02-01' })).res,
      422,
      'holds_secretary_post',
    );
    expectProblem(
      (await t.call(admin, 'PATCH', `/v1/committee-members/${party.id}`, { committee: 'residents' })).res,
      422,
      'holds_secretary_post',
    );
    expectProblem((await t.call(admin, 'DELETE', `/v1/committee-members/${party.id}`)).res, 422, 'in_use');
    const concurrent = await t.call(admin, 'GET', '/v1/secretaries?concurrent=true');
    expect(concurrent.body.items.map((x: Row) => x.id)).toEqual([term.body.id]);
  });

  it('refuses bad bodies naming the field and writes nothing', async () => {
    const s = await branchWithMembers();
    const url = `/v1/party-orgs/${s.org.id}/secretary`;
    const cases: Array<[Row, string[]]> = [
      [{ personKind: 'member', startedOn: '2025-01-01' }, ['body.memberId']],
      [
        {
          personKind: 'member',
          memberId: s.m.bestOwner.id,
          liaisonId: crypto.randomUUID(),
          startedOn: '2025-01-01',
        },
        ['body.liaisonId'],
      ],
      [{ personKind: 'member', memberId: s.m.bestOwner.id, startedOn: '01/01/2025' }, ['body.startedOn']],
      [{ personKind: 'chief', memberId: s.m.bestOwner.id, startedOn: '2025-01-01' }, ['body.personKind']],
      [
        { personKind: 'member', memberId: s.m.bestOwner.id, startedOn: '2025-01-01', concurrent: true },
        ['body.concurrent'],
      ],
      [
        { personKind: 'liaison-cadre', liaisonId: crypto.randomUUID(), startedOn: '2025-01-01' },
        ['body.liaisonId'],
      ],
    ];
    for (const [body, paths] of cases)
      expect(
        expectProblem((await t.call(s.admin, 'POST', url, body)).res, 400)
          .errors?.map((e) => e.path)
          .sort(),
        JSON.stringify(body),
      ).toEqual(paths);
    expect(await count(t, s.tenantId, SecretaryTermEntity)).toBe(0);
  });
});

describe('secretary scope and tenants', () => {
  it('lets the branch secretary read their branch but not appoint; other scopes see nothing', async () => {
    const s = await branchWithMembers();
    const other = await t.territory(s.admin);
    const body = { personKind: 'member', memberId: s.m.bestOwner.id, startedOn: '2025-01-01' };
    const url = `/v1/party-orgs/${s.org.id}`;

    const secretary = t.tokens.user(s.tenantId, ['branch-secretary'], { branches: [s.org.id] });
    await t.call(secretary, 'GET', `${url}/secretary-candidates`, undefined, 200);
    await t.call(secretary, 'GET', `${url}/secretaries`, undefined, 200);
    expectProblem((await t.call(secretary, 'POST', `${url}/secretary`, body)).res, 403);

    const gridWorker = t.tokens.user(s.tenantId, ['grid-worker'], { grids: [s.grid.id] });
    await t.call(gridWorker, 'GET', `${url}/secretary-candidates`, undefined, 200);

    const outsider = t.tokens.user(s.tenantId, ['community-cadre'], { communities: [other.community.id] });
    expectProblem((await t.call(outsider, 'GET', `${url}/secretary-candidates`)).res, 404);
    expectProblem((await t.call(outsider, 'POST', `${url}/secretary`, body)).res, 404);
    expect((await t.call(outsider, 'GET', '/v1/secretaries')).body.items).toHaveLength(0);

    const cadre = t.tokens.user(s.tenantId, ['community-cadre'], { communities: [s.community.id] });
    await t.call(cadre, 'POST', `${url}/secretary`, body, 201);
    expect((await t.call(cadre, 'GET', '/v1/secretaries')).body.items).toHaveLength(1);

    const viewer = t.tokens.user(s.tenantId, ['viewer']);
    await t.call(viewer, 'GET', `${url}/secretaries`, undefined, 200);
    expectProblem((await t.call(viewer, 'POST', `${url}/secretary/end`, { endedOn: '2025-02-01' })).res, 403);
    expectProblem(
      (await t.call(t.tokens.user(s.tenantId, ['volunteer']), 'GET', `${url}/secretaries`)).res,
      403,
    );
  });

  it("treats the other tenant's branches and people as unknown", async () => {
    const mine = await branchWithMembers();
    const theirs = await branchWithMembers();
    await t.call(
      theirs.admin,
      'POST',
      `/v1/party-orgs/${theirs.org.id}/secretary`,
      { personKind: 'member', memberId: theirs.m.bestOwner.id, startedOn: '2025-01-01' },
      201,
    );
    for (const [m, u, p] of [
      ['GET', `/v1/party-orgs/${theirs.org.id}/secretary-candidates`, undefined],
      ['GET', `/v1/party-orgs/${theirs.org.id}/secretaries`, undefined],
      ['POST', `/v1/party-orgs/${theirs.org.id}/secretary/end`, { endedOn: '2025-02-01' }],
      [
        'POST',
        `/v1/party-orgs/${theirs.org.id}/secretary`,
        { personKind: 'member', memberId: theirs.m.fullTenant.id, startedOn: '2025-02-01' },
      ],
    ] as const)
      expectProblem((await t.call(mine.admin, m, u, p)).res, 404);
    // Their member cannot be appointed to my branch either.
    const cross = await t.call(mine.admin, 'POST', `/v1/party-orgs/${mine.org.id}/secretary`, {
      personKind: 'member',
      memberId: theirs.m.fullTenant.id,
      startedOn: '2025-02-01',
    });
    expect(expectProblem(cross.res, 400).errors?.[0].path).toBe('body.memberId');
    expect((await t.call(mine.admin, 'GET', '/v1/secretaries')).body.items).toHaveLength(0);
    const still = (await t.call(theirs.admin, 'GET', `/v1/party-orgs/${theirs.org.id}/secretaries`)).body
      .items;
    expect(still.map((x: Row) => [x.personName, x.current])).toEqual([['丁自管业主', true]]);
  });
});
