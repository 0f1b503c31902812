import { PARTY_ORG_LEVELS } from '@hongfan/contracts';
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
import { canRead, canWriteTree } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { coverCompound } from '../formation/formation.service.js';
import { CompoundEntity } from '../territory/territory.entities.js';
import { PartyOrgEntity } from './party-org.entity.js';
import { LEVEL_NAMES, LEVEL_RANK } from './party-org.levels.js';
import {
  partyOrgCreate,
  partyOrgDissolve,
  partyOrgListQuery,
  partyOrgRename,
  partyOrgTreeQuery,
  partyOrgView,
  type TreeNode,
  treeNode,
} from './party-org.schemas.js';
import {
  assertOrgVisible,
  assertOrgWritable,
  audit,
  coveredCompounds,
  dissolveOrg,
  emitOrg,
  formOrg,
  partyOrgAuth,
  partyOrgChanged,
  partyOrgFormed,
  place,
  toView,
  viewOf,
  visibleWhere,
} from './party-org.service.js';

const tags = ['party-orgs'];

async function load(em: EntityManager, req: FastifyRequest, id: string) {
  const org = await em.findOne(PartyOrgEntity, { id });
  if (!org) throw errors.notFound('Party organisation', id);
  const auth = await partyOrgAuth(em, req);
  assertOrgVisible(auth, org, id);
  return { org, auth };
}

/**
 * The five-level Party organisation tree (街道党工委 → 社区党委 → 小区/网格(联合)党支部 →
 * 楼栋党小组 → 党员中心户): form, list, tree, get, rename, dissolve. Each organisation covers one
 * territory unit and hangs under the organisation one level up over the same territory.
 */
