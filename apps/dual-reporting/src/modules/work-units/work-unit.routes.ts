import { recordAudit } from '@hongfan/audit';
import { toCsv } from '@hongfan/csv';
import { escapeLike } from '@hongfan/db';
import { errors } from '@hongfan/errors';
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
  assertRosterReader,
  canAdminUnits,
  canRead,
  canWriteRoster,
  type DrAuth,
  effectiveAuth,
  isAdmin,
  unitWhere,
} from '../../access.js';
import { SCHEMA } from '../../events.js';
import { WORK_UNIT_KIND_NAMES, WORK_UNIT_STATUS_NAMES } from '../../labels.js';
import { rawQuery } from '../../sql.js';
import { FEEDBACK_CSV_COLUMNS, unitFeedback } from './feedback.service.js';
import { type WorkUnit, WorkUnitEntity } from './work-unit.entity.js';
import {
  feedbackQuery,
  feedbackView,
  UNIT_ADMIN_FIELDS,
  workUnitCreate,
  workUnitListQuery,
  workUnitUpdate,
  workUnitView,
} from './work-unit.schemas.js';

type Tally = { members: number; reported: number; pending: number };

async function tallies(em: EntityManager, tenantId: string, ids: string[]): Promise<Map<string, Tally>> {
  if (!ids.length) return new Map();
  const rows = await rawQuery<{ work_unit_id: string; members: number; confirmed: number; pending: number }>(
    em,
    `select work_unit_id, members, confirmed, pending from ${SCHEMA}.unit_tallies
      where tenant_id = ? and work_unit_id = any(?::uuid[])`,
    [tenantId, ids],
  );
  return new Map(
    rows.map((r) => [r.work_unit_id, { members: r.members, reported: r.confirmed, pending: r.pending }]),
  );
}

function toView(u: WorkUnit, t: Tally | undefined) {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind,
    kindName: WORK_UNIT_KIND_NAMES[u.kind],
    partyOrgName: u.partyOrgName,
    contactName: u.contactName ?? null,
    contactPhone: u.contactPhone ?? null,
    status: u.status,
    statusName: WORK_UNIT_STATUS_NAMES[u.status as 'active' | 'inactive'],
    members: t?.members ?? 0,
    reported: t?.reported ?? 0,
    pending: t?.pending ?? 0,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
    version: u.version,
  };
}

/** Loads a work unit the caller may see (else 404). */
export async function loadUnit(em: EntityManager, auth: DrAuth, id: string): Promise<WorkUnit> {
  const unit = await em.findOne(WorkUnitEntity, { $and: [{ id }, unitWhere(auth)] });
  if (!unit) throw errors.notFound('Work unit', id);
  return unit;
}

async function viewOf(em: EntityManager, u: WorkUnit) {
  return toView(u, (await tallies(em, u.tenantId, [u.id])).get(u.id));
}

