import { errors } from '@hongfan/errors';
import {
  type AuthContext,
  guard,
  isDistrictWide,
  requireAuth,
  type ScopeFields,
  type ScopePath,
  scopeAllows,
  scopeWhere,
} from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { CommunityEntity, CompoundEntity, GridEntity } from './modules/territory/territory.entities.js';

/** Who may read org data (within their scope); service accounts need `org:read`. */
export const READ_ROLES = [
  'tenant-admin',
  'street-cadre',
  'community-cadre',
  'branch-secretary',
  'grid-worker',
  'viewer',
];
/** Who builds the territory and Party organisation tree (within their scope). */
export const TREE_WRITE_ROLES = ['tenant-admin', 'street-cadre', 'community-cadre'];
/** Who keeps rosters and compound-level records (a branch secretary for their own branch). */
export const ROSTER_WRITE_ROLES = ['tenant-admin', 'street-cadre', 'community-cadre', 'branch-secretary'];

export const canRead = guard({ roles: READ_ROLES, scopes: ['org:read'] });
export const canWriteTree = guard({ roles: TREE_WRITE_ROLES, scopes: ['org:write'] });
export const canWriteRoster = guard({ roles: ROSTER_WRITE_ROLES, scopes: ['org:write'] });

/** The scope fields of records that carry the territory path (street → community → grid → compound). */
export const PATH_FIELDS: ScopeFields = {
  streets: 'streetId',
  communities: 'communityId',
  grids: 'gridId',
  compounds: 'compoundId',
};

/** The caller, plus the territory above their scope, which they may read (not change) to find their way. */
export interface OrgAuth extends AuthContext {
  ancestors: { streets: string[]; communities: string[]; grids: string[] };
}

/**
 * The caller's scope with their branches resolved to the compounds those branches cover (so a
 * branch secretary scoped to a branch sees that branch's compounds), and the ancestors of their
 * scope (a community cadre sees their community's street in the tree).
 */
export function effectiveAuth(em: EntityManager, req: FastifyRequest): Promise<OrgAuth> {
  // Modules ask for it more than once per request (load, then check for a write): resolve once.
  let resolved = resolvedAuth.get(req);
  if (!resolved) {
    resolved = resolveAuth(em, req);
    resolvedAuth.set(req, resolved);
  }
  return resolved;
}

const resolvedAuth = new WeakMap<FastifyRequest, Promise<OrgAuth>>();

async function resolveAuth(em: EntityManager, req: FastifyRequest): Promise<OrgAuth> {
  const auth = requireAuth(req);
  const ancestors = { streets: [] as string[], communities: [] as string[], grids: [] as string[] };
  if (isDistrictWide(auth)) return { ...auth, ancestors };
  const scope = { ...auth.scope };
  if (scope.branches?.length) {
    const covered = await em.find(CompoundEntity, { branchId: { $in: scope.branches } }, { fields: ['id'] });
    scope.compounds = [...(scope.compounds ?? []), ...covered.map((c) => c.id)];
  }
  const add = (list: string[], id?: string | null) => {
    if (id && !list.includes(id)) list.push(id);
  };
  if (scope.compounds?.length)
    for (const c of await em.find(
      CompoundEntity,
      { id: { $in: scope.compounds } },
      { fields: ['streetId', 'communityId', 'gridId'] },
    )) {
      add(ancestors.streets, c.streetId);
      add(ancestors.communities, c.communityId);
      add(ancestors.grids, c.gridId);
    }
  if (scope.grids?.length)
    for (const g of await em.find(
      GridEntity,
      { id: { $in: scope.grids } },
      { fields: ['streetId', 'communityId'] },
    )) {
      add(ancestors.streets, g.streetId);
      add(ancestors.communities, g.communityId);
    }
  if (scope.communities?.length)
    for (const c of await em.find(
      CommunityEntity,
      { id: { $in: scope.communities } },
      { fields: ['streetId'] },
    ))
      add(ancestors.streets, c.streetId);
  return { ...auth, scope, ancestors };
}

/** Restricts a list query to the caller's scope. */
export function scoped(auth: AuthContext, fields: ScopeFields = PATH_FIELDS): Record<string, unknown> {
  return scopeWhere(auth, fields);
}

/** A record outside the caller's scope does not exist for them (404, not 403: no probing). */
export function assertVisible(auth: AuthContext, path: ScopePath, what: string, id: string): void {
  if (!scopeAllows(auth, path)) throw errors.notFound(what, id);
}

/** Writing needs a write role and the record inside the caller's scope. */
export function assertWritable(
  auth: AuthContext,
  path: ScopePath,
  roles: string[],
  what: string,
  id: string,
): void {
  assertVisible(auth, path, what, id);
  const allowed =
    auth.kind === 'service'
      ? auth.apiScopes.includes('org:write')
      : auth.roles.some((r) => roles.includes(r));
  if (!allowed) throw errors.forbidden(`Your role may not change this ${what.toLowerCase()}`);
}
