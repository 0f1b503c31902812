import { inOrder } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import { type AuthContext, guard, isDistrictWide, requireAuth } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { type InServiceMember, InServiceMemberEntity } from './modules/members/member.entity.js';
import { BranchRefEntity, CompoundRefEntity } from './modules/read-model/read-model.entities.js';

/** API scopes of integration service accounts. */
const READ = ['dual-reporting:read'];
const WRITE = ['dual-reporting:write'];

/** Everyone who uses this service reads, each within their scope. */
export const READ_ROLES = [
  'tenant-admin',
  'street-cadre',
  'community-cadre',
  'branch-secretary',
  'grid-worker',
  'work-unit-admin',
  'in-service-member',
  'viewer',
];
/** Roles that see every work unit of the district (their names, kinds and contacts, not their rosters). */
const SEES_ALL_UNITS = ['street-cadre', 'community-cadre', 'branch-secretary', 'grid-worker', 'viewer'];
/** The compound's side: confirm reports, post and verify tasks, verify deeds (within their area). */
export const BRANCH_ROLES = ['tenant-admin', 'street-cadre', 'community-cadre', 'branch-secretary'];
/** Who keeps a unit's roster (a work-unit admin for their own unit). */
export const ROSTER_ROLES = ['tenant-admin', 'work-unit-admin'];
/** Who links units to communities and branches (within their area). */
export const LINK_ROLES = ['tenant-admin', 'street-cadre', 'community-cadre'];

export const canRead = guard({ roles: READ_ROLES, scopes: READ });
/** Registers, renames and deactivates work units: the district's organisation department. */
export const canAdminUnits = guard({ roles: ['tenant-admin'], scopes: WRITE });
export const canWriteRoster = guard({ roles: ROSTER_ROLES, scopes: WRITE });
/** A report is made by the member's unit or by the member. */
export const canReport = guard({ roles: [...ROSTER_ROLES, 'in-service-member'], scopes: WRITE });
export const canDecide = guard({ roles: BRANCH_ROLES, scopes: WRITE });
export const canWriteLinks = guard({ roles: LINK_ROLES, scopes: WRITE });
/** Accepting and doing tasks and recording deeds is the member's own act. */
export const canServe = guard({ roles: ['in-service-member'] });
/** A member's own record. */
export const canSelf = canServe;

/** The caller with their scope resolved against the read model. */
export interface DrAuth extends AuthContext {
  /** Sees the whole tenant: tenant admins, a district-level viewer, service accounts. */
  all: boolean;
  /** Compounds their compound, grid and branch scopes cover. */
  compounds: string[];
  /** Branches their branch and compound scopes cover. */
  branches: string[];
  /** Their own member record (in-service members whose account is linked to one). */
  self: InServiceMember | null;
}

const uniq = (xs: Array<string | null | undefined>) => [...new Set(xs.filter((x): x is string => !!x))];

/**
 * Resolves the caller's scope: a branch secretary's branches become the compounds those branches
 * cover (from org's events: the compounds' branch ids and the branches' compound lists), a grid
 * becomes its compounds, a compound scope also names the compound's branch; an in-service member's
 * account is matched to their record by `sub`.
 */
export async function effectiveAuth(em: EntityManager, req: FastifyRequest): Promise<DrAuth> {
  const auth = requireAuth(req);
  let self: InServiceMember | null = null;
  if (auth.kind === 'user' && auth.roles.includes('in-service-member'))
    self = await em.findOne(InServiceMemberEntity, { userId: auth.subject, archivedAt: null });
  if (isDistrictWide(auth)) return { ...auth, all: true, compounds: [], branches: [], self };
  const s = auth.scope;
  let compounds = [...(s.compounds ?? [])];
  let branches = [...(s.branches ?? [])];
  if (branches.length) {
    const [covered, refs] = await inOrder(
      () => em.find(CompoundRefEntity, { branchId: { $in: branches } }, { fields: ['id'] }),
      () => em.find(BranchRefEntity, { id: { $in: branches } }, { fields: ['compoundIds'] }),
    );
    compounds.push(...covered.map((c) => c.id), ...refs.flatMap((b) => b.compoundIds ?? []));
  }
  if (s.grids?.length)
    compounds.push(
      ...(await em.find(CompoundRefEntity, { gridId: { $in: s.grids } }, { fields: ['id'] })).map(
        (c) => c.id,
      ),
    );
  if (s.compounds?.length)
    branches.push(
      ...(await em.find(CompoundRefEntity, { id: { $in: s.compounds } }, { fields: ['branchId'] })).map(
        (c) => c.branchId as string,
      ),
    );
  compounds = uniq(compounds);
  branches = uniq(branches);
  return { ...auth, all: false, compounds, branches, self };
}

/** Which fields of a record carry each kind of scope id. */
export interface VisibleFields {
  workUnits?: string;
  streets?: string;
  communities?: string;
  compounds?: string;
  branches?: string;
}

