import { Readable } from 'node:stream';
import { recordAudit } from '@hongfan/audit';
import { toCsv } from '@hongfan/csv';
import { escapeLike } from '@hongfan/db';
import { AppError, errors } from '@hongfan/errors';
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
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  assertRosterWriter,
  canRead,
  canSelf,
  canWriteRoster,
  type DrAuth,
  effectiveAuth,
  memberWhere,
} from '../../access.js';
import type { DualReportingDeps } from '../../deps.js';
import { clearPlace, endOpenReport } from '../reports/report.service.js';
import { loadUnit } from '../work-units/work-unit.routes.js';
import { type InServiceMember, InServiceMemberEntity } from './member.entity.js';
import {
  archiveBody,
  importQuery,
  importSummary,
  type MemberListQuery,
  memberCreate,
  memberExportQuery,
  memberListQuery,
  memberUpdate,
  memberView,
  selfUpdate,
} from './member.schemas.js';
import { memberViews, type toMemberView } from './member.view.js';
import { importMembers, MEMBER_COLUMNS } from './member-import.js';

export async function loadMember(em: EntityManager, auth: DrAuth, id: string): Promise<InServiceMember> {
  const m = await em.findOne(InServiceMemberEntity, { $and: [{ id }, memberWhere(auth)] });
  if (!m) throw errors.notFound('In-service member', id);
  return m;
}

const one = async (em: EntityManager, m: InServiceMember) => (await memberViews(em, [m]))[0];

/** The list filters, shared by the list and the export. */
function filters(q: Omit<MemberListQuery, 'limit' | 'cursor' | 'sort'>): Record<string, unknown>[] {
  const and: Record<string, unknown>[] = [];
  for (const k of ['workUnitId', 'compoundId', 'communityId', 'streetId', 'reportStatus'] as const)
    if (q[k]) and.push({ [k]: q[k] });
  if (!q.includeArchived) and.push({ archivedAt: null });
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    and.push({ $or: [{ name: { $ilike: like } }, { phone: { $like: like } }] });
  }
  return and;
}

function selfOf(auth: DrAuth): InServiceMember {
  if (!auth.self)
    throw errors.notFound(
      'In-service member record linked to your account (ask your unit to set its userId)',
    );
  return auth.self;
}

/** The export's columns: the import's, plus where the member reported and how that stands. */
const EXPORT_COLUMNS: { header: string; value: (m: ReturnType<typeof toMemberView>) => unknown }[] = [
  { header: '单位', value: (m) => m.workUnitName },
  { header: '姓名', value: (m) => m.name },
  { header: '手机号', value: (m) => m.phone },
  { header: '性别', value: (m) => m.genderName },
  { header: '党员类别', value: (m) => (m.partyStatus === 'full' ? '正式' : '预备') },
  { header: '职务', value: (m) => m.position },
  { header: '特长', value: (m) => m.skills },
  { header: '社区', value: (m) => m.communityName },
  { header: '小区', value: (m) => m.compoundName },
  { header: '报到状态', value: (m) => m.reportStatusName },
  { header: '已离开本单位', value: (m) => m.archived },
];