export async function partyOrgRoutes(app: Service, deps: OrgDeps): Promise<void> {
  app.post(
    '/v1/party-orgs',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Form a Party organisation',
        description:
          'level + the unit it covers: street-committee → streetId; community-committee → communityId (parent: the street’s 街道党工委); compound-branch → compoundId and grid-branch → gridId (parent: the community’s 社区党委); building-group → buildingId (parent: the branch covering the building’s compound); central-household → householdId (parent: the building’s 楼栋党小组). The parent is found from the territory (422 parent_missing if not formed); parentId, if given, must be it. One active organisation per unit (409 already_formed). A compound branch covers its compound at once (moving it out of its joint branch) and is flagged if the rule recommends otherwise.',
        body: partyOrgCreate,
        response: withProblems({ 201: partyOrgView }),
      },
    },
    async (req, reply) => {
      const body = req.body;
      const view = await req.tx(async (em) => {
        const auth = await partyOrgAuth(em, req);
        const placement = await place(em, body);
        assertOrgWritable(auth, { level: body.level, ...placement.path }, 'new');
        const ctx = { em, tenantId: auth.tenantId as string, prefix: deps.prefix, req };
        const org = await formOrg(ctx, placement, {
          name: body.name,
          parentId: 'parentId' in body ? body.parentId : undefined,
          formedOn: body.formedOn,
        });
        audit(ctx, 'formed', org);
        if (org.level === 'compound-branch' && placement.compound)
          await coverCompound(ctx, placement.compound, org, 'own-branch', { isNew: true });
        else await emitOrg(ctx, partyOrgFormed, org);
        return viewOf(em, org);
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/v1/party-orgs',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'List Party organisations (active unless status says otherwise), within your scope',
        querystring: partyOrgListQuery,
        response: withProblems({ 200: pageOf(partyOrgView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await partyOrgAuth(em, req);
        const and: Record<string, unknown>[] = [visibleWhere(auth)];
        if (q.status !== 'all') and.push({ status: q.status });
        for (const k of ['level', 'streetId', 'communityId', 'gridId', 'parentId'] as const)
          if (q[k]) and.push({ [k]: q[k] });
        if (q.compoundId) {
          const c = await em.findOne(CompoundEntity, { id: q.compoundId }, { fields: ['branchId'] });
          and.push({ $or: [{ compoundId: q.compoundId }, ...(c?.branchId ? [{ id: c.branchId }] : [])] });
        }
        if (q.q) and.push({ name: { $ilike: `%${escapeLike(q.q)}%` } });
        const cursor = decodeCursor(q.cursor);
        if (cursor)
          and.push(
            keysetAfter(
              q.sort,
              q.sort === 'createdAt' ? { ...cursor, v: new Date(String(cursor.v)) as never } : cursor,
            ),
          );
        const rows = await em.find(PartyOrgEntity, { $and: and } as never, {
          orderBy: { [q.sort]: 'asc', id: 'asc' } as never,
          limit: q.limit + 1,
        });
        const page = pageFrom(rows, q.limit, (r) =>
          q.sort === 'createdAt' ? r.createdAt.toISOString() : r[q.sort],
        );
        const covered = await coveredCompounds(em, page.items);
        return {
          items: page.items.map((o) => toView(o, covered.get(o.id) ?? [])),
          nextCursor: page.nextCursor,
        };
      }),
  );

  app.get(
    '/v1/party-orgs/tree',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Active Party organisations as a tree, within your scope (with the committees above it)',
        querystring: partyOrgTreeQuery,
        response: withProblems({ 200: z.object({ roots: z.array(treeNode) }) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await partyOrgAuth(em, req);
        const levels = PARTY_ORG_LEVELS.filter((l) => LEVEL_RANK[l] <= req.query.depth);
        const orgs = await em.find(
          PartyOrgEntity,
          { $and: [visibleWhere(auth), { status: 'active', level: { $in: levels } }] } as never,
          { orderBy: { name: 'asc', id: 'asc' } },
        );
        const covered = await coveredCompounds(em, orgs);
        const nodes = new Map<string, TreeNode>();
        for (const o of orgs)
          nodes.set(o.id, {
            id: o.id,
            level: o.level,
            levelName: LEVEL_NAMES[o.level],
            name: o.name,
            compoundIds: covered.get(o.id) ?? [],
            children: [],
          });
        const roots: TreeNode[] = [];
        for (const o of orgs) {
          const node = nodes.get(o.id) as TreeNode;
          const parent = o.parentId ? nodes.get(o.parentId) : undefined;
          // An organisation whose parent the caller cannot see is a root of their tree.
          if (parent) parent.children.push(node);
          else roots.push(node);
        }
        return { roots };
      }),
  );

  app.get(
    '/v1/party-orgs/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'Get a Party organisation',
        params: idParams,
        response: withProblems({ 200: partyOrgView }),
      },
    },
    async (req) => req.tx(async (em) => viewOf(em, (await load(em, req, req.params.id)).org)),
  );

  app.patch(
    '/v1/party-orgs/:id',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Rename a Party organisation',
        params: idParams,
        body: partyOrgRename,
        response: withProblems({ 200: partyOrgView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { org, auth } = await load(em, req, req.params.id);
        assertOrgWritable(auth, org, org.id);
        if (org.status === 'dissolved')
          throw errors.unprocessable('dissolved', `${org.name} has been dissolved`);
        const name = req.body.name;
        if (name !== org.name) {
          const taken = await em.findOne(PartyOrgEntity, { name, status: 'active', id: { $ne: org.id } });
          if (taken)
            throw errors.conflict(`An active Party organisation is already named ${name}`, 'already_exists');
          const before = { ...org };
          org.name = name;
          await em.flush();
          const ctx = { em, tenantId: org.tenantId, prefix: deps.prefix, req };
          audit(ctx, 'renamed', org, before);
          await emitOrg(ctx, partyOrgChanged, org);
        }
        return viewOf(em, org);
      }),
  );

  app.post(
    '/v1/party-orgs/:id/dissolve',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Dissolve a Party organisation (refused while it has active child organisations)',
        description:
          'A dissolved branch releases the compounds it covered: they become uncovered (compound.updated) until formation is applied again.',
        params: idParams,
        body: partyOrgDissolve,
        response: withProblems({ 200: partyOrgView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { org, auth } = await load(em, req, req.params.id);
        assertOrgWritable(auth, org, org.id);
        await dissolveOrg({ em, tenantId: org.tenantId, prefix: deps.prefix, req }, org, req.body);
        return viewOf(em, org);
      }),
  );
}
