import { recordAudit } from '@hongfan/audit';
import type { TenantOwned } from '@hongfan/db';
import { escapeLike } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import {
  decodeCursor,
  idParams,
  keysetAfter,
  pageFrom,
  pageOf,
  type ScopePath,
  type Service,
  withProblems,
} from '@hongfan/service-kit';
import type { EntitySchema } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  assertVisible,
  assertWritable,
  canRead,
  canWriteTree,
  effectiveAuth,
  scoped,
  TREE_WRITE_ROLES,
} from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { type TerritoryListQuery, territoryListQuery } from './territory.schemas.js';

/** What every territory row has. */
export type TerritoryRow = TenantOwned & { archivedAt?: Date | null } & Record<string, unknown>;

/** Hooks a level uses to publish its events after a change, in the same transaction. */
export interface LevelEvents<E> {
  created?(em: EntityManager, row: E, req: FastifyRequest): Promise<void>;
  updated?(em: EntityManager, row: E, req: FastifyRequest): Promise<void>;
  archived?(em: EntityManager, row: E, req: FastifyRequest): Promise<void>;
}

/**
 * One level of the territory (街道, 社区, 网格, 小区, 楼栋, 户), described once and served by the same
 * routes: create, list (filter, sort, cursor), get, update, archive, restore. Children inherit their
 * parent's path ids so scope checks and roll-ups need no joins.
 */
export interface Level<E extends TerritoryRow> {
  /** Singular English name, for messages (`Compound`). */
  what: string;
  /** Which ancestor list (of the caller's scope) names records of this level, for read access. */
  ancestorKind?: 'streets' | 'communities' | 'grids';
  /** Collection path, e.g. `/v1/compounds`. */
  path: string;
  tag: string;
  entity: EntitySchema<E>;
  createBody: z.ZodObject;
  updateBody: z.ZodObject;
  view: z.ZodObject;
  toView(row: E): Record<string, unknown>;
  /** The property naming the record in lists and `q` searches. */
  nameField: string;
  /** The parent: body field with its id, its entity, and the path ids the child inherits. */
  parent?: {
    field: string;
    what: string;
    entity: EntitySchema<TerritoryRow>;
    inherit(parent: TerritoryRow): Record<string, string>;
  };
  /** Where the record sits, for scope checks. */
  scopePath(row: E): ScopePath;
  /** Query filters this level understands (from the shared list query). */
  filters(q: TerritoryListQuery): Record<string, unknown>;
  /** Children that must be archived first. */
  children?: { entity: EntitySchema<TerritoryRow>; field: string; what: string };
  /** Extra checks/changes on update (e.g. a compound moving grid). */
  beforeUpdate?(em: EntityManager, row: E, body: Record<string, unknown>, req: FastifyRequest): Promise<void>;
  events?: LevelEvents<E>;
}

