import { recordAudit } from '@hongfan/audit';
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
import {
  assertVisible,
  assertWritable,
  canRead,
  canWriteRoster,
  effectiveAuth,
  ROSTER_WRITE_ROLES,
  scoped,
} from '../../access.js';
import { CompoundEntity, HouseholdEntity } from '../territory/territory.entities.js';
import { MemberEntity, type Plaque, PlaqueEntity } from './member.entities.js';
import { plaqueCreate, plaqueListQuery, plaqueRemove, plaqueView } from './member.schemas.js';
import { placeNames, toPlaqueView } from './member.view.js';

const tags = ['plaques'];
const path = (p: Plaque) => ({
  streetId: p.streetId,
  communityId: p.communityId,
  gridId: p.gridId ?? null,
  compoundId: p.compoundId,
});
const view = async (em: EntityManager, plaques: Plaque[]) => {
  const names = await placeNames(em, {
    compoundIds: plaques.map((p) => p.compoundId),
    householdIds: plaques.map((p) => p.householdId),
  });
  return plaques.map((p) => toPlaqueView(p, names));
};
const audit = (em: EntityManager, req: FastifyRequest, action: string, p: Plaque, before?: object) =>
  recordAudit(em, req, {
    tenantId: p.tenantId,
    action: `plaques.${action}`,
    targetType: 'plaques',
    targetId: p.id,
    before,
    after: p,
  });

/** Member households' door plaques (共产党员户 / 共产党员光荣): which households have one, since when. */
export async function plaqueRoutes(app: Service) {
  app.post(
    '/v1/plaques',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Record a plaque hung on a member household’s door (one current plaque a household)',
        body: plaqueCreate,
        response: withProblems({ 201: plaqueView }),
      },
    },
    async (req, reply) => {
      const body = req.body;
      const plaque = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const household = await em.findOne(HouseholdEntity, { id: body.householdId });
        if (!household || household.archivedAt)
          throw errors.validation([{ path: 'body.householdId', message: 'no such household' }]);
        const compound = await em.findOneOrFail(CompoundEntity, { id: household.compoundId });
        const at = {
          streetId: household.streetId,
          communityId: household.communityId,
          gridId: compound.gridId,
          compoundId: household.compoundId,
        };
        assertWritable(auth, at, ROSTER_WRITE_ROLES, 'Household', household.id);
        const members = await em.count(MemberEntity, { householdId: household.id, archivedAt: null });
        if (!members)
          throw errors.unprocessable(
            'no_member',
            'No active Party member lives in this household; register the member first',
          );
        const current = await em.findOne(PlaqueEntity, { householdId: household.id, removedOn: null });
        if (current)
          throw errors.unprocessable(
            'plaque_current',
            `The household already has a plaque (${current.kind}, hung on ${current.hungOn}); remove it first`,
            { plaqueId: current.id },
          );
        const p = em.create(PlaqueEntity, {
          tenantId: auth.tenantId!,
          ...at,
          householdId: household.id,
          kind: body.kind,
          hungOn: body.hungOn,
          removedOn: null,
        });
        await em.flush();
        audit(em, req, 'hung', p);
        return (await view(em, [p]))[0];
      });
      return reply.status(201).send(plaque);
    },
  );

  app.get(
    '/v1/plaques',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List plaques (current ones unless includeRemoved), within your scope',
        querystring: plaqueListQuery,
        response: withProblems({ 200: pageOf(plaqueView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [scoped(auth)];
        for (const k of ['streetId', 'communityId', 'gridId', 'compoundId', 'householdId', 'kind'] as const)
          if (q[k] !== undefined) and.push({ [k]: q[k] });
        if (!q.includeRemoved) and.push({ removedOn: null });
        const cursor = decodeCursor(q.cursor);
        if (cursor)
          and.push(
            keysetAfter(
              q.sort,
              q.sort === 'createdAt' ? { ...cursor, v: new Date(String(cursor.v)) as never } : cursor,
            ),
          );
        const rows = await em.find(PlaqueEntity, { $and: and } as never, {
          orderBy: { [q.sort]: 'asc', id: 'asc' },
          limit: q.limit + 1,
        });
        const page = pageFrom(rows, q.limit, (r) =>
          q.sort === 'createdAt' ? r.createdAt.toISOString() : r.hungOn,
        );
        return { items: await view(em, page.items), nextCursor: page.nextCursor };
      }),
  );

  const load = async (em: EntityManager, req: FastifyRequest, id: string) => {
    const p = await em.findOne(PlaqueEntity, { id });
    if (!p) throw errors.notFound('Plaque', id);
    const auth = await effectiveAuth(em, req);
    assertVisible(auth, path(p), 'Plaque', id);
    return { p, auth };
  };

  app.get(
    '/v1/plaques/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a plaque',
        params: idParams,
        response: withProblems({ 200: plaqueView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { p } = await load(em, req, req.params.id);
        return (await view(em, [p]))[0];
      }),
  );

  app.post(
    '/v1/plaques/:id/remove',
    {
      onRequest: canWriteRoster,
      schema: {
        tags,
        summary: 'Record that a plaque was taken down',
        params: idParams,
        body: plaqueRemove,
        response: withProblems({ 200: plaqueView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { p, auth } = await load(em, req, req.params.id);
        assertWritable(auth, path(p), ROSTER_WRITE_ROLES, 'Plaque', p.id);
        if (p.removedOn)
          throw errors.unprocessable(
            'already_removed',
            `The plaque was already taken down on ${p.removedOn}`,
          );
        if (req.body.removedOn < p.hungOn)
          throw errors.validation([
            { path: 'body.removedOn', message: `may not be before it was hung (${p.hungOn})` },
          ]);
        const before = { ...p };
        p.removedOn = req.body.removedOn;
        await em.flush();
        audit(em, req, 'removed', p, before);
        return (await view(em, [p]))[0];
      }),
  );
}
