/*
 * What the signed-in user may use, mirroring the services' guards so that menus and buttons a
 * role may not use are absent. The services check again on every request (and by data scope).
 */

export type DataScope = Partial<
  Record<
    'streets' | 'communities' | 'grids' | 'compounds' | 'branches' | 'workUnits' | 'propertyCompanies',
    string[]
  >
>;

export interface Me {
  id: string;
  kind: 'user' | 'service' | 'platform';
  name: string | null;
  roles: string[];
  roleNames: string[];
  scope: DataScope;
  tenant: { id: string; code: string; name: string; city: string; status: string } | null;
}

export const ROLES = [
  'tenant-admin',
  'street-cadre',
  'community-cadre',
  'branch-secretary',
  'grid-worker',
  'work-unit-admin',
  'in-service-member',
  'volunteer',
  'property-staff',
  'opinion-cadre',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

/** Org: who reads (within scope), who builds the tree, who keeps rosters (apps/org/src/access.ts). */
export const ORG_READ: Role[] = [
  'tenant-admin',
  'street-cadre',
  'community-cadre',
  'branch-secretary',
  'grid-worker',
  'viewer',
];
export const ORG_TREE_WRITE: Role[] = ['tenant-admin', 'street-cadre', 'community-cadre'];
export const ORG_ROSTER_WRITE: Role[] = [
  'tenant-admin',
  'street-cadre',
  'community-cadre',
  'branch-secretary',
];

export function hasAnyRole(me: Me | null | undefined, roles: readonly string[]): boolean {
  return !!me && me.kind === 'user' && me.roles.some((r) => roles.includes(r));
}

export const isPlatform = (me: Me | null | undefined) => me?.kind === 'platform';
export const isTenantAdmin = (me: Me | null | undefined) => hasAnyRole(me, ['tenant-admin']);

/** True when the user's data scope restricts nothing (district-wide). */
export function isDistrictWide(me: Me | null | undefined): boolean {
  if (!me) return false;
  return Object.values(me.scope ?? {}).every((list) => !list || list.length === 0);
}

export const can = {
  platform: isPlatform,
  tenantAdmin: isTenantAdmin,
  orgRead: (me: Me | null | undefined) => hasAnyRole(me, ORG_READ),
  treeWrite: (me: Me | null | undefined) => hasAnyRole(me, ORG_TREE_WRITE),
  rosterWrite: (me: Me | null | undefined) => hasAnyRole(me, ORG_ROSTER_WRITE),
};
