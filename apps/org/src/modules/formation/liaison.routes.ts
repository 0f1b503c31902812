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
  canWriteTree,
  effectiveAuth,
  type OrgAuth,
  scoped,
  TREE_WRITE_ROLES,
} from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { CommitteeMemberEntity } from '../committee/committee-member.entity.js';
import { today } from '../party-orgs/party-org.schemas.js';
import { CompoundEntity } from '../territory/territory.entities.js';
import { CADRE_KIND_NAMES } from './formation.rules.js';
import { liaisonCreate, liaisonEnd, liaisonListQuery, liaisonView } from './formation.schemas.js';
import { type LiaisonAssignment, LiaisonAssignmentEntity } from './liaison-assignment.entity.js';

const tags = ['liaisons'];

function toView(l: LiaisonAssignment) {
  return {
    id: l.id,
    streetId: l.streetId,
    communityId: l.communityId,
    compoundId: l.compoundId,
    cadreKind: l.cadreKind,
    cadreKindName: CADRE_KIND_NAMES[l.cadreKind],
    cadreName: l.cadreName,
    cadrePhone: l.cadrePhone ?? null,
    committeeMemberId: l.committeeMemberId ?? null,
    startedOn: l.startedOn,
    endedOn: l.endedOn ?? null,
    endReason: l.endReason ?? null,
    current: !l.endedOn,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
    version: l.version,
  };
}

/** Liaison rows carry street, community and compound; a grid scope is resolved to its compounds. */
async function listScope(em: EntityManager, auth: OrgAuth) {
  let compounds = auth.scope.compounds ?? [];
  if (auth.scope.grids?.length) {
    const inGrids = await em.find(CompoundEntity, { gridId: { $in: auth.scope.grids } }, { fields: ['id'] });
    compounds = [...compounds, ...inGrids.map((c) => c.id)];
  }
  return scoped(
    { ...auth, scope: { ...auth.scope, compounds } },
    { streets: 'streetId', communities: 'communityId', compounds: 'compoundId' },
  );
}

/** Loads an assignment the caller may see, with its compound (for the grid in its path). */
async function load(em: EntityManager, req: FastifyRequest, id: string) {
  const liaison = await em.findOne(LiaisonAssignmentEntity, { id });
  if (!liaison) throw errors.notFound('Liaison assignment', id);
  const compound = await em.findOneOrFail(CompoundEntity, { id: liaison.compoundId });
  const auth = await effectiveAuth(em, req);
  const path = {
    streetId: liaison.streetId,
    communityId: liaison.communityId,
    gridId: compound.gridId,
    compoundId: liaison.compoundId,
  };
  assertVisible(auth, path, 'Liaison assignment', id);
  return { liaison, auth, path };
}

/**
 * 联系包保: a street cadre or a community two-committee member assigned to a compound (weak-base
 * compounds need one; the formation view warns while they have none). One current assignment per
 * compound; ending one keeps it as history.
 */