/** In-service members (在职党员): the unit's roster, CSV import and export, and the member's own record. */
export async function memberRoutes(app: Service, deps: DualReportingDeps) {
  const tags = ['in-service-members'];
  const audit = (
    em: EntityManager,
    req: FastifyRequest,
    action: string,
    m: InServiceMember,
    before?: object,
  ) =>
    recordAudit(em, req, {
      tenantId: m.tenantId,
      action,
      targetType: 'in-service-members',
      targetId: m.id,
      before,
      after: m,
    });

  app.post(
    '/v1/in-service-members',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: "Add a member to a unit's roster",
        body: memberCreate,
        response: withProblems({ 201: memberView }),
      },
    },
    async (req, reply) => {
      const view = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const unit = await loadUnit(em, auth, req.body.workUnitId).catch((err) => {
          // A unit the caller cannot see is, to them, no unit at all.
          if (err instanceof AppError && err.status === 404)
            throw errors.validation([{ path: 'body.workUnitId', message: 'no such work unit' }]);
          throw err;
        });
        assertRosterWriter(auth, unit.id, 'roster');
        if (unit.status !== 'active')
          throw errors.unprocessable('unit_inactive', 'The work unit is inactive; it takes no new members');
        const m = em.create(InServiceMemberEntity, { ...req.body, tenantId: unit.tenantId });
        await em.flush();
        audit(em, req, 'in-service-members.created', m);
        return one(em, m);
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/in-service-members',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List members within your scope (a unit its roster, a branch those reported to it)',
        querystring: memberListQuery,
        response: withProblems({ 200: pageOf(memberView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and = [memberWhere(auth), ...filters(q)];
        const cursor = decodeCursor(q.cursor);
        if (cursor)
          and.push(
            keysetAfter(
              q.sort,
              q.sort === 'createdAt' ? { ...cursor, v: new Date(String(cursor.v)) as never } : cursor,
            ),
          );
        const rows = await em.find(
          InServiceMemberEntity,
          { $and: and },
          {
            orderBy: { [q.sort]: 'asc', id: 'asc' },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) =>
          q.sort === 'createdAt' ? r.createdAt.toISOString() : r.name,
        );
        return { items: await memberViews(em, page.items), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/in-service-members/export.csv',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Export the members within your scope as CSV (streamed; the list filters apply)',
        querystring: memberExportQuery,
        produces: ['text/csv'],
        response: withProblems({ 200: z.string().describe('CSV file') }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const chunk = 1000;
      // Page by page, each in its own short transaction: memory stays flat however large the export.
      async function* lines() {
        let after: { workUnitId: string; name: string; id: string } | null = null;
        let first = true;
        for (;;) {
          const { csv, last, done } = await req.tx(async (em) => {
            const auth = await effectiveAuth(em, req);
            const and = [memberWhere(auth), ...filters(q)];
            if (after)
              and.push({
                $or: [
                  { workUnitId: { $gt: after.workUnitId } },
                  { workUnitId: after.workUnitId, name: { $gt: after.name } },
                  { workUnitId: after.workUnitId, name: after.name, id: { $gt: after.id } },
                ],
              });
            const rows = await em.find(
              InServiceMemberEntity,
              { $and: and },
              {
                orderBy: { workUnitId: 'asc', name: 'asc', id: 'asc' },
                limit: chunk,
              },
            );
            const text = toCsv(await memberViews(em, rows), EXPORT_COLUMNS);
            return {
              csv: first ? text : text.slice(text.indexOf('\n') + 1),
              last: rows[rows.length - 1],
              done: rows.length < chunk,
            };
          });
          first = false;
          yield csv;
          if (done || !last) return;
          after = { workUnitId: last.workUnitId, name: last.name, id: last.id };
        }
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="in-service-members.csv"')
        .send(Readable.from(lines()) as never);
    },
  );

  app.post(
    '/v1/in-service-members/import',
    {
      onRequest: canWriteRoster,
      bodyLimit: deps.importMaxBytes,
      schema: {
        tags,
        summary: "Import a unit's roster from CSV; all rows or none",
        description: `text/csv, UTF-8, header row with ${Object.values(MEMBER_COLUMNS)
          .map((n) => n.join('/'))
          .join(
            ', ',
          )}; only 姓名 and 手机号 are required. Rows naming a compound (小区, and 社区 when names repeat) also report the member to it (pending). Every bad row is reported (\`errors[].path\` = \`rows.<line>.<column>\`) and nothing is written. At most ${deps.importMaxRows} rows a file: import a large roster in several files.`,
        querystring: importQuery,
        consumes: ['text/csv'],
        body: z.string().describe('the CSV file'),
        response: withProblems({ 201: importSummary }),
      },
    },
    async (req, reply) => {
      const result = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const unit = await loadUnit(em, auth, req.query.workUnitId);
        assertRosterWriter(auth, unit.id, 'roster');
        if (unit.status !== 'active')
          throw errors.unprocessable('unit_inactive', 'The work unit is inactive; it takes no new members');
        return importMembers(em, req, unit, req.body, { prefix: deps.prefix, maxRows: deps.importMaxRows });
      });
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/v1/in-service-members/me',
    {
      onRequest: canSelf,
      schema: {
        tags,
        summary: 'Your own record (in-service members; linked by your account id)',
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) => req.tx(async (em) => one(em, selfOf(await effectiveAuth(em, req)))),
  );

  app.patch(
    '/v1/in-service-members/me',
    {
      onRequest: canSelf,
      schema: {
        tags,
        summary: 'Update your own phone, position and skills',
        body: selfUpdate,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const m = selfOf(await effectiveAuth(em, req));
        if (Object.keys(req.body).length === 0)
          throw errors.validation([{ path: 'body', message: 'name at least one field to change' }]);
        const before = { ...m };
        Object.assign(m, req.body);
        await em.flush();
        audit(em, req, 'in-service-members.self-updated', m, before);
        return one(em, m);
      }),
  );

  app.get(
    '/v1/in-service-members/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a member',
        params: idParams,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) =>
      req.tx(async (em) => one(em, await loadMember(em, await effectiveAuth(em, req), req.params.id))),
  );

  app.patch(
    '/v1/in-service-members/:id',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: "Change a member's record",
        params: idParams,
        body: memberUpdate,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const m = await loadMember(em, auth, req.params.id);
        assertRosterWriter(auth, m.workUnitId);
        if (m.archivedAt) throw errors.unprocessable('archived', 'The member has left the roster');
        if (Object.keys(req.body).length === 0)
          throw errors.validation([{ path: 'body', message: 'name at least one field to change' }]);
        const before = { ...m };
        Object.assign(m, req.body);
        await em.flush();
        audit(em, req, 'in-service-members.updated', m, before);
        return one(em, m);
      }),
  );

  app.post(
    '/v1/in-service-members/:id/archive',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Take a member off the roster (left the unit); their open report ends, history stays',
        params: idParams,
        body: archiveBody,
        response: withProblems({ 200: memberView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const m = await loadMember(em, auth, req.params.id);
        assertRosterWriter(auth, m.workUnitId);
        if (m.archivedAt)
          throw errors.unprocessable('already_archived', 'The member has already left the roster');
        const before = { ...m };
        await endOpenReport(em, m, 'left');
        clearPlace(m, 'none');
        m.currentReportId = null;
        m.archivedAt = new Date();
        m.archiveReason = req.body.reason;
        await em.flush();
        audit(em, req, 'in-service-members.archived', m, before);
        return one(em, m);
      }),
  );
}
