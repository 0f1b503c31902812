import { recordAudit } from '@hongfan/audit';
import { escapeLike, inOrder } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import { idParams, pageOf, type Service, scopeAllows, withProblems } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import {
  assertWritable,
  canRead,
  canWriteTree,
  effectiveAuth,
  type OrgAuth,
  scoped,
  TREE_WRITE_ROLES,
} from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { dbPage, memoryPage, rangeCheck, stamps } from '../committee/people-kit.js';
import { tenantSettings } from '../settings/settings.service.js';
import { CommunityEntity, type Grid, GridEntity, StreetEntity } from '../territory/territory.entities.js';
import {
  GRID_STAFF_ROLE_NAMES,
  GRID_STAFF_ROLES,
  type GridStaff,
  GridStaffEntity,
  type GridStaffRole,
} from './grid-staff.entity.js';
import {
  gridStaffAssign,
  gridStaffEnd,
  gridStaffingView,
  gridStaffListQuery,
  gridStaffUpdate,
  gridStaffView,
  staffingListQuery,
  staffingListView,
} from './grid-staff.schemas.js';

const WHAT = 'Grid staff';
const tags = ['grid-staff'];

export function toGridStaffView(r: GridStaff) {
  return {
    id: r.id,
    streetId: r.streetId,
    communityId: r.communityId,
    gridId: r.gridId,
    name: r.name,
    phone: r.phone ?? null,
    role: r.role,
    roleName: GRID_STAFF_ROLE_NAMES[r.role],
    startedOn: r.startedOn,
    endedOn: r.endedOn ?? null,
    current: !r.endedOn,
    ...stamps(r),
  };
}

/** Grid-level records may be read by callers scoped beneath the grid (its compounds), read only. */
const readable = (auth: OrgAuth, path: { streetId: string; communityId: string; gridId: string }) =>
  scopeAllows(auth, path) || auth.ancestors.grids.includes(path.gridId);

const gridsWhere = (auth: OrgAuth, field: 'id' | 'gridId') => {
  const inScope = scoped(auth, { streets: 'streetId', communities: 'communityId', grids: field });
  const above = auth.ancestors.grids;
  return above.length ? { $or: [inScope, { [field]: { $in: above } }] } : inScope;
};

/** Head counts of each grid's current staff, by role, against the tenant's range (default 5–10). */
async function staffing(em: EntityManager, grids: Grid[], range: { min: number; max: number }) {
  const staff = grids.length
    ? await em.find(
        GridStaffEntity,
        { gridId: { $in: grids.map((g) => g.id) }, endedOn: null },
        { fields: ['gridId', 'role'] },
      )
    : [];
  // Path names, so users who cannot read the territory tree still see where each grid is.
  const [streets, communities] = grids.length
    ? await inOrder(
        () =>
          em.find(StreetEntity, { id: { $in: grids.map((g) => g.streetId) } }, { fields: ['id', 'name'] }),
        () =>
          em.find(
            CommunityEntity,
            { id: { $in: grids.map((g) => g.communityId) } },
            { fields: ['id', 'name'] },
          ),
      )
    : [[], []];
  const name = new Map([...streets, ...communities].map((r) => [r.id, r.name]));
  return grids.map((g) => {
    const mine = staff.filter((s) => s.gridId === g.id);
    return {
      gridId: g.id,
      gridName: g.name,
      streetId: g.streetId,
      streetName: name.get(g.streetId) ?? null,
      communityId: g.communityId,
      communityName: name.get(g.communityId) ?? null,
      ...rangeCheck(mine.length, range, '网格力量'),
      byRole: GRID_STAFF_ROLES.map((role) => ({
        role,
        roleName: GRID_STAFF_ROLE_NAMES[role],
        count: mine.filter((s) => s.role === role).length,
      })),
    };
  });
}

