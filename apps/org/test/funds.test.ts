import { expectProblem } from '@hongfan/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FundEntryEntity } from '../src/modules/funds/fund-entry.entity.js';
import { fenToYuan, toFen } from '../src/modules/funds/money.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';
import { compoundBranch, count, gridBranch, nextEvent } from './helpers/people.js';

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies under test are read field by field
type Row = Record<string, any>;

async function setup() {
  const { id: tenantId, admin } = t.tenant();
  const terr = await t.territory(admin);
  const org = await gridBranch(t, tenantId, terr.grid, [terr.compound]);
  return { tenantId, admin, ...terr, org, url: `/v1/party-orgs/${org.id}/fund` };
}

const spendBody = (amountYuan: number | string, over: Row = {}) => ({
  year: 2025,
  amountYuan,
  purpose: '购买活动物资',
  entryDate: '2025-04-01',
  receiptRef: `FP-${Math.random().toString(36).slice(2, 8)}`,
  ...over,
});

describe('money', () => {
  it('converts yuan to fen and back exactly', () => {
    expect(toFen(0.1) + toFen(0.2)).toBe(30);
    expect(toFen('1234.5')).toBe(123450);
    expect(toFen('0.07')).toBe(7);
    expect(toFen(19.99)).toBe(1999);
    expect(fenToYuan(300000)).toBe('3000.00');
    expect(fenToYuan(-1)).toBe('-0.01');
    expect(fenToYuan(5)).toBe('0.05');
  });
});

