import { recordAudit } from '@hongfan/audit';
import { deedVerified, serviceTaskCompleted } from '@hongfan/contracts';
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
  NOTHING,
  visibleWhere,
} from '../../access.js';
import type { DualReportingDeps } from '../../deps.js';
import { publish } from '../../events.js';
import { MODE_NAMES, TASK_STATUS_NAMES } from '../../labels.js';
import { chinaDate } from '../../time.js';
import { DeedEntity } from '../deeds/deed.entity.js';
import { type InServiceMember, InServiceMemberEntity } from '../members/member.entity.js';
import { namesFor } from '../members/member.view.js';
import { type CompoundRef, CompoundRefEntity } from '../read-model/read-model.entities.js';
import { type Task, TaskEntity, type TaskStatus } from './task.entity.js';
import { completeBody, reasonBody, taskCreate, taskListQuery, taskView } from './task.schemas.js';

/**
 * The compounds a member serves: the one their confirmed report is to, and every compound its
 * branch covers (a joint branch spans several small compounds).
 */
export async function servedCompounds(em: EntityManager, m: InServiceMember | null): Promise<string[]> {
  if (!m || m.reportStatus !== 'confirmed' || !m.compoundId) return [];
  const c = await em.findOne(CompoundRefEntity, { id: m.compoundId }, { fields: ['branchId'] });
  if (!c?.branchId) return [m.compoundId];
  const peers = await em.find(CompoundRefEntity, { branchId: c.branchId }, { fields: ['id'] });
  return [...new Set([m.compoundId, ...peers.map((p) => p.id)])];
}

/** Tasks the caller sees: the branch side by area, a unit its members' tasks, a member theirs and the open ones they may take. */
async function taskWhere(em: EntityManager, auth: DrAuth): Promise<Record<string, unknown>> {
  let self: Record<string, unknown> | null = null;
  if (auth.self) {
    const served = await servedCompounds(em, auth.self);
    const own = [{ memberId: auth.self.id }, { assigneeId: auth.self.id }];
    self = {
      $or: served.length ? [...own, { status: 'open', assigneeId: null, compoundId: { $in: served } }] : own,
    };
  }
  return visibleWhere(
    auth,
    { workUnits: 'workUnitId', streets: 'streetId', communities: 'communityId', compounds: 'compoundId' },
    self,
  );
}

async function loadTask(em: EntityManager, auth: DrAuth, id: string): Promise<Task> {
  const t = await em.findOne(TaskEntity, { $and: [{ id }, await taskWhere(em, auth)] });
  if (!t) throw errors.notFound('Task', id);
  return t;
}

async function taskViews(em: EntityManager, rows: Task[]) {
  const ids = [...new Set(rows.map((t) => t.memberId).filter((x): x is string => !!x))];
  const [names, members] = await inOrder(
    () =>
      namesFor(
        em,
        rows.map((t) => t.workUnitId),
        rows.map((t) => t.compoundId),
      ),
    () => (ids.length ? em.find(InServiceMemberEntity, { id: { $in: ids } }, { fields: ['name'] }) : []),
  );
  const memberNames = new Map(members.map((m) => [m.id, m.name]));
  return rows.map((t) => {
    const c = names.compounds.get(t.compoundId);
    return {
      id: t.id,
      compoundId: t.compoundId,
      compoundName: c?.name ?? '',
      communityId: t.communityId,
      communityName: c?.communityName ?? '',
      streetId: t.streetId,
      title: t.title,
      need: t.need,
      residentName: t.residentName ?? null,
      residentContact: t.residentContact ?? null,
      address: t.address ?? null,
      mode: t.mode,
      modeName: MODE_NAMES[t.mode],
      status: t.status,
      statusName: TASK_STATUS_NAMES[t.status as TaskStatus],
      dueOn: t.dueOn ?? null,
      assigneeId: t.assigneeId ?? null,
      memberId: t.memberId ?? null,
      memberName: t.memberId ? (memberNames.get(t.memberId) ?? null) : null,
      workUnitId: t.workUnitId ?? null,
      workUnitName: t.workUnitId ? (names.units.get(t.workUnitId) ?? null) : null,
      acceptedAt: t.acceptedAt?.toISOString() ?? null,
      doneAt: t.doneAt?.toISOString() ?? null,
      hours: t.hours ?? null,
      resultNote: t.resultNote ?? null,
      returnReason: t.returnReason ?? null,
      verifiedAt: t.verifiedAt?.toISOString() ?? null,
      cancelReason: t.cancelReason ?? null,
      createdAt: t.createdAt.toISOString(),
      version: t.version,
    };
  });
}
const one = async (em: EntityManager, t: Task) => (await taskViews(em, [t]))[0];