/** A condition no row satisfies. */
export const NOTHING = { id: { $in: [] as string[] } };

/**
 * The MikroORM condition limiting a query to what the caller may see: `{}` for the whole tenant,
 * else any of their scope kinds matching the record's field, or the `self` condition (their own
 * records, for in-service members).
 */
export function visibleWhere(
  auth: DrAuth,
  fields: VisibleFields,
  self?: Record<string, unknown> | null,
): Record<string, unknown> {
  if (auth.all) return {};
  const lists: Record<keyof VisibleFields, string[] | undefined> = {
    workUnits: auth.scope.workUnits,
    streets: auth.scope.streets,
    communities: auth.scope.communities,
    compounds: auth.compounds,
    branches: auth.branches,
  };
  const or: Record<string, unknown>[] = [];
  for (const [kind, field] of Object.entries(fields) as [keyof VisibleFields, string][]) {
    const ids = lists[kind];
    if (field && ids?.length) or.push({ [field]: { $in: ids } });
  }
  if (self) or.push(self);
  if (!or.length) return NOTHING;
  return or.length === 1 ? or[0] : { $or: or };
}

/** Tenant admins and integration accounts act on anything in the tenant. */
export function isAdmin(auth: AuthContext): boolean {
  return auth.kind === 'service' || auth.roles.includes('tenant-admin');
}

export interface AreaPath {
  streetId?: string | null;
  communityId?: string | null;
  compoundId?: string | null;
  branchId?: string | null;
}

/** Is the place inside the caller's street, community, branch or compound scope? */
export function inArea(auth: DrAuth, path: AreaPath): boolean {
  if (auth.all) return true;
  const has = (list: string[] | undefined, id?: string | null) => !!id && !!list?.includes(id);
  return (
    has(auth.scope.streets, path.streetId) ||
    has(auth.scope.communities, path.communityId) ||
    has(auth.compounds, path.compoundId) ||
    has(auth.branches, path.branchId)
  );
}

/** May the caller keep this unit's roster? Tenant admins, or the unit's own admin. */
export function assertRosterWriter(auth: DrAuth, workUnitId: string, what = 'member'): void {
  if (isAdmin(auth)) return;
  if (auth.roles.includes('work-unit-admin') && auth.scope.workUnits?.includes(workUnitId)) return;
  throw errors.forbidden(`Only the unit's admin may change this ${what}`);
}

/** May the caller act for the compound's branch (confirm, verify, post tasks) at this place? */
export function assertBranchSide(auth: DrAuth, path: AreaPath, what: string): void {
  if (isAdmin(auth)) return;
  const role = auth.roles.some((r) => BRANCH_ROLES.includes(r));
  if (!role || !inArea(auth, path))
    throw errors.forbidden(`Only the compound's branch (or its community or street) may ${what}`);
}

/** Work units the caller sees: all of them for district and area roles, else their own unit(s). */
export function unitWhere(auth: DrAuth): Record<string, unknown> {
  if (auth.all || auth.roles.some((r) => SEES_ALL_UNITS.includes(r))) return {};
  return visibleWhere(auth, { workUnits: 'id' }, auth.self ? { id: auth.self.workUnitId } : null);
}

/** May the caller read the unit's whole roster (feedback, export)? District-wide, or the unit's admin. */
export function assertRosterReader(auth: DrAuth, workUnitId: string): void {
  if (auth.all) return;
  if (auth.roles.includes('work-unit-admin') && auth.scope.workUnits?.includes(workUnitId)) return;
  throw errors.notFound('Work unit', workUnitId);
}

/** What an in-service member sees, and what a work-unit admin or an area role sees, of members. */
export function memberWhere(auth: DrAuth): Record<string, unknown> {
  return visibleWhere(
    auth,
    { workUnits: 'workUnitId', streets: 'streetId', communities: 'communityId', compounds: 'compoundId' },
    auth.self ? { id: auth.self.id } : null,
  );
}

/**
 * The same visibility as SQL over a table with work_unit_id, street_id, community_id and
 * compound_id columns (members, reports, deeds, tasks), for aggregate queries: `true` for the
 * whole tenant. `selfColumn` names the column matched against the caller's own member id.
 */
export function visibleSql(
  auth: DrAuth,
  alias: string,
  selfColumn: string,
): { sql: string; params: unknown[] } {
  if (auth.all) return { sql: 'true', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, ids: string[] | undefined) => {
    if (!ids?.length) return;
    parts.push(`${alias}.${column} = any(?::uuid[])`);
    params.push(ids);
  };
  add('work_unit_id', auth.scope.workUnits);
  add('street_id', auth.scope.streets);
  add('community_id', auth.scope.communities);
  add('compound_id', auth.compounds);
  if (auth.self) {
    parts.push(`${alias}.${selfColumn} = ?`);
    params.push(auth.self.id);
  }
  return { sql: parts.length ? `(${parts.join(' or ')})` : 'false', params };
}
