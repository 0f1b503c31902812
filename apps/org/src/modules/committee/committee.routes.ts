import { recordAudit } from '@hongfan/audit';
import { escapeLike } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import { idParams, pageOf, type Service, scopeAllows, withProblems } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
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
import { LiaisonAssignmentEntity } from '../formation/liaison-assignment.entity.js';
import { MemberEntity } from '../members/member.entities.js';
import { SecretaryTermEntity } from '../secretaries/secretary-term.entity.js';
import { tenantSettings } from '../settings/settings.service.js';
import { CommunityEntity } from '../territory/territory.entities.js';
import {
  COMMITTEE_NAMES,
  committeeListQuery,
  committeeMemberCreate,
  committeeMemberEnd,
  committeeMemberUpdate,
  committeeMemberView,
  PLACEMENT_NAMES,
  windowStaffView,
} from './committee.schemas.js';
import { type CommitteeMember, CommitteeMemberEntity } from './committee-member.entity.js';
import { dbPage, rangeCheck, stamps } from './people-kit.js';

const WHAT = 'Committee member';
const tags = ['committee'];

export function toCommitteeView(r: CommitteeMember) {
  const placement = r.atWindow ? 'window' : 'sunk';
  return {
    id: r.id,
    streetId: r.streetId,
    communityId: r.communityId,
    name: r.name,
    phone: r.phone ?? null,
    committee: r.committee,
    committeeName: COMMITTEE_NAMES[r.committee],
    position: r.position ?? null,
    atWindow: r.atWindow,
    placement,
    placementName: PLACEMENT_NAMES[placement],
    memberId: r.memberId ?? null,
    current: !r.endedOn,
    endedOn: r.endedOn ?? null,
    ...stamps(r),
  } as const;
}

/** Community-level records may be read by those whose scope lies beneath the community (read only). */
function readable(auth: OrgAuth, path: { streetId: string; communityId: string }) {
  return scopeAllows(auth, path) || auth.ancestors.communities.includes(path.communityId);
}

async function loadCommunity(em: EntityManager, auth: OrgAuth, id: string) {
  const c = await em.findOne(CommunityEntity, { id });
  if (!c || !readable(auth, { streetId: c.streetId, communityId: c.id }))
    throw errors.notFound('Community', id);
  return c;
}

async function loadMember(em: EntityManager, req: FastifyRequest, id: string, write: boolean) {
  const auth = await effectiveAuth(em, req);
  const row = await em.findOne(CommitteeMemberEntity, { id });
  if (!row || !readable(auth, row)) throw errors.notFound(WHAT, id);
  if (write) assertWritable(auth, row, TREE_WRITE_ROLES, WHAT, id);
  return row;
}

async function checkMemberLink(em: EntityManager, memberId: string | null | undefined) {
  if (!memberId) return;
  const m = await em.findOne(MemberEntity, { id: memberId, archivedAt: null }, { fields: ['id'] });
  if (!m) throw errors.validation([{ path: 'body.memberId', message: 'no such active Party member' }]);
}

/** A committee member serving as a branch secretary concurrently must keep a Party-committee seat. */
async function assertNotSecretary(em: EntityManager, row: CommitteeMember, doing: string) {
  const term = await em.findOne(SecretaryTermEntity, { committeeMemberId: row.id, endedOn: null });
  if (term)
    throw errors.unprocessable(
      'holds_secretary_post',
      `${row.name} serves concurrently as secretary of branch ${term.partyOrgId}; end that term before ${doing}`,
      { partyOrgId: term.partyOrgId, termId: term.id },
    );
}

