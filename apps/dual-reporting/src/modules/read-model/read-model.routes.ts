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
import { canRead } from '../../access.js';
import {
  type BranchRef,
  BranchRefEntity,
  type CompoundRef,
  CompoundRefEntity,
} from './read-model.entities.js';
import { branchListQuery, branchView, compoundListQuery, compoundView } from './read-model.schemas.js';

async function branchNames(em: EntityManager, ids: Array<string | null | undefined>) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await em.find(BranchRefEntity, { id: { $in: wanted } }, { fields: ['name'] });
  return new Map(rows.map((b) => [b.id, b.name]));
}

export function toCompoundView(c: CompoundRef, names: Map<string, string>) {
  return {
    id: c.id,
    name: c.name,
    address: c.address ?? null,
    streetId: c.streetId,
    streetName: c.streetName,
    communityId: c.communityId,
    communityName: c.communityName,
    gridId: c.gridId,
    gridName: c.gridName,
    branchId: c.branchId ?? null,
    branchName: c.branchId ? (names.get(c.branchId) ?? null) : null,
    branchForm: c.branchForm ?? null,
    archived: c.archived,
    syncedAt: c.updatedAt.toISOString(),
  };
}

const toBranchView = (b: BranchRef) => ({
  id: b.id,
  level: b.level,
  name: b.name,
  streetId: b.streetId ?? null,
  communityId: b.communityId ?? null,
  gridId: b.gridId ?? null,
  compoundIds: b.compoundIds ?? [],
  status: b.status,
});

/**
 * The compounds and Party branches this service knows from org's events, for picking where a
 * member reports or a unit links. Compound names are not confidential inside a district, so every
 * role reads all of them.
 */
export async function readModelRoutes(app: Service) {
  const tags = ['compounds'];
  app.get(
    '/v1/compounds',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "Compounds (from org's events), to report to and to link with",
        querystring: compoundListQuery,
        response: withProblems({ 200: pageOf(compoundView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const sortField = q.sort;
        const and: Record<string, unknown>[] = [];
        for (const k of ['streetId', 'communityId', 'gridId', 'branchId'] as const)
          if (q[k]) and.push({ [k]: q[k] });
        if (!q.includeArchived) and.push({ archived: false });
        if (q.q) and.push({ name: { $ilike: `%${escapeLike(q.q)}%` } });
        const cursor = decodeCursor(q.cursor);
        if (cursor) and.push(keysetAfter(sortField, cursor));
        const rows = await em.find(
          CompoundRefEntity,
          { $and: and },
          {
            orderBy: { [sortField]: 'asc', id: 'asc' },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) => r[sortField]);
        const names = await branchNames(
          em,
          page.items.map((c) => c.branchId),
        );
        return { items: page.items.map((c) => toCompoundView(c, names)), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/compounds/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: 'A compound as this service last heard of it from org',
        params: idParams,
        response: withProblems({ 200: compoundView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const c = await em.findOne(CompoundRefEntity, { id: req.params.id });
        if (!c) throw errors.notFound('Compound', req.params.id);
        return toCompoundView(c, await branchNames(em, [c.branchId]));
      }),
  );

  app.get(
    '/v1/branches',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: "Party organisations (from org's events), e.g. a community's compound branches",
        querystring: branchListQuery,
        response: withProblems({ 200: pageOf(branchView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const and: Record<string, unknown>[] = [];
        if (q.communityId) and.push({ communityId: q.communityId });
        if (!q.includeDissolved) and.push({ status: 'active' });
        const cursor = decodeCursor(q.cursor);
        if (cursor) and.push(keysetAfter('name', cursor));
        const rows = await em.find(
          BranchRefEntity,
          { $and: and },
          {
            orderBy: { name: 'asc', id: 'asc' },
            limit: q.limit + 1,
          },
        );
        const page = pageFrom(rows, q.limit, (r) => r.name);
        return { items: page.items.map(toBranchView), nextCursor: page.nextCursor };
      }),
  );
}
