import { recordAudit } from '@hongfan/audit';
import { deedVerified } from '@hongfan/contracts';
import { inOrder } from '@hongfan/db';
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
  assertBranchSide,
  canDecide,
  canRead,
  canServe,
  type DrAuth,
  effectiveAuth,
  visibleWhere,
} from '../../access.js';
import type { DualReportingDeps } from '../../deps.js';
import { publish } from '../../events.js';
import { DEED_STATUS_NAMES, MODE_NAMES } from '../../labels.js';
import { chinaDate } from '../../time.js';
import { InServiceMemberEntity } from '../members/member.entity.js';
import { namesFor } from '../members/member.view.js';
import { CompoundRefEntity } from '../read-model/read-model.entities.js';
import { type Deed, DeedEntity, type DeedStatus } from './deed.entity.js';
import { deedCreate, deedListQuery, deedRejectBody, deedView } from './deed.schemas.js';

function deedWhere(auth: DrAuth): Record<string, unknown> {
  return visibleWhere(
    auth,
    { workUnits: 'workUnitId', streets: 'streetId', communities: 'communityId', compounds: 'compoundId' },
    auth.self ? { memberId: auth.self.id } : null,
  );
}

async function loadDeed(em: EntityManager, auth: DrAuth, id: string): Promise<Deed> {
  const d = await em.findOne(DeedEntity, { $and: [{ id }, deedWhere(auth)] });
  if (!d) throw errors.notFound('Deed', id);
  return d;
}

async function deedViews(em: EntityManager, rows: Deed[]) {
  const ids = [...new Set(rows.map((d) => d.memberId))];
  const [names, members] = await inOrder(
    () =>
      namesFor(
        em,
        rows.map((d) => d.workUnitId),
        rows.map((d) => d.compoundId),
      ),
    () => (ids.length ? em.find(InServiceMemberEntity, { id: { $in: ids } }, { fields: ['name'] }) : []),
  );
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  return rows.map((d) => ({
    id: d.id,
    memberId: d.memberId,
    memberName: memberNames.get(d.memberId) ?? '',
    workUnitId: d.workUnitId,
    workUnitName: names.units.get(d.workUnitId) ?? '',
    compoundId: d.compoundId,
    compoundName: names.compounds.get(d.compoundId)?.name ?? '',
    communityId: d.communityId,
    streetId: d.streetId,
    taskId: d.taskId ?? null,
    source: d.source,
    mode: d.mode,
    modeName: MODE_NAMES[d.mode],
    title: d.title,
    description: d.description ?? null,
    doneOn: d.doneOn,
    hours: d.hours,
    status: d.status,
    statusName: DEED_STATUS_NAMES[d.status as DeedStatus],
    verifiedAt: d.verifiedAt?.toISOString() ?? null,
    rejectReason: d.rejectReason ?? null,
    createdAt: d.createdAt.toISOString(),
    version: d.version,
  }));
}
const one = async (em: EntityManager, d: Deed) => (await deedViews(em, [d]))[0];