/** 网格力量: the 5–10 people working each grid (liaison cadres, grid workers, police, urban management, …). */
export async function gridStaffRoutes(app: Service, _deps: OrgDeps): Promise<void> {
  const load = async (em: EntityManager, req: FastifyRequest, id: string, write: boolean) => {
    const auth = await effectiveAuth(em, req);
    const row = await em.findOne(GridStaffEntity, { id });
    if (!row || !readable(auth, row)) throw errors.notFound(WHAT, id);
    if (write) assertWritable(auth, row, TREE_WRITE_ROLES, WHAT, id);
    return row;
  };
  const audit = (
    em: EntityManager,
    req: FastifyRequest,
    action: string,
    row: GridStaff,
    before?: object,
    extra = {},
  ) =>
    recordAudit(em, req, {
      tenantId: row.tenantId,
      action: `grid-staff.${action}`,
      targetType: 'grid-staff',
      targetId: row.id,
      before,
      after: { ...row, ...extra },
    });
  const assertNotDuplicate = async (
    em: EntityManager,
    gridId: string,
    p: { name: string; phone?: string | null; role: GridStaffRole },
    except?: string,
  ) => {
    const same = await em.findOne(GridStaffEntity, {
      gridId,
      endedOn: null,
      ...(except ? { id: { $ne: except } } : {}),
      ...(p.phone ? { phone: p.phone } : { name: p.name, role: p.role }),
    });
    if (same)
      throw errors.conflict(`${same.name} already works this grid`, 'already_assigned', {
        gridStaffId: same.id,
      });
  };

  app.post(
    '/v1/grid-staff',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Assign a person to work a grid',
        body: gridStaffAssign,
        response: withProblems({ 201: gridStaffView }),
      },
    },
    async (req, reply) => {
      const row = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const body = req.body;
        const grid = await em.findOne(GridEntity, { id: body.gridId });
        if (!grid || grid.archivedAt)
          throw errors.validation([{ path: 'body.gridId', message: 'no such grid' }]);
        const path = { streetId: grid.streetId, communityId: grid.communityId, gridId: grid.id };
        assertWritable(auth, path, TREE_WRITE_ROLES, WHAT, 'new');
        await assertNotDuplicate(em, grid.id, body);
        const row = em.create(GridStaffEntity, {
          ...path,
          tenantId: auth.tenantId!,
          name: body.name,
          phone: body.phone ?? null,
          role: body.role,
          startedOn: body.startedOn,
        });
        await em.flush();
        audit(em, req, 'assigned', row);
        return row;
      });
      return reply.status(201).send(toGridStaffView(row));
    },
  );

  app.get(
    '/v1/grid-staff',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List grid staff (current ones unless includeEnded)',
        querystring: gridStaffListQuery,
        response: withProblems({ 200: pageOf(gridStaffView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [gridsWhere(auth, 'gridId')];
        for (const k of ['streetId', 'communityId', 'gridId', 'role'] as const)
          if (q[k] !== undefined) and.push({ [k]: q[k] });
        if (!q.includeEnded) and.push({ endedOn: null });
        if (q.q) and.push({ name: { $ilike: `%${escapeLike(q.q)}%` } });
        const page = await dbPage<GridStaff>(em, GridStaffEntity, { $and: and }, q, {
          field: q.sort,
          dir: q.order,
          timestamp: q.sort === 'createdAt',
        });
        return { items: page.items.map(toGridStaffView), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/grid-staff/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a grid staff assignment',
        params: idParams,
        response: withProblems({ 200: gridStaffView }),
      },
    },
    async (req) => req.tx(async (em) => toGridStaffView(await load(em, req, req.params.id, false))),
  );

  app.patch(
    '/v1/grid-staff/:id',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: "Correct a grid staff member's name, phone or role",
        params: idParams,
        body: gridStaffUpdate,
        response: withProblems({ 200: gridStaffView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const body = req.body;
        if (Object.keys(body).length === 0)
          throw errors.validation([{ path: 'body', message: 'name at least one field to change' }]);
        const row = await load(em, req, req.params.id, true);
        if (row.endedOn)
          throw errors.unprocessable('ended', `${row.name} stopped working the grid on ${row.endedOn}`);
        const before = { ...row };
        Object.assign(row, body);
        await assertNotDuplicate(em, row.gridId, row, row.id);
        await em.flush();
        audit(em, req, 'updated', row, before);
        return toGridStaffView(row);
      }),
  );

  app.post(
    '/v1/grid-staff/:id/end',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Record that a person stopped working the grid (kept for history)',
        params: idParams,
        body: gridStaffEnd,
        response: withProblems({ 200: gridStaffView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const row = await load(em, req, req.params.id, true);
        if (row.endedOn)
          throw errors.unprocessable('already_ended', `${row.name} already left on ${row.endedOn}`);
        if (req.body.endedOn < row.startedOn)
          throw errors.validation([{ path: 'body.endedOn', message: `must not be before ${row.startedOn}` }]);
        const before = { ...row };
        row.endedOn = req.body.endedOn;
        await em.flush();
        audit(em, req, 'ended', row, before, { reason: req.body.reason ?? null });
        return toGridStaffView(row);
      }),
  );

  app.get(
    '/v1/grids/:id/staffing',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "A grid's current staff count by role, against the tenant's range (default 5–10)",
        params: idParams,
        response: withProblems({ 200: gridStaffingView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const grid = await em.findOne(GridEntity, { id: req.params.id });
        if (
          !grid ||
          !readable(auth, { streetId: grid.streetId, communityId: grid.communityId, gridId: grid.id })
        )
          throw errors.notFound('Grid', req.params.id);
        const { gridStaff } = await tenantSettings(em, auth.tenantId!);
        return (await staffing(em, [grid], gridStaff))[0];
      }),
  );

  app.get(
    '/v1/grid-staffing',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Staffing of every live grid in your scope (filter by street, community, status)',
        querystring: staffingListQuery,
        response: withProblems({ 200: staffingListView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [gridsWhere(auth, 'id'), { archivedAt: null }];
        if (q.streetId) and.push({ streetId: q.streetId });
        if (q.communityId) and.push({ communityId: q.communityId });
        const grids = await em.find(GridEntity, { $and: and });
        const { gridStaff } = await tenantSettings(em, auth.tenantId!);
        const all = (await staffing(em, grids, gridStaff)).map((s) => ({ ...s, id: s.gridId }));
        const summary = {
          grids: all.length,
          ok: all.filter((s) => s.status === 'ok').length,
          tooFew: all.filter((s) => s.status === 'too-few').length,
          tooMany: all.filter((s) => s.status === 'too-many').length,
        };
        const page = memoryPage(
          all.filter((s) => !q.status || s.status === q.status),
          (s) => [s.gridName],
          ['asc'],
          q,
        );
        return {
          range: { min: gridStaff.min, max: gridStaff.max },
          summary,
          items: page.items.map(({ id: _id, ...s }) => s),
          nextCursor: page.nextCursor,
        };
      }),
  );
}