describe('grid-branch working funds (网格党支部工作经费)', () => {
  it("grants the tenant's yearly amount once per year, and follows a changed setting", async () => {
    const s = await setup();
    const event = await nextEvent(
      t,
      'hf.org.fund-entry.recorded',
      (d) => d.partyOrgId === s.org.id,
      () => t.call(s.admin, 'POST', `${s.url}/grants`, { year: 2025, entryDate: '2025-01-15' }, 201),
    );
    expect(event.data).toMatchObject({ year: 2025, kind: 'grant', amountFen: 300000, overdraft: false });
    const ledger = (await t.call(s.admin, 'GET', `${s.url}?year=2025`, undefined, 200)).body;
    expect(ledger.items[0]).toMatchObject({
      kind: 'grant',
      kindName: '拨付',
      amountYuan: '3000.00',
      amountFen: 300000,
      purpose: '年度工作经费',
      balanceAfter: '3000.00',
    });
    expect(ledger.totals).toEqual({
      granted: '3000.00',
      spent: '0.00',
      balance: '3000.00',
      grantedFen: 300000,
      spentFen: 0,
      balanceFen: 300000,
      overdrawn: false,
    });
    expectProblem(
      (
        await t.call(s.admin, 'POST', `${s.url}/grants`, {
          year: 2025,
          entryDate: '2025-02-01',
          amountYuan: 100,
        })
      ).res,
      409,
      'grant_exists',
    );

    await t.publishSettings(s.tenantId, { gridBranchAnnualFundYuan: 2500.5 });
    await expect
      .poll(async () => (await t.call(s.admin, 'GET', '/v1/settings')).body.gridBranchAnnualFundYuan, {
        timeout: 5000,
      })
      .toBe(2500.5);
    const next = await t.call(
      s.admin,
      'POST',
      `${s.url}/grants`,
      { year: 2026, entryDate: '2026-01-10' },
      201,
    );
    expect(next.body).toMatchObject({ amountYuan: '2500.50', amountFen: 250050, year: 2026 });
    const explicit = await t.call(
      s.admin,
      'POST',
      `${s.url}/grants`,
      { year: 2027, entryDate: '2027-01-10', amountYuan: '1234.56', purpose: '追加拨付' },
      201,
    );
    expect(explicit.body).toMatchObject({ amountYuan: '1234.56', amountFen: 123456, purpose: '追加拨付' });
  });

  it('keeps the balance exact in fen, refuses an overdraft, then records it with an override, audited', async () => {
    const s = await setup();
    await t.call(s.admin, 'POST', `${s.url}/grants`, { year: 2025, entryDate: '2025-01-15' }, 201);
    for (const amount of [0.1, 0.2, '1000.05', 1999.65])
      await t.call(s.admin, 'POST', `${s.url}/spend`, spendBody(amount), 201);
    const zero = (await t.call(s.admin, 'GET', `${s.url}?year=2025`)).body;
    expect(zero.totals).toMatchObject({
      granted: '3000.00',
      spent: '3000.00',
      balance: '0.00',
      balanceFen: 0,
      overdrawn: false,
    });
    expect(zero.items.map((e: Row) => e.balanceAfter)).toEqual([
      '3000.00',
      '2999.90',
      '2999.70',
      '1999.65',
      '0.00',
    ]);

    const refused = await t.call(s.admin, 'POST', `${s.url}/spend`, spendBody('120.50'));
    expect(expectProblem(refused.res, 422, 'insufficient_balance')).toMatchObject({
      year: 2025,
      balance: '0.00',
      shortfall: '120.50',
      balanceFen: 0,
      shortfallFen: 12050,
    });
    expect(await count(t, s.tenantId, FundEntryEntity)).toBe(5);

    const over = await t.call(
      s.admin,
      'POST',
      `${s.url}/spend`,
      spendBody('120.50', { override: { reason: '慰问困难党员，经街道党工委同意先行垫付' } }),
      201,
    );
    expect(over.body).toMatchObject({
      kind: 'spend',
      kindName: '支出',
      overdraft: true,
      overrideReason: '慰问困难党员，经街道党工委同意先行垫付',
      balanceAfter: '-120.50',
      balanceAfterFen: -12050,
    });
    const audit = await t.call(s.admin, 'GET', `/v1/audit-log?targetId=${over.body.id}`);
    expect(audit.body.items[0]).toMatchObject({
      action: 'fund-entries.overdrawn',
      targetType: 'fund-entries',
    });
    expect(audit.body.items[0].after).toMatchObject({ overdraft: true, amountFen: 12050 });

    const ledger = (await t.call(s.admin, 'GET', `${s.url}?year=2025`)).body;
    expect(ledger.totals).toMatchObject({
      spent: '3120.50',
      balance: '-120.50',
      balanceFen: -12050,
      overdrawn: true,
    });
    expect(ledger.items.filter((e: Row) => e.overdraft).map((e: Row) => e.id)).toEqual([over.body.id]);
    // An override given when the balance suffices is not an overdraft.
    await t.call(s.admin, 'POST', `${s.url}/grants`, { year: 2024, entryDate: '2024-01-15' }, 201);
    const fine = await t.call(
      s.admin,
      'POST',
      `${s.url}/spend`,
      spendBody(10, { year: 2024, override: { reason: '无需' } }),
      201,
    );
    expect(fine.body).toMatchObject({ overdraft: false, overrideReason: null, balanceAfter: '2990.00' });
    // Spending without a grant is an overdraft of the whole amount.
    expect(
      expectProblem(
        (await t.call(s.admin, 'POST', `${s.url}/spend`, spendBody(5, { year: 2023 }))).res,
        422,
        'insufficient_balance',
      ),
    ).toMatchObject({ balance: '0.00', shortfall: '5.00' });

    const p1 = (await t.call(s.admin, 'GET', `${s.url}?year=2025&limit=4`)).body;
    const p2 = (await t.call(s.admin, 'GET', `${s.url}?year=2025&limit=4&cursor=${p1.nextCursor}`)).body;
    expect([...p1.items, ...p2.items].map((e: Row) => e.balanceAfter)).toEqual([
      '3000.00',
      '2999.90',
      '2999.70',
      '1999.65',
      '0.00',
      '-120.50',
    ]);
    expect(p2.totals.balance).toBe('-120.50');
  });

  it('lets concurrent spends pass the balance check one at a time', async () => {
    const s = await setup();
    await t.call(s.admin, 'POST', `${s.url}/grants`, { year: 2025, entryDate: '2025-01-15' }, 201);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.call(s.admin, 'POST', `${s.url}/spend`, spendBody(1000))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 422, 422, 422]);
    expect((await t.call(s.admin, 'GET', `${s.url}?year=2025`)).body.totals.balance).toBe('0.00');
  });

  it('applies to grid branches only', async () => {
    const { id: tenantId, admin } = t.tenant();
    const { compound } = await t.territory(admin);
    const own = await compoundBranch(t, tenantId, compound);
    for (const [m, u, p] of [
      ['POST', `/v1/party-orgs/${own.id}/fund/grants`, { year: 2025, entryDate: '2025-01-01' }],
      ['POST', `/v1/party-orgs/${own.id}/fund/spend`, spendBody(1)],
      ['GET', `/v1/party-orgs/${own.id}/fund`, undefined],
    ] as const)
      expectProblem((await t.call(admin, m, u, p)).res, 422, 'not_grid_branch');
    expectProblem((await t.call(admin, 'GET', `/v1/party-orgs/${crypto.randomUUID()}/fund`)).res, 404);
  });

  it('lists each grid branch balance for a year with filters and totals', async () => {
    const s = await setup();
    const other = await t.territory(s.admin);
    const second = await gridBranch(t, s.tenantId, other.grid, [other.compound]);
    await t.call(s.admin, 'POST', `${s.url}/grants`, { year: 2025, entryDate: '2025-01-15' }, 201);
    await t.call(s.admin, 'POST', `${s.url}/spend`, spendBody('499.99'), 201);
    await t.call(
      s.admin,
      'POST',
      `/v1/party-orgs/${second.id}/fund/grants`,
      { year: 2024, entryDate: '2024-01-15' },
      201,
    );

    const all = (await t.call(s.admin, 'GET', '/v1/funds?year=2025', undefined, 200)).body;
    expect(all.totals).toMatchObject({
      branches: 2,
      granted: '3000.00',
      spent: '499.99',
      balance: '2500.01',
    });
    const byId = Object.fromEntries(all.items.map((i: Row) => [i.partyOrgId, i]));
    expect(byId[s.org.id]).toMatchObject({
      hasGrant: true,
      balance: '2500.01',
      gridId: s.grid.id,
      status: 'active',
    });
    expect(byId[second.id]).toMatchObject({ hasGrant: false, granted: '0.00', balance: '0.00' });
    const filtered = (await t.call(s.admin, 'GET', `/v1/funds?year=2024&communityId=${other.community.id}`))
      .body;
    expect(filtered.items.map((i: Row) => [i.partyOrgId, i.balance])).toEqual([[second.id, '3000.00']]);
    const p1 = (await t.call(s.admin, 'GET', '/v1/funds?year=2025&limit=1')).body;
    const p2 = (await t.call(s.admin, 'GET', `/v1/funds?year=2025&limit=1&cursor=${p1.nextCursor}`)).body;
    expect([...p1.items, ...p2.items].map((i: Row) => i.partyOrgId).sort()).toEqual(
      [s.org.id, second.id].sort(),
    );
    expect(p2.nextCursor).toBeNull();
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const s = await setup();
    for (const [body, path] of [
      [{ year: 2025, entryDate: '2025-01-01', amountYuan: 10.001 }, 'body.amountYuan'],
      [{ year: 2025, entryDate: '2025-01-01', amountYuan: -5 }, 'body.amountYuan'],
      [{ year: 2025, entryDate: '2025-01-01', amountYuan: '12.345' }, 'body.amountYuan'],
      [{ year: 1999, entryDate: '2025-01-01' }, 'body.year'],
      [{ year: 2025, entryDate: '2025/01/01' }, 'body.entryDate'],
      [{ year: 2025, entryDate: '2025-01-01', overdraft: true }, 'body.overdraft'],
    ] as const)
      expect(
        expectProblem((await t.call(s.admin, 'POST', `${s.url}/grants`, body)).res, 400).errors?.[0].path,
      ).toBe(path);
    const { receiptRef: _r, ...noReceipt } = spendBody(1);
    for (const [body, path] of [
      [noReceipt, 'body.receiptRef'],
      [spendBody(0), 'body.amountYuan'],
      [spendBody(1, { override: { reason: '' } }), 'body.override.reason'],
      [spendBody(1, { purpose: '' }), 'body.purpose'],
    ] as const)
      expect(
        expectProblem((await t.call(s.admin, 'POST', `${s.url}/spend`, body)).res, 400).errors?.[0].path,
      ).toBe(path);
    expect(await count(t, s.tenantId, FundEntryEntity)).toBe(0);
    expectProblem((await t.call(s.admin, 'GET', `${s.url}?year=abc`)).res, 400);
  });
});

