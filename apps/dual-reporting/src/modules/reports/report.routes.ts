import { inOrder } from '@hongfan/db';
import {
  decodeCursor,
  idParams,
  keysetAfter,
  pageFrom,
  pageOf,
  type Service,
  withProblems,
} from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canDecide, canRead, canReport, effectiveAuth } from '../../access.js';
import type { DualReportingDeps } from '../../deps.js';
import { REPORT_END_REASONS, REPORT_STATUS_NAMES } from '../../labels.js';
import { InServiceMemberEntity } from '../members/member.entity.js';
import { namesFor } from '../members/member.view.js';
import { type Report, ReportEntity, type ReportState } from './report.entity.js';
import { rejectBody, reportCreate, reportListQuery, reportView } from './report.schemas.js';
import { createReport, decideReport, loadReport, reportWhere, withdrawReport } from './report.service.js';

export async function reportViews(em: EntityManager, rows: Report[]) {
  const [names, members] = await inOrder(
    () =>
      namesFor(
        em,
        rows.map((r) => r.workUnitId),
        rows.map((r) => r.compoundId),
      ),
    () =>
      rows.length
        ? em.find(
            InServiceMemberEntity,
            { id: { $in: [...new Set(rows.map((r) => r.memberId))] } },
            {
              fields: ['name'],
            },
          )
        : [],
  );
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  return rows.map((r) => {
    const c = names.compounds.get(r.compoundId);
    return {
      id: r.id,
      memberId: r.memberId,
      memberName: memberNames.get(r.memberId) ?? '',
      workUnitId: r.workUnitId,
      workUnitName: names.units.get(r.workUnitId) ?? '',
      compoundId: r.compoundId,
      compoundName: c?.name ?? '',
      communityId: r.communityId,
      communityName: c?.communityName ?? '',
      streetId: r.streetId,
      address: r.address ?? null,
      status: r.status,
      statusName: REPORT_STATUS_NAMES[r.status as ReportState],
      reportedAt: r.reportedAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      confirmedAt: r.confirmedAt?.toISOString() ?? null,
      rejectReason: r.rejectReason ?? null,
      endedAt: r.endedAt?.toISOString() ?? null,
      endReason: r.endReason ?? null,
      endReasonName: r.endReason
        ? (REPORT_END_REASONS[r.endReason as keyof typeof REPORT_END_REASONS] ?? r.endReason)
        : null,
      previousReportId: r.previousReportId ?? null,
      version: r.version,
    };
  });
}
const one = async (em: EntityManager, r: Report) => (await reportViews(em, [r]))[0];

/** Reports (报到) of in-service members to compounds, and the branch's confirmation. */
export async function reportRoutes(app: Service, deps: DualReportingDeps) {
  const tags = ['reports'];

  app.post(
    '/v1/reports',
    {
      onRequest: canReport,
      schema: {
        tags,
        summary: 'Report a member to the compound where they live (moving house: report to the new one)',
        description:
          'Made by the member or their unit. An unknown compound is a 422 `unknown_compound`, an archived one a 422 `compound_archived`; a member with an open report elsewhere has it ended (reason `moved`), kept as history.',
        body: reportCreate,
        response: withProblems({ 201: reportView }),
      },
    },
    async (req, reply) => {
      const view = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        return one(em, await createReport(em, req, auth, deps.prefix, req.body));
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/reports',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List reports (history included), newest first; a branch sees the reports to its compounds',
        querystring: reportListQuery,
        response: withProblems({ 200: pageOf(reportView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [reportWhere(auth)];
        for (const k of [
          'status',
          'memberId',
          'workUnitId',
          'compoundId',
          'communityId',
          'streetId',
        ] as const)
          if (q[k]) and.push({ [k]: q[k] });
        const dir = q.sort === 'reportedAt' ? 'asc' : 'desc';
        const cursor = decodeCursor(q.cursor);
        if (cursor)
          and.push(keysetAfter('reportedAt', { ...cursor, v: new Date(String(cursor.v)) as never }, dir));
        const rows = await em.find(
          ReportEntity,
          { $and: and },
          {
            orderBy: { reportedAt: dir, id: dir },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) => r.reportedAt.toISOString());
        return { items: await reportViews(em, page.items), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/reports/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a report',
        params: idParams,
        response: withProblems({ 200: reportView }),
      },
    },
    async (req) =>
      req.tx(async (em) => one(em, await loadReport(em, await effectiveAuth(em, req), req.params.id))),
  );

  app.post(
    '/v1/reports/:id/confirm',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: "The compound's branch confirms the report",
        params: idParams,
        response: withProblems({ 200: reportView }),
      },
    },
    async (req) =>
      req.tx(async (em) =>
        one(
          em,
          await decideReport(em, req, await effectiveAuth(em, req), deps.prefix, req.params.id, {
            confirm: true,
          }),
        ),
      ),
  );

  app.post(
    '/v1/reports/:id/reject',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: "The compound's branch rejects the report, with a reason",
        params: idParams,
        body: rejectBody,
        response: withProblems({ 200: reportView }),
      },
    },
    async (req) =>
      req.tx(async (em) =>
        one(
          em,
          await decideReport(em, req, await effectiveAuth(em, req), deps.prefix, req.params.id, {
            confirm: false,
            reason: req.body.reason,
          }),
        ),
      ),
  );

  app.post(
    '/v1/reports/:id/withdraw',
    {
      onRequest: canReport,
      schema: {
        tags,
        summary: 'Withdraw an open report (the member or their unit)',
        params: idParams,
        response: withProblems({ 200: reportView }),
      },
    },
    async (req) =>
      req.tx(async (em) =>
        one(em, await withdrawReport(em, req, await effectiveAuth(em, req), req.params.id)),
      ),
  );
}
