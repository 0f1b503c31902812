import type { AuthContext, DataScope } from './auth-context.js';

/** Where a record sits; fill what the record knows. */
export interface ScopePath {
  streetId?: string | null;
  communityId?: string | null;
  gridId?: string | null;
  compoundId?: string | null;
  branchId?: string | null;
  workUnitId?: string | null;
  propertyCompanyId?: string | null;
}

const KEYS: Array<[keyof DataScope, keyof ScopePath]> = [
  ['streets', 'streetId'],
  ['communities', 'communityId'],
  ['grids', 'gridId'],
  ['compounds', 'compoundId'],
  ['branches', 'branchId'],
  ['workUnits', 'workUnitId'],
  ['propertyCompanies', 'propertyCompanyId'],
];

/** Roles that see the whole district; every other role sees only what its scope names. */
const DISTRICT_WIDE = new Set(['tenant-admin']);

export function isDistrictWide(auth: AuthContext): boolean {
  if (auth.roles.some((r) => DISTRICT_WIDE.has(r))) return true;
  // A district-level viewer (empty scope) reads the whole tenant; service accounts are limited by API scopes.
  if (auth.kind === 'service') return true;
  return auth.roles.includes('viewer') && isEmptyScope(auth.scope);
}

export function isEmptyScope(scope: DataScope): boolean {
  return KEYS.every(([k]) => !scope[k]?.length);
}

/**
 * Object-level check: may this caller see a record at `path`? True when the caller is district-wide,
 * or any unit on the record's path is named in the caller's scope (a street cadre's street covers
 * every community, grid and compound under it).
 */
export function scopeAllows(auth: AuthContext, path: ScopePath): boolean {
  if (isDistrictWide(auth)) return true;
  return KEYS.some(([scopeKey, pathKey]) => {
    const id = path[pathKey];
    return !!id && !!auth.scope[scopeKey]?.includes(id);
  });
}

/** Maps scope kinds to the record's fields (MikroORM property names) that hold those ids. */
export type ScopeFields = Partial<Record<keyof DataScope, string>>;

/** A condition no row satisfies: a caller with an empty scope sees nothing. */
const NOTHING = { id: { $in: [] as string[] } };

/**
 * List-level check: the MikroORM WHERE fragment that limits a query to the caller's scope. `{}` for
 * district-wide callers; otherwise rows whose mapped field is in the matching scope list (any kind
 * matching is enough: a street cadre's street covers every record under it).
 */
export function scopeWhere(auth: AuthContext, fields: ScopeFields): Record<string, unknown> {
  if (isDistrictWide(auth)) return {};
  const or: Record<string, unknown>[] = [];
  for (const [kind, field] of Object.entries(fields) as [keyof DataScope, string][]) {
    const ids = auth.scope[kind];
    if (ids?.length) or.push({ [field]: { $in: ids } });
  }
  if (!or.length) return NOTHING;
  return or.length === 1 ? or[0] : { $or: or };
}