/** 社区"两委": the people of a community's Party committee and residents' committee; who stays at the window. */
export async function committeeRoutes(app: Service, _deps: OrgDeps): Promise<void> {
  const audit = (
    em: EntityManager,
    req: FastifyRequest,
    action: string,
    row: CommitteeMember,
    before?: object,
  ) =>
    recordAudit(em, req, {
      tenantId: row.tenantId,
      action: `committee-members.${action}`,
      targetType: 'committee-members',
      targetId: row.id,
      before,
      after: row,
    });

  app.post(
    '/v1/committee-members',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Add a member of a community\'s "two committees" (社区"两委")',
        body: committeeMemberCreate,
        response: withProblems({ 201: committeeMemberView }),
      },
    },
    async (req, reply) => {
      const row = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const body = req.body;
        const community = await em.findOne(CommunityEntity, { id: body.communityId });
        if (!community || community.archivedAt)
          throw errors.validation([{ path: 'body.communityId', message: 'no such community' }]);
        const path = { streetId: community.streetId, communityId: community.id };
        assertWritable(auth, path, TREE_WRITE_ROLES, WHAT, 'new');
        await checkMemberLink(em, body.memberId);
        const row = em.create(CommitteeMemberEntity, {
          ...path,
          tenantId: auth.tenantId!,
          name: body.name,
          phone: body.phone ?? null,
          committee: body.committee,
          position: body.position ?? null,
          atWindow: body.atWindow,
          memberId: body.memberId ?? null,
        });
        await em.flush();
        audit(em, req, 'created', row);
        return row;
      });
      return reply.status(201).send(toCommitteeView(row));
    },
  );

  app.get(
    '/v1/committee-members',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List two-committee members (current ones unless includeEnded)',
        querystring: committeeListQuery,
        response: withProblems({ 200: pageOf(committeeMemberView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const inScope = scoped(auth, { streets: 'streetId', communities: 'communityId' });
        const above = auth.ancestors.communities;
        const and: Record<string, unknown>[] = [
          above.length ? { $or: [inScope, { communityId: { $in: above } }] } : inScope,
        ];
        for (const k of ['streetId', 'communityId', 'committee', 'atWindow'] as const)
          if (q[k] !== undefined) and.push({ [k]: q[k] });
        if (!q.includeEnded) and.push({ endedOn: null });
        if (q.q) and.push({ name: { $ilike: `%${escapeLike(q.q)}%` } });
        const page = await dbPage<CommitteeMember>(em, CommitteeMemberEntity, { $and: and }, q, {
          field: q.sort,
          dir: q.order,
          timestamp: q.sort === 'createdAt',
        });
        return { items: page.items.map(toCommitteeView), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/committee-members/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a two-committee member',
        params: idParams,
        response: withProblems({ 200: committeeMemberView }),
      },
    },
    async (req) => req.tx(async (em) => toCommitteeView(await loadMember(em, req, req.params.id, false))),
  );

  app.patch(
    '/v1/committee-members/:id',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Change a two-committee member (committee, position, window or sunk, contact, member link)',
        params: idParams,
        body: committeeMemberUpdate,
        response: withProblems({ 200: committeeMemberView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const body = req.body;
        if (Object.keys(body).length === 0)
          throw errors.validation([{ path: 'body', message: 'name at least one field to change' }]);
        const row = await loadMember(em, req, req.params.id, true);
        if (row.endedOn)
          throw errors.unprocessable('ended', `${row.name} left the committees on ${row.endedOn}`);
        if (body.memberId) await checkMemberLink(em, body.memberId);
        if (body.committee === 'residents' && row.committee !== 'residents')
          await assertNotSecretary(em, row, 'leaving the Party committee');
        const before = { ...row };
        Object.assign(row, body);
        await em.flush();
        audit(em, req, 'updated', row, before);
        return toCommitteeView(row);
      }),
  );

  app.post(
    '/v1/committee-members/:id/end',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Record that a person left the two committees (kept for history)',
        params: idParams,
        body: committeeMemberEnd,
        response: withProblems({ 200: committeeMemberView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const row = await loadMember(em, req, req.params.id, true);
        if (row.endedOn)
          throw errors.unprocessable('already_ended', `${row.name} already left on ${row.endedOn}`);
        await assertNotSecretary(em, row, 'they leave the committees');
        const before = { ...row };
        row.endedOn = req.body.endedOn;
        await em.flush();
        recordAudit(em, req, {
          tenantId: row.tenantId,
          action: 'committee-members.ended',
          targetType: 'committee-members',
          targetId: row.id,
          before,
          after: { ...row, reason: req.body.reason ?? null },
        });
        return toCommitteeView(row);
      }),
  );

  app.delete(
    '/v1/committee-members/:id',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Delete a record entered by mistake (people who left are ended, not deleted)',
        params: idParams,
        response: withProblems({ 204: z.null() }),
      },
    },
    async (req, reply) => {
      await req.tx(async (em) => {
        const row = await loadMember(em, req, req.params.id, true);
        const used =
          (await em.count(SecretaryTermEntity, { committeeMemberId: row.id })) +
          (await em.count(LiaisonAssignmentEntity, { committeeMemberId: row.id }));
        if (used)
          throw errors.unprocessable(
            'in_use',
            `${row.name} appears in secretary terms or liaison assignments; end the record instead of deleting it`,
          );
        recordAudit(em, req, {
          tenantId: row.tenantId,
          action: 'committee-members.deleted',
          targetType: 'committee-members',
          targetId: row.id,
          before: row,
        });
        em.remove(row);
        await em.flush();
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/communities/:id/window-staff',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "Who stays at the community's service window, against the tenant's range (default 2–3)",
        params: idParams,
        response: withProblems({ 200: windowStaffView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const community = await loadCommunity(em, auth, req.params.id);
        const settings = await tenantSettings(em, auth.tenantId!);
        const current = await em.find(
          CommitteeMemberEntity,
          { communityId: community.id, endedOn: null },
          { orderBy: { name: 'asc', id: 'asc' } },
        );
        const atWindow = current.filter((m) => m.atWindow);
        return {
          communityId: community.id,
          communityName: community.name,
          ...rangeCheck(atWindow.length, settings.windowStaff, '窗口留守'),
          sunkCount: current.length - atWindow.length,
          staff: atWindow.map(toCommitteeView),
        };
      }),
  );
}