/** Good deeds (好事实事): recorded by members, verified by the compound's branch; verified tasks appear here too. */
export async function deedRoutes(app: Service, deps: DualReportingDeps) {
  const tags = ['deeds'];
  const audit = (em: EntityManager, req: FastifyRequest, action: string, d: Deed, before?: object) =>
    recordAudit(em, req, {
      tenantId: d.tenantId,
      action,
      targetType: 'deeds',
      targetId: d.id,
      before,
      after: d,
    });

  app.post(
    '/v1/deeds',
    {
      onRequest: canServe,
      schema: {
        tags,
        summary: 'Record a good deed you did, for your compound branch to verify',
        description:
          'For the compound of your confirmed report (else 422 `not_reported`); the branch verifies or rejects it.',
        body: deedCreate,
        response: withProblems({ 201: deedView }),
      },
    },
    async (req, reply) => {
      const view = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const me = auth.self;
        if (!me)
          throw errors.forbidden(
            'Your account is not linked to an in-service member record',
            'no_member_record',
          );
        if (me.reportStatus !== 'confirmed' || !me.compoundId)
          throw errors.unprocessable(
            'not_reported',
            'Record deeds once your report to a compound is confirmed',
          );
        if (req.body.doneOn > chinaDate())
          throw errors.validation([{ path: 'body.doneOn', message: 'must not be in the future' }]);
        const c = await em.findOneOrFail(CompoundRefEntity, { id: me.compoundId });
        const d = em.create(DeedEntity, {
          ...req.body,
          tenantId: me.tenantId,
          memberId: me.id,
          workUnitId: me.workUnitId,
          compoundId: c.id,
          communityId: c.communityId,
          streetId: c.streetId,
          source: 'self',
          recordedBy: auth.subject,
        });
        await em.flush();
        audit(em, req, 'deeds.recorded', d);
        return one(em, d);
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/deeds',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List deeds within your scope, latest first',
        querystring: deedListQuery,
        response: withProblems({ 200: pageOf(deedView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [deedWhere(auth)];
        for (const k of [
          'status',
          'mode',
          'source',
          'memberId',
          'workUnitId',
          'compoundId',
          'communityId',
        ] as const)
          if (q[k]) and.push({ [k]: q[k] });
        if (q.from) and.push({ doneOn: { $gte: q.from } });
        if (q.to) and.push({ doneOn: { $lte: q.to } });
        const dir = q.sort === 'doneOn' ? 'asc' : 'desc';
        const cursor = decodeCursor(q.cursor);
        if (cursor) and.push(keysetAfter('doneOn', cursor, dir));
        const rows = await em.find(
          DeedEntity,
          { $and: and },
          {
            orderBy: { doneOn: dir, id: dir },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) => r.doneOn);
        return { items: await deedViews(em, page.items), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/deeds/:id',
    {
      onRequest: canRead,
      schema: { tags, summary: 'Get a deed', params: idParams, response: withProblems({ 200: deedView }) },
    },
    async (req) =>
      req.tx(async (em) => one(em, await loadDeed(em, await effectiveAuth(em, req), req.params.id))),
  );

  const decide =
    (confirm: boolean) => async (req: FastifyRequest<{ Params: { id: string }; Body: unknown }>) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const d = await loadDeed(em, auth, req.params.id);
        const c = await em.findOne(CompoundRefEntity, { id: d.compoundId }, { fields: ['branchId'] });
        assertBranchSide(
          auth,
          {
            streetId: d.streetId,
            communityId: d.communityId,
            compoundId: d.compoundId,
            branchId: c?.branchId,
          },
          confirm ? 'verify deeds' : 'reject deeds',
        );
        if (d.status !== 'pending')
          throw errors.unprocessable('not_pending', `The deed is ${d.status}, not pending`);
        const before = { ...d };
        if (confirm) {
          d.status = 'verified';
          d.verifiedAt = new Date();
          d.verifiedBy = auth.subject;
        } else {
          d.status = 'rejected';
          d.rejectReason = (req.body as { reason: string }).reason;
        }
        await em.flush();
        if (confirm)
          await publish(em, { prefix: deps.prefix, req }, deedVerified, d.tenantId, {
            deedId: d.id,
            memberId: d.memberId,
            workUnitId: d.workUnitId,
            compoundId: d.compoundId,
            communityId: d.communityId,
            streetId: d.streetId,
            mode: d.mode,
            hours: d.hours,
            doneOn: d.doneOn,
            taskId: null,
          });
        audit(em, req, confirm ? 'deeds.verified' : 'deeds.rejected', d, before);
        return one(em, d);
      });

  app.post(
    '/v1/deeds/:id/verify',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: 'Verify a recorded deed: it counts as a good deed',
        params: idParams,
        response: withProblems({ 200: deedView }),
      },
    },
    decide(true),
  );
  app.post(
    '/v1/deeds/:id/reject',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: 'Reject a recorded deed, with the reason',
        params: idParams,
        body: deedRejectBody,
        response: withProblems({ 200: deedView }),
      },
    },
    decide(false),
  );
}