export async function territoryResource<E extends TerritoryRow>(
  app: Service,
  deps: OrgDeps,
  level: Level<E>,
) {
  const { what, entity } = level;
  const tags = [level.tag];

  const load = async (em: EntityManager, id: string, req: FastifyRequest) => {
    const row = (await em.findOne(entity, { id } as never)) as E | null;
    if (!row) throw errors.notFound(what, id);
    const auth = await effectiveAuth(em, req);
    const aboveScope = !!level.ancestorKind && auth.ancestors[level.ancestorKind].includes(row.id);
    if (!aboveScope) assertVisible(auth, level.scopePath(row), what, id);
    return row;
  };
  /** Loads for a change: the caller must hold the record in scope (the territory above it is read-only). */
  const loadForWrite = async (em: EntityManager, id: string, req: FastifyRequest) => {
    const row = await load(em, id, req);
    const auth = await effectiveAuth(em, req);
    if (level.ancestorKind && auth.ancestors[level.ancestorKind].includes(row.id))
      throw errors.forbidden(
        `This ${what.toLowerCase()} is above your data scope; you may read it but not change it`,
      );
    assertWritable(auth, level.scopePath(row), TREE_WRITE_ROLES, what, row.id);
    return row;
  };
  const audit = (em: EntityManager, req: FastifyRequest, action: string, row: E, before?: object) =>
    recordAudit(em, req, {
      tenantId: row.tenantId,
      action,
      targetType: level.tag,
      targetId: row.id,
      before,
      after: row,
    });

  app.post(
    level.path,
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: `Create a ${what.toLowerCase()}`,
        body: level.createBody,
        response: withProblems({ 201: level.view }),
      },
    },
    async (req, reply) => {
      const body = req.body as Record<string, unknown>;
      const row = await req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        let inherited: Record<string, string> = {};
        if (level.parent) {
          const parentId = body[level.parent.field] as string;
          const parent = await em.findOne(level.parent.entity, { id: parentId });
          // An unknown parent or one outside the caller's scope is the same to the caller.
          if (!parent || parent.archivedAt)
            throw errors.validation([
              { path: `body.${level.parent.field}`, message: `no such ${level.parent.what.toLowerCase()}` },
            ]);
          inherited = level.parent.inherit(parent);
        }
        const draft = { ...body, ...inherited, tenantId: auth.tenantId };
        const path = level.scopePath(draft as unknown as E);
        assertWritable(auth, path, TREE_WRITE_ROLES, what, 'new');
        const row = em.create(entity, draft as never) as E;
        await em.flush();
        audit(em, req, `${level.tag}.created`, row);
        await level.events?.created?.(em, row, req);
        return row;
      });
      return reply.status(201).send(level.toView(row));
    },
  );

  app.get(
    level.path,
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: `List ${level.tag}`,
        querystring: territoryListQuery,
        response: withProblems({ 200: pageOf(level.view) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const sortField = q.sort === 'name' ? level.nameField : 'createdAt';
        const cursor = decodeCursor(q.cursor);
        const inScope = scoped(auth, scopeFieldsOf(level));
        const above = level.ancestorKind ? auth.ancestors[level.ancestorKind] : [];
        const visible = above.length ? { $or: [inScope, { id: { $in: above } }] } : inScope;
        const and: Record<string, unknown>[] = [visible, level.filters(q)];
        if (cursor)
          and.push(
            keysetAfter(
              sortField,
              q.sort === 'createdAt' ? { ...cursor, v: new Date(String(cursor.v)) as never } : cursor,
            ),
          );
        if (!q.includeArchived) and.push({ archivedAt: null });
        if (q.q) and.push({ [level.nameField]: { $ilike: `%${escapeLike(q.q)}%` } });
        const rows = (await em.find(entity, { $and: and } as never, {
          orderBy: { [sortField]: 'asc', id: 'asc' } as never,
          limit: q.limit + 1,
        })) as E[];
        const page = pageFrom(rows, q.limit, (r) => {
          const v = r[sortField];
          return v instanceof Date ? v.toISOString() : (v as string);
        });
        return { items: page.items.map((r) => level.toView(r)), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    `${level.path}/:id`,
    {
      onRequest: canRead,
      schema: {
        tags,
        summary: `Get a ${what.toLowerCase()}`,
        params: idParams,
        response: withProblems({ 200: level.view }),
      },
    },
    async (req) => req.tx(async (em) => level.toView(await load(em, req.params.id, req))),
  );

  app.patch(
    `${level.path}/:id`,
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: `Change a ${what.toLowerCase()}`,
        params: idParams,
        body: level.updateBody,
        response: withProblems({ 200: level.view }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const row = await loadForWrite(em, req.params.id, req);
        if (row.archivedAt)
          throw errors.unprocessable('archived', `The ${what.toLowerCase()} is archived; restore it first`);
        const body = req.body as Record<string, unknown>;
        if (Object.keys(body).length === 0)
          throw errors.validation([{ path: 'body', message: 'name at least one field to change' }]);
        const before = { ...row };
        await level.beforeUpdate?.(em, row, body, req);
        Object.assign(row, body);
        await em.flush();
        audit(em, req, `${level.tag}.updated`, row, before);
        await level.events?.updated?.(em, row, req);
        return level.toView(row);
      }),
  );

  for (const action of ['archive', 'restore'] as const) {
    app.post(
      `${level.path}/:id/${action}`,
      {
        onRequest: canWriteTree,
        schema: {
          tags,
          summary:
            action === 'archive'
              ? `Archive a ${what.toLowerCase()} (kept for history, hidden from lists)`
              : `Restore an archived ${what.toLowerCase()}`,
          params: idParams,
          response: withProblems({ 200: level.view }),
        },
      },
      async (req) =>
        req.tx(async (em) => {
          const row = await loadForWrite(em, req.params.id, req);
          const before = { ...row };
          if (action === 'archive') {
            if (row.archivedAt)
              throw errors.unprocessable('already_archived', `The ${what.toLowerCase()} is already archived`);
            if (level.children) {
              const active = await em.count(level.children.entity, {
                [level.children.field]: row.id,
                archivedAt: null,
              });
              if (active)
                throw errors.unprocessable(
                  'has_children',
                  `Archive its ${active} ${level.children.what} first`,
                  { children: active },
                );
            }
            row.archivedAt = new Date();
          } else {
            if (!row.archivedAt)
              throw errors.unprocessable('not_archived', `The ${what.toLowerCase()} is not archived`);
            row.archivedAt = null;
          }
          await em.flush();
          audit(em, req, `${level.tag}.${action === 'archive' ? 'archived' : 'restored'}`, row, before);
          if (action === 'archive') await level.events?.archived?.(em, row, req);
          else await level.events?.updated?.(em, row, req);
          return level.toView(row);
        }),
    );
  }
}

/** Which scope kinds narrow a level's lists: each level is filtered by the path ids it carries. */
function scopeFieldsOf<E extends TerritoryRow>(level: Level<E>) {
  const probe = level.scopePath({
    id: 'id',
    streetId: 's',
    communityId: 'c',
    gridId: 'g',
    compoundId: 'p',
  } as never);
  const fields: Record<string, string> = {};
  const map: Record<string, string> = {
    streetId: 'streets',
    communityId: 'communities',
    gridId: 'grids',
    compoundId: 'compounds',
  };
  for (const [k, v] of Object.entries(probe)) {
    if (!map[k] || !v) continue;
    fields[map[k]] = v === 'id' ? 'id' : k;
  }
  return fields;
}

export type { z };
