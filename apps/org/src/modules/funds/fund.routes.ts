import { guard, idParams, type Service, withProblems } from '@hongfan/service-kit';
import { canRead, canWriteRoster, effectiveAuth, scoped } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { dbPage, memoryPage, today } from '../committee/people-kit.js';
import { type PartyOrg, PartyOrgEntity } from '../party-orgs/party-org.entity.js';
import { loadBranch } from '../secretaries/branch.js';
import {
  entryView,
  fundsListQuery,
  fundsListView,
  grantBody,
  ledgerQuery,
  ledgerView,
  spendBody,
} from './fund.schemas.js';
import { GRANT_ROLES, grant, spend, sums, sumsByBranch, toEntryView, yearEntries } from './fund.service.js';
import { totalsOf } from './money.js';

const tags = ['funds'];
const canGrant = guard({ roles: GRANT_ROLES, scopes: ['org:write'] });
const thisYear = () => Number(today().slice(0, 4));

/** 网格党支部工作经费: yearly grants to grid branches, their spending, ledgers and balances. */
export async function fundRoutes(app: Service, deps: OrgDeps): Promise<void> {
  app.post(
    '/v1/party-orgs/:id/fund/grants',
    {
      onRequest: canGrant,
      schema: {
        tags,
        summary:
          "Record a grid branch's yearly working-fund grant (one per year; default from tenant settings)",
        params: idParams,
        body: grantBody,
        response: withProblems({ 201: entryView }),
      },
    },
    async (req, reply) => {
      const { entry, balanceAfterFen } = await req.tx(async (em) =>
        grant(em, req, deps.prefix, await loadBranch(em, req, req.params.id, ['grid-branch']), req.body),
      );
      return reply.status(201).send(toEntryView(entry, balanceAfterFen));
    },
  );

  app.post(
    '/v1/party-orgs/:id/fund/spend',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary:
          "Record spending from a grid branch's fund (422 insufficient_balance unless override.reason)",
        params: idParams,
        body: spendBody,
        response: withProblems({ 201: entryView }),
      },
    },
    async (req, reply) => {
      const { entry, balanceAfterFen } = await req.tx(async (em) =>
        spend(em, req, deps.prefix, await loadBranch(em, req, req.params.id, ['grid-branch']), req.body),
      );
      return reply.status(201).send(toEntryView(entry, balanceAfterFen));
    },
  );

  app.get(
    '/v1/party-orgs/:id/fund',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "A grid branch's ledger for a year, in recording order with the running balance, and totals",
        params: idParams,
        querystring: ledgerQuery,
        response: withProblems({ 200: ledgerView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const b = await loadBranch(em, req, req.params.id, ['grid-branch']);
        const year = req.query.year ?? thisYear();
        const entries = await yearEntries(em, b.org.id, year);
        let running = 0;
        const withBalance = entries.map((e) => {
          running += e.kind === 'grant' ? e.amountFen : -e.amountFen;
          return { id: e.id, e, after: running };
        });
        const page = memoryPage(withBalance, (x) => [x.e.createdAt.toISOString()], ['asc'], req.query);
        const s = sums(entries);
        return {
          partyOrgId: b.org.id,
          partyOrgName: b.org.name,
          year,
          totals: totalsOf(s.grantedFen, s.spentFen),
          items: page.items.map((x) => toEntryView(x.e, x.after)),
          nextCursor: page.nextCursor,
        };
      }),
  );

  app.get(
    '/v1/funds',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "Each grid branch's granted, spent and balance for a year, with the sum over all that match",
        querystring: fundsListQuery,
        response: withProblems({ 200: fundsListView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const year = q.year ?? thisYear();
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [
          { level: 'grid-branch' },
          scoped(auth, { streets: 'streetId', communities: 'communityId', grids: 'gridId', branches: 'id' }),
        ];
        for (const k of ['streetId', 'communityId', 'gridId'] as const) if (q[k]) and.push({ [k]: q[k] });
        if (!q.includeDissolved) and.push({ status: 'active' });
        const where = { $and: and };
        const page = await dbPage<PartyOrg>(em, PartyOrgEntity, where, q, { field: 'name', dir: 'asc' });
        const all = await em.find(PartyOrgEntity, where, { fields: ['id'] });
        const perBranch = await sumsByBranch(
          em,
          all.map((o) => o.id),
          year,
        );
        let grantedFen = 0;
        let spentFen = 0;
        for (const s of perBranch.values()) {
          grantedFen += s.grantedFen;
          spentFen += s.spentFen;
        }
        return {
          year,
          totals: { ...totalsOf(grantedFen, spentFen), branches: all.length },
          items: page.items.map((o) => {
            const s = perBranch.get(o.id) ?? { grantedFen: 0, spentFen: 0 };
            return {
              partyOrgId: o.id,
              name: o.name,
              status: o.status,
              streetId: o.streetId ?? null,
              communityId: o.communityId ?? null,
              gridId: o.gridId ?? null,
              hasGrant: s.grantedFen > 0,
              ...totalsOf(s.grantedFen, s.spentFen),
            };
          }),
          nextCursor: page.nextCursor,
        };
      }),
  );
}