/** Work units (机关/企业/事业单位): registration, contacts, status, and their quarterly feedback. */
export async function workUnitRoutes(app: Service) {
  const tags = ['work-units'];
  const audit = (em: EntityManager, req: FastifyRequest, action: string, row: WorkUnit, before?: object) =>
    recordAudit(em, req, {
      tenantId: row.tenantId,
      action,
      targetType: 'work-units',
      targetId: row.id,
      before,
      after: row,
    });

  app.post(
    '/v1/work-units',
    {
      onRequest: canAdminUnits,
      schema: {
        tags,
        summary: 'Register a work unit with its Party organisation',
        body: workUnitCreate,
        response: withProblems({ 201: workUnitView }),
      },
    },
    async (req, reply) => {
      const view = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const unit = em.create(WorkUnitEntity, { ...req.body, tenantId: auth.tenantId! });
        await em.flush();
        audit(em, req, 'work-units.created', unit);
        return toView(unit, undefined);
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/work-units',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List work units (a work-unit admin sees their own)',
        querystring: workUnitListQuery,
        response: withProblems({ 200: pageOf(workUnitView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [unitWhere(auth)];
        if (q.kind) and.push({ kind: q.kind });
        if (q.status) and.push({ status: q.status });
        if (q.q) and.push({ name: { $ilike: `%${escapeLike(q.q)}%` } });
        const cursor = decodeCursor(q.cursor);
        if (cursor)
          and.push(
            keysetAfter(
              q.sort,
              q.sort === 'createdAt' ? { ...cursor, v: new Date(String(cursor.v)) as never } : cursor,
            ),
          );
        const rows = await em.find(
          WorkUnitEntity,
          { $and: and },
          {
            orderBy: { [q.sort]: 'asc', id: 'asc' },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) =>
          q.sort === 'createdAt' ? r.createdAt.toISOString() : r.name,
        );
        const t = await tallies(
          em,
          auth.tenantId!,
          page.items.map((u) => u.id),
        );
        return { items: page.items.map((u) => toView(u, t.get(u.id))), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/work-units/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a work unit',
        params: idParams,
        response: withProblems({ 200: workUnitView }),
      },
    },
    async (req) =>
      req.tx(async (em) => viewOf(em, await loadUnit(em, await effectiveAuth(em, req), req.params.id))),
  );

  app.patch(
    '/v1/work-units/:id',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: "Change a work unit (its own admin: the Party organisation's name and the contact)",
        params: idParams,
        body: workUnitUpdate,
        response: withProblems({ 200: workUnitView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const unit = await loadUnit(em, auth, req.params.id);
        const body = req.body as Record<string, unknown>;
        if (Object.keys(body).length === 0)
          throw errors.validation([{ path: 'body', message: 'name at least one field to change' }]);
        if (!isAdmin(auth)) {
          if (!auth.scope.workUnits?.includes(unit.id))
            throw errors.forbidden("Only the unit's admin may change it");
          const denied = Object.keys(body).filter((k) => !UNIT_ADMIN_FIELDS.includes(k));
          if (denied.length)
            throw errors.forbidden(`Only the district may change ${denied.join(', ')} of a work unit`);
        }
        const before = { ...unit };
        Object.assign(unit, body);
        await em.flush();
        audit(em, req, 'work-units.updated', unit, before);
        return viewOf(em, unit);
      }),
  );

  for (const action of ['deactivate', 'reactivate'] as const)
    app.post(
      `/v1/work-units/:id/${action}`,
      {
        onRequest: canAdminUnits,
        schema: {
          tags,
          summary:
            action === 'deactivate'
              ? 'Deactivate a work unit (停用): its roster is kept, no new members or reports'
              : 'Reactivate a work unit',
          params: idParams,
          response: withProblems({ 200: workUnitView }),
        },
      },
      async (req) =>
        req.tx(async (em) => {
          const unit = await loadUnit(em, await effectiveAuth(em, req), req.params.id);
          const target = action === 'deactivate' ? 'inactive' : 'active';
          if (unit.status === target)
            throw errors.unprocessable(`already_${target}`, `The work unit is already ${target}`);
          const before = { ...unit };
          unit.status = target;
          await em.flush();
          audit(em, req, `work-units.${action}d`, unit, before);
          return viewOf(em, unit);
        }),
    );

  const feedbackSchema = {
    tags,
    params: idParams,
    querystring: feedbackQuery,
  };
  const loadFeedback = (
    req: FastifyRequest<{ Params: { id: string }; Querystring: z.infer<typeof feedbackQuery> }>,
  ) =>
    req.tx(async (em) => {
      const auth = await effectiveAuth(em, req);
      const unit = await loadUnit(em, auth, req.params.id);
      assertRosterReader(auth, unit.id);
      return unitFeedback(em, unit, req.query);
    });

  app.get(
    '/v1/work-units/:id/feedback',
    {
      onRequest: canRead,
      schema: {
        ...feedbackSchema,
        summary: 'Quarterly feedback to the unit: per member, reported or not, tasks, deeds, hours',
        response: withProblems({ 200: feedbackView }),
      },
    },
    async (req) => loadFeedback(req),
  );

  app.get(
    '/v1/work-units/:id/feedback.csv',
    {
      onRequest: canRead,
      schema: {
        ...feedbackSchema,
        summary: 'Quarterly feedback to the unit as CSV (UTF-8 with BOM, opens in Excel)',
        produces: ['text/csv'],
        response: withProblems({ 200: z.string().describe('CSV file') }),
      },
    },
    async (req, reply) => {
      const f = await loadFeedback(req);
      const csv = toCsv(f.members, FEEDBACK_CSV_COLUMNS);
      const file = `feedback-${f.period.year}Q${f.period.quarter}-${f.workUnit.id}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}"`)
        .send(Buffer.from(csv, 'utf8') as never);
    },
  );
}