describe('fund scope and tenants', () => {
  it('lets the street grant, the branch secretary and community cadres spend; others read or nothing', async () => {
    const s = await setup();
    const other = await t.territory(s.admin);
    const otherOrg = await gridBranch(t, s.tenantId, other.grid, [other.compound]);

    const community = t.tokens.user(s.tenantId, ['community-cadre'], { communities: [s.community.id] });
    expectProblem(
      (await t.call(community, 'POST', `${s.url}/grants`, { year: 2025, entryDate: '2025-01-01' })).res,
      403,
    );
    const street = t.tokens.user(s.tenantId, ['street-cadre'], { streets: [s.street.id] });
    await t.call(street, 'POST', `${s.url}/grants`, { year: 2025, entryDate: '2025-01-01' }, 201);
    expectProblem(
      (
        await t.call(street, 'POST', `/v1/party-orgs/${otherOrg.id}/fund/grants`, {
          year: 2025,
          entryDate: '2025-01-01',
        })
      ).res,
      404,
    );

    const secretary = t.tokens.user(s.tenantId, ['branch-secretary'], { branches: [s.org.id] });
    const spent = await t.call(secretary, 'POST', `${s.url}/spend`, spendBody(100), 201);
    expect(spent.body.recordedBy).toBeTruthy();
    expectProblem(
      (await t.call(secretary, 'POST', `${s.url}/grants`, { year: 2026, entryDate: '2026-01-01' })).res,
      403,
    );
    expectProblem(
      (await t.call(secretary, 'POST', `/v1/party-orgs/${otherOrg.id}/fund/spend`, spendBody(1))).res,
      404,
    );
    expectProblem((await t.call(secretary, 'GET', `/v1/party-orgs/${otherOrg.id}/fund`)).res, 404);
    expect(
      (await t.call(secretary, 'GET', '/v1/funds?year=2025')).body.items.map((i: Row) => i.partyOrgId),
    ).toEqual([s.org.id]);
    await t.call(community, 'POST', `${s.url}/spend`, spendBody(50), 201);

    const gridWorker = t.tokens.user(s.tenantId, ['grid-worker'], { grids: [s.grid.id] });
    expect((await t.call(gridWorker, 'GET', `${s.url}?year=2025`)).body.totals.balance).toBe('2850.00');
    expectProblem((await t.call(gridWorker, 'POST', `${s.url}/spend`, spendBody(1))).res, 403);
    const viewer = t.tokens.user(s.tenantId, ['viewer']);
    expect((await t.call(viewer, 'GET', '/v1/funds?year=2025')).body.totals.branches).toBe(2);
    expectProblem((await t.call(viewer, 'POST', `${s.url}/spend`, spendBody(1))).res, 403);
    expectProblem(
      (await t.call(t.tokens.user(s.tenantId, ['volunteer']), 'GET', `${s.url}?year=2025`)).res,
      403,
    );
  });

  it("treats the other tenant's branches as unknown and changes nothing", async () => {
    const mine = await setup();
    const theirs = await setup();
    await t.call(theirs.admin, 'POST', `${theirs.url}/grants`, { year: 2025, entryDate: '2025-01-01' }, 201);
    for (const [m, u, p] of [
      ['POST', `${theirs.url}/grants`, { year: 2026, entryDate: '2026-01-01' }],
      ['POST', `${theirs.url}/spend`, spendBody(1, { override: { reason: '越权' } })],
      ['GET', `${theirs.url}?year=2025`, undefined],
    ] as const)
      expectProblem((await t.call(mine.admin, m, u, p)).res, 404);
    const list = (await t.call(mine.admin, 'GET', '/v1/funds?year=2025')).body;
    expect(list.items.map((i: Row) => i.partyOrgId)).toEqual([mine.org.id]);
    expect(list.totals.granted).toBe('0.00');
    const still = (await t.call(theirs.admin, 'GET', `${theirs.url}?year=2025`)).body;
    expect(still.items).toHaveLength(1);
    expect(still.totals.balance).toBe('3000.00');
    expect(await count(t, theirs.tenantId, FundEntryEntity)).toBe(1);
  });
});