/** The compound, known and not archived, or a 422. */
export async function liveCompound(em: EntityManager, id: string): Promise<CompoundRef> {
  const c = await em.findOne(CompoundRefEntity, { id });
  if (!c) throw errors.unprocessable('unknown_compound', `No compound ${id} is known in this district`);
  if (c.archived) throw errors.unprocessable('compound_archived', `${c.name} is archived`);
  return c;
}

function requireSelf(auth: DrAuth): InServiceMember {
  if (!auth.self)
    throw errors.forbidden('Your account is not linked to an in-service member record', 'no_member_record');
  return auth.self;
}

/** Service tasks (红色代办): post and dispatch, accept, report back with hours, verify. */
export async function taskRoutes(app: Service, deps: DualReportingDeps) {
  const tags = ['tasks'];
  const audit = (em: EntityManager, req: FastifyRequest, action: string, t: Task, before?: object) =>
    recordAudit(em, req, {
      tenantId: t.tenantId,
      action,
      targetType: 'tasks',
      targetId: t.id,
      before,
      after: t,
    });
  /**
   * One step of a task's life (accept, complete, verify, return, cancel): loads the task within
   * the caller's scope, lets `step` check who may and from which status and make the change, then
   * writes it with its audit entry (before → after) and answers the task's view.
   */
  const taskStep = (
    req: FastifyRequest<{ Params: { id: string } }>,
    action: string,
    step: (t: Task, auth: DrAuth, em: EntityManager) => void | Promise<void>,
  ) =>
    req.tx(async (em) => {
      const auth = await effectiveAuth(em, req);
      const t = await loadTask(em, auth, req.params.id);
      const before = { ...t };
      await step(t, auth, em);
      await em.flush();
      audit(em, req, action, t, before);
      return one(em, t);
    });
  const branchPath = (t: Task) => ({
    streetId: t.streetId,
    communityId: t.communityId,
    compoundId: t.compoundId,
    branchId: t.branchId,
  });

  app.post(
    '/v1/tasks',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: "Post a resident's need and dispatch it (专业代办 / 党员协办 / 志愿帮办)",
        body: taskCreate,
        response: withProblems({ 201: taskView }),
      },
    },
    async (req, reply) => {
      const view = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const c = await liveCompound(em, req.body.compoundId);
        assertBranchSide(auth, { ...c, compoundId: c.id }, 'post tasks for this compound');
        if (req.body.assigneeId) {
          const m = await em.findOne(InServiceMemberEntity, { id: req.body.assigneeId, archivedAt: null });
          if (!m || !(await servedCompounds(em, m)).includes(c.id))
            throw errors.unprocessable(
              'assignee_not_serving',
              'Dispatch to a member whose report to this compound (or its branch) is confirmed',
            );
        }
        const t = em.create(TaskEntity, {
          ...req.body,
          tenantId: c.tenantId,
          communityId: c.communityId,
          streetId: c.streetId,
          branchId: c.branchId ?? null,
          postedBy: auth.subject,
        });
        await em.flush();
        audit(em, req, 'tasks.created', t);
        return one(em, t);
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/tasks',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary:
          'List tasks within your scope, newest first (members: theirs and the open ones they may take)',
        querystring: taskListQuery,
        response: withProblems({ 200: pageOf(taskView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const and: Record<string, unknown>[] = [await taskWhere(em, auth)];
        for (const k of [
          'status',
          'mode',
          'compoundId',
          'communityId',
          'streetId',
          'memberId',
          'workUnitId',
        ] as const)
          if (q[k]) and.push({ [k]: q[k] });
        if (q.mine) and.push(auth.self ? { memberId: auth.self.id } : NOTHING);
        const dir = q.sort === 'createdAt' ? 'asc' : 'desc';
        const cursor = decodeCursor(q.cursor);
        if (cursor)
          and.push(keysetAfter('createdAt', { ...cursor, v: new Date(String(cursor.v)) as never }, dir));
        const rows = await em.find(
          TaskEntity,
          { $and: and },
          {
            orderBy: { createdAt: dir, id: dir },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) => r.createdAt.toISOString());
        return { items: await taskViews(em, page.items), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/tasks/:id',
    {
      onRequest: canRead,
      schema: { tags, summary: 'Get a task', params: idParams, response: withProblems({ 200: taskView }) },
    },
    async (req) =>
      req.tx(async (em) => one(em, await loadTask(em, await effectiveAuth(em, req), req.params.id))),
  );

  app.post(
    '/v1/tasks/:id/accept',
    {
      onRequest: canServe,
      schema: {
        tags,
        summary: 'Accept an open task (a member serving its compound)',
        params: idParams,
        response: withProblems({ 200: taskView }),
      },
    },
    async (req) =>
      taskStep(req, 'tasks.accepted', async (t, auth, em) => {
        const me = requireSelf(auth);
        if (t.status !== 'open') throw errors.unprocessable('not_open', `The task is ${t.status}, not open`);
        if (!(await servedCompounds(em, me)).includes(t.compoundId))
          throw errors.unprocessable(
            'not_serving_here',
            "You serve the compound of your confirmed report (and its branch's compounds) only",
          );
        t.status = 'accepted';
        t.memberId = me.id;
        t.workUnitId = me.workUnitId;
        t.acceptedAt = new Date();
      }),
  );

  app.post(
    '/v1/tasks/:id/complete',
    {
      onRequest: canServe,
      schema: {
        tags,
        summary: 'Report a task done, with the hours it took (the member who accepted it)',
        params: idParams,
        body: completeBody,
        response: withProblems({ 200: taskView }),
      },
    },
    async (req) =>
      taskStep(req, 'tasks.done', (t, auth) => {
        const me = requireSelf(auth);
        if (t.memberId !== me.id)
          throw errors.forbidden('Only the member who accepted the task reports it done');
        if (t.status !== 'accepted')
          throw errors.unprocessable(
            'not_accepted',
            `The task is ${t.status}; only an accepted task is reported done`,
          );
        t.status = 'done';
        t.hours = req.body.hours;
        t.resultNote = req.body.note ?? null;
        t.doneAt = new Date();
        t.returnReason = null;
      }),
  );

  app.post(
    '/v1/tasks/:id/verify',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: 'Verify a done task: it is complete and counts as a good deed (好事实事)',
        params: idParams,
        response: withProblems({ 200: taskView }),
      },
    },
    async (req) =>
      taskStep(req, 'tasks.verified', async (t, auth, em) => {
        assertBranchSide(auth, branchPath(t), 'verify tasks');
        if (t.status !== 'done')
          throw errors.unprocessable(
            'not_done',
            `The task is ${t.status}; only a task reported done is verified`,
          );
        const now = new Date();
        t.status = 'verified';
        t.verifiedAt = now;
        t.verifiedBy = auth.subject;
        const deed = em.create(DeedEntity, {
          id: crypto.randomUUID(),
          tenantId: t.tenantId,
          memberId: t.memberId!,
          workUnitId: t.workUnitId!,
          compoundId: t.compoundId,
          communityId: t.communityId,
          streetId: t.streetId,
          taskId: t.id,
          source: 'task',
          mode: t.mode,
          title: t.title,
          description: t.resultNote ?? null,
          doneOn: chinaDate(t.doneAt ?? now),
          hours: t.hours ?? 0,
          status: 'verified',
          recordedBy: auth.subject,
          verifiedAt: now,
          verifiedBy: auth.subject,
        });
        await em.flush();
        const ctx = { prefix: deps.prefix, req };
        await publish(em, ctx, serviceTaskCompleted, t.tenantId, {
          taskId: t.id,
          compoundId: t.compoundId,
          communityId: t.communityId,
          streetId: t.streetId,
          mode: t.mode,
          memberId: t.memberId!,
          workUnitId: t.workUnitId!,
          hours: t.hours ?? 0,
          completedAt: now.toISOString(),
        });
        await publish(em, ctx, deedVerified, t.tenantId, {
          deedId: deed.id,
          memberId: deed.memberId,
          workUnitId: deed.workUnitId,
          compoundId: deed.compoundId,
          communityId: deed.communityId,
          streetId: deed.streetId,
          mode: deed.mode,
          hours: deed.hours,
          doneOn: deed.doneOn,
          taskId: t.id,
        });
      }),
  );

  app.post(
    '/v1/tasks/:id/return',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: 'Return a done task to the member, with the reason (not verified yet)',
        params: idParams,
        body: reasonBody,
        response: withProblems({ 200: taskView }),
      },
    },
    async (req) =>
      taskStep(req, 'tasks.returned', (t, auth) => {
        assertBranchSide(auth, branchPath(t), 'return tasks');
        if (t.status !== 'done')
          throw errors.unprocessable(
            'not_done',
            `The task is ${t.status}; only a task reported done is returned`,
          );
        t.status = 'accepted';
        t.returnReason = req.body.reason;
      }),
  );

  app.post(
    '/v1/tasks/:id/cancel',
    {
      onRequest: canDecide,
      schema: {
        tags,
        summary: 'Cancel an open or accepted task, with the reason',
        params: idParams,
        body: reasonBody,
        response: withProblems({ 200: taskView }),
      },
    },
    async (req) =>
      taskStep(req, 'tasks.cancelled', (t, auth) => {
        assertBranchSide(auth, branchPath(t), 'cancel tasks');
        if (t.status !== 'open' && t.status !== 'accepted')
          throw errors.unprocessable('not_cancellable', `The task is ${t.status}; it cannot be cancelled`);
        t.status = 'cancelled';
        t.cancelledAt = new Date();
        t.cancelReason = req.body.reason;
      }),
  );
}