export async function liaisonRoutes(app: Service, _deps: OrgDeps): Promise<void> {
  app.post(
    '/v1/liaisons',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Assign a liaison cadre (联系包保) to a compound',
        description:
          'cadreKind street-cadre (街道干部) or community-committee (社区"两委"成员; committeeMemberId, if given, must be a current member of the compound’s community who sinks into compounds, not one staying at the service window). One current liaison per compound (409 liaison_exists).',
        body: liaisonCreate,
        response: withProblems({ 201: liaisonView }),
      },
    },
    async (req, reply) => {
      const body = req.body;
      const view = await req.tx(async (em) => {
        const compound = await em.findOne(CompoundEntity, { id: body.compoundId, archivedAt: null });
        if (!compound)
          throw errors.validation([{ path: 'body.compoundId', message: 'no such active compound' }]);
        const auth = await effectiveAuth(em, req);
        assertWritable(
          auth,
          {
            streetId: compound.streetId,
            communityId: compound.communityId,
            gridId: compound.gridId,
            compoundId: compound.id,
          },
          TREE_WRITE_ROLES,
          'Compound',
          compound.id,
        );
        if (body.startedOn > today())
          throw errors.validation([{ path: 'body.startedOn', message: 'must not be in the future' }]);
        if (body.committeeMemberId) {
          if (body.cadreKind !== 'community-committee')
            throw errors.validation([
              {
                path: 'body.committeeMemberId',
                message: 'only a community-committee liaison names a committee member',
              },
            ]);
          const cm = await em.findOne(CommitteeMemberEntity, { id: body.committeeMemberId });
          if (!cm || cm.endedOn || cm.communityId !== compound.communityId)
            throw errors.validation([
              {
                path: 'body.committeeMemberId',
                message: "must be a current two-committee member of the compound's community",
              },
            ]);
          if (cm.atWindow)
            throw errors.unprocessable(
              'at_window',
              `${cm.name} stays at the community service window; choose a committee member who sinks into compounds`,
            );
        }
        const current = await em.findOne(LiaisonAssignmentEntity, { compoundId: compound.id, endedOn: null });
        if (current)
          throw errors.conflict(
            `${compound.name} already has a liaison cadre (${current.cadreName}); end that assignment first`,
            'liaison_exists',
            { existingId: current.id },
          );
        const liaison = em.create(LiaisonAssignmentEntity, {
          tenantId: compound.tenantId,
          streetId: compound.streetId,
          communityId: compound.communityId,
          compoundId: compound.id,
          cadreKind: body.cadreKind,
          cadreName: body.cadreName,
          cadrePhone: body.cadrePhone ?? null,
          committeeMemberId: body.committeeMemberId ?? null,
          startedOn: body.startedOn,
        });
        await em.flush();
        recordAudit(em, req, {
          tenantId: compound.tenantId,
          action: 'liaisons.assigned',
          targetType: 'liaisons',
          targetId: liaison.id,
          after: liaison,
        });
        return toView(liaison);
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/liaisons',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List liaison assignments (current only unless includeEnded), within your scope',
        querystring: liaisonListQuery,
        response: withProblems({ 200: pageOf(liaisonView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [await listScope(em, auth)];
        if (!q.includeEnded) and.push({ endedOn: null });
        if (q.compoundId) and.push({ compoundId: q.compoundId });
        if (q.streetId) and.push({ streetId: q.streetId });
        if (q.communityId) and.push({ communityId: q.communityId });
        if (q.cadreKind) and.push({ cadreKind: q.cadreKind });
        if (q.gridId) {
          const inGrid = await em.find(CompoundEntity, { gridId: q.gridId }, { fields: ['id'] });
          and.push({ compoundId: { $in: inGrid.map((c) => c.id) } });
        }
        const cursor = decodeCursor(q.cursor);
        const field = q.sort;
        if (cursor)
          and.push(
            keysetAfter(
              field,
              field === 'createdAt' ? { ...cursor, v: new Date(String(cursor.v)) as never } : cursor,
            ),
          );
        const rows = await em.find(LiaisonAssignmentEntity, { $and: and } as never, {
          orderBy: { [field]: 'asc', id: 'asc' } as never,
          limit: q.limit + 1,
        });
        const page = pageFrom(rows, q.limit, (r) =>
          field === 'createdAt' ? r.createdAt.toISOString() : r.startedOn,
        );
        return { items: page.items.map(toView), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/liaisons/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a liaison assignment',
        params: idParams,
        response: withProblems({ 200: liaisonView }),
      },
    },
    async (req) => req.tx(async (em) => toView((await load(em, req, req.params.id)).liaison)),
  );

  app.post(
    '/v1/liaisons/:id/end',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'End a liaison assignment (kept as history)',
        params: idParams,
        body: liaisonEnd,
        response: withProblems({ 200: liaisonView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { liaison, auth, path } = await load(em, req, req.params.id);
        assertWritable(auth, path, TREE_WRITE_ROLES, 'Liaison assignment', liaison.id);
        if (liaison.endedOn)
          throw errors.unprocessable('already_ended', `The assignment ended on ${liaison.endedOn}`);
        if (req.body.endedOn < liaison.startedOn)
          throw errors.validation([
            { path: 'body.endedOn', message: `must not be before it started (${liaison.startedOn})` },
          ]);
        if (req.body.endedOn > today())
          throw errors.validation([{ path: 'body.endedOn', message: 'must not be in the future' }]);
        const before = { ...liaison };
        liaison.endedOn = req.body.endedOn;
        liaison.endReason = req.body.reason;
        await em.flush();
        recordAudit(em, req, {
          tenantId: liaison.tenantId,
          action: 'liaisons.ended',
          targetType: 'liaisons',
          targetId: liaison.id,
          before,
          after: liaison,
        });
        return toView(liaison);
      }),
  );
}
