import { recordAudit } from '@hongfan/audit';
import { fundEntryRecorded } from '@hongfan/contracts';
import { errors } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { ROSTER_WRITE_ROLES } from '../../access.js';
import { publish, SCHEMA } from '../../events.js';
import { assertActive, assertRole, type LoadedOrg } from '../secretaries/branch.js';
import { tenantSettings } from '../settings/settings.service.js';
import { FUND_KIND_NAMES } from './fund.schemas.js';
import { type FundEntry, FundEntryEntity } from './fund-entry.entity.js';
import { fenToYuan, toFen } from './money.js';

/*
 * 网格党支部工作经费: each grid branch gets one grant a year (default 3,000 yuan, paid by the street
 * Party working committee out of the community's fund for serving the masses) and records its
 * spending against it. Amounts are integer fen. Spending that would take the year's balance below
 * zero is refused unless an override reason is given; then it is kept as an overdraft, audited.
 * Writes lock the branch row so two concurrent spends cannot both pass the balance check.
 */

/** The street pays the grant: district admins and street cadres record it. */
export const GRANT_ROLES = ['tenant-admin', 'street-cadre'];
/** Spending is recorded by the branch's cadres and its secretary. */
export const SPEND_ROLES = ROSTER_WRITE_ROLES;

export async function yearEntries(em: EntityManager, partyOrgId: string, year: number) {
  return em.find(FundEntryEntity, { partyOrgId, year }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

export function sums(entries: Pick<FundEntry, 'kind' | 'amountFen'>[]) {
  let grantedFen = 0;
  let spentFen = 0;
  for (const e of entries) {
    if (e.kind === 'grant') grantedFen += e.amountFen;
    else spentFen += e.amountFen;
  }
  return { grantedFen, spentFen };
}

/** Granted and spent per branch for a year, summed by the database. */
export async function sumsByBranch(em: EntityManager, partyOrgIds: string[], year: number) {
  const out = new Map<string, { grantedFen: number; spentFen: number }>();
  if (!partyOrgIds.length) return out;
  const rows: Array<{ party_org_id: string; kind: string; total: string }> = await em.execute(
    `select party_org_id, kind, sum(amount_fen)::bigint as total from ${SCHEMA}.fund_entries
      where year = ? and party_org_id = any(?::uuid[]) group by party_org_id, kind`,
    [year, `{${partyOrgIds.join(',')}}`],
  );
  for (const r of rows) {
    const s = out.get(r.party_org_id) ?? { grantedFen: 0, spentFen: 0 };
    if (r.kind === 'grant') s.grantedFen += Number(r.total);
    else s.spentFen += Number(r.total);
    out.set(r.party_org_id, s);
  }
  return out;
}

/** Serialises writes to one branch's ledger (em.lock ignores the schema in MikroORM 6.6, hence SQL). */
async function lockBranch(em: EntityManager, b: LoadedOrg) {
  await em.execute(`select id from ${SCHEMA}.party_orgs where id = ? for update`, [b.org.id]);
}

const recorder = (b: LoadedOrg) => b.auth.name ?? b.auth.subject;

async function record(
  em: EntityManager,
  req: FastifyRequest,
  prefix: string,
  b: LoadedOrg,
  data: Omit<
    FundEntry,
    'id' | 'createdAt' | 'updatedAt' | 'version' | 'tenantId' | 'partyOrgId' | 'recordedBy'
  >,
  action: string,
) {
  const entry = em.create(FundEntryEntity, {
    ...data,
    tenantId: b.org.tenantId,
    partyOrgId: b.org.id,
    streetId: b.org.streetId ?? null,
    communityId: b.org.communityId ?? null,
    gridId: b.org.gridId ?? null,
    recordedBy: recorder(b),
  });
  await em.flush();
  recordAudit(em, req, {
    tenantId: entry.tenantId,
    action: `fund-entries.${action}`,
    targetType: 'fund-entries',
    targetId: entry.id,
    after: entry,
  });
  await publish(em, { prefix, req }, fundEntryRecorded, entry.tenantId, {
    entryId: entry.id,
    partyOrgId: entry.partyOrgId,
    year: entry.year,
    kind: entry.kind,
    amountFen: entry.amountFen,
    overdraft: entry.overdraft,
  });
  return entry;
}

export async function grant(
  em: EntityManager,
  req: FastifyRequest,
  prefix: string,
  b: LoadedOrg,
  body: { year: number; amountYuan?: number | string; entryDate: string; purpose: string },
) {
  assertRole(b.auth, GRANT_ROLES, 'fund grant');
  assertActive(b.org);
  await lockBranch(em, b);
  const existing = await em.findOne(FundEntryEntity, {
    partyOrgId: b.org.id,
    year: body.year,
    kind: 'grant',
  });
  if (existing)
    throw errors.conflict(`${b.org.name} already received its ${body.year} grant`, 'grant_exists', {
      entryId: existing.id,
    });
  const amountFen =
    body.amountYuan !== undefined
      ? toFen(body.amountYuan)
      : Math.round((await tenantSettings(em, b.org.tenantId)).gridBranchAnnualFundYuan * 100);
  if (amountFen <= 0)
    throw errors.unprocessable(
      'no_grant_amount',
      "The tenant's annual grid-branch fund is 0; give amountYuan",
    );
  const entry = await record(
    em,
    req,
    prefix,
    b,
    {
      year: body.year,
      kind: 'grant',
      amountFen,
      purpose: body.purpose,
      entryDate: body.entryDate,
      receiptRef: null,
      overdraft: false,
      overrideReason: null,
    },
    'granted',
  );
  const after = sums(await yearEntries(em, b.org.id, body.year));
  return { entry, balanceAfterFen: after.grantedFen - after.spentFen };
}

export async function spend(
  em: EntityManager,
  req: FastifyRequest,
  prefix: string,
  b: LoadedOrg,
  body: {
    year: number;
    amountYuan: number | string;
    purpose: string;
    entryDate: string;
    receiptRef: string;
    override?: { reason: string };
  },
) {
  assertRole(b.auth, SPEND_ROLES, 'fund ledger');
  assertActive(b.org);
  await lockBranch(em, b);
  const { grantedFen, spentFen } = sums(await yearEntries(em, b.org.id, body.year));
  const balanceFen = grantedFen - spentFen;
  const amountFen = toFen(body.amountYuan);
  const overdraft = amountFen > balanceFen;
  if (overdraft && !body.override) {
    const shortfallFen = amountFen - balanceFen;
    throw errors.unprocessable(
      'insufficient_balance',
      `Spending ${fenToYuan(amountFen)} yuan would take ${b.org.name}'s ${body.year} balance of ${fenToYuan(balanceFen)} yuan below zero by ${fenToYuan(shortfallFen)} yuan; give override.reason to record it as an overdraft`,
      {
        year: body.year,
        balance: fenToYuan(balanceFen),
        shortfall: fenToYuan(shortfallFen),
        balanceFen,
        shortfallFen,
      },
    );
  }
  const entry = await record(
    em,
    req,
    prefix,
    b,
    {
      year: body.year,
      kind: 'spend',
      amountFen,
      purpose: body.purpose,
      entryDate: body.entryDate,
      receiptRef: body.receiptRef,
      overdraft,
      overrideReason: overdraft ? body.override!.reason : null,
    },
    overdraft ? 'overdrawn' : 'spent',
  );
  return { entry, balanceAfterFen: balanceFen - amountFen };
}

export function toEntryView(e: FundEntry, balanceAfterFen: number) {
  return {
    id: e.id,
    partyOrgId: e.partyOrgId,
    streetId: e.streetId ?? null,
    communityId: e.communityId ?? null,
    gridId: e.gridId ?? null,
    year: e.year,
    kind: e.kind,
    kindName: FUND_KIND_NAMES[e.kind],
    amountYuan: fenToYuan(e.amountFen),
    amountFen: e.amountFen,
    purpose: e.purpose,
    entryDate: e.entryDate,
    receiptRef: e.receiptRef ?? null,
    overdraft: e.overdraft,
    overrideReason: e.overrideReason ?? null,
    recordedBy: e.recordedBy,
    balanceAfter: fenToYuan(balanceAfterFen),
    balanceAfterFen,
    createdAt: e.createdAt.toISOString(),
  };
}
