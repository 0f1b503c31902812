import type { TerritoryKind } from './tree';

/** Collection path and parent field of each territory level in org's API. */
export const LEVEL_API: Record<TerritoryKind | 'household', { path: string; parentField?: string }> = {
  street: { path: '/v1/streets' },
  community: { path: '/v1/communities', parentField: 'streetId' },
  grid: { path: '/v1/grids', parentField: 'communityId' },
  compound: { path: '/v1/compounds', parentField: 'gridId' },
  building: { path: '/v1/buildings', parentField: 'compoundId' },
  household: { path: '/v1/households', parentField: 'buildingId' },
};

export interface Compound {
  id: string;
  streetId: string;
  communityId: string;
  gridId: string;
  name: string;
  address: string | null;
  householdCount: number | null;
  buildingCount: number | null;
  propertyCompany: string | null;
  branchId: string | null;
  branchForm: 'own-branch' | 'joint-branch' | null;
  branchFormName: string | null;
  formationFlag: string | null;
  archived: boolean;
  version: number;
}

export interface Building {
  id: string;
  compoundId: string;
  name: string;
  unitCount: number | null;
  floorCount: number | null;
  archived: boolean;
}

export interface Household {
  id: string;
  buildingId: string;
  compoundId: string;
  room: string;
}

/** Fields each level's form shows (besides the name, which all have). */
export const LEVEL_FIELDS: Record<
  TerritoryKind,
  ('code' | 'address' | 'householdCount' | 'buildingCount' | 'propertyCompany' | 'unitCount' | 'floorCount')[]
> = {
  street: ['code'],
  community: [],
  grid: [],
  compound: ['address', 'householdCount', 'buildingCount', 'propertyCompany'],
  building: ['unitCount', 'floorCount'],
};

/** Form values to a create/update body: blank optional text becomes absent (create) or null (update). */
export function territoryBody(
  kind: TerritoryKind,
  values: Record<string, unknown>,
  mode: 'create' | 'update',
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: typeof values.name === 'string' ? values.name.trim() : values.name,
  };
  for (const f of LEVEL_FIELDS[kind]) {
    const v = values[f];
    const blank = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    if (blank) {
      if (mode === 'update') body[f] = null;
    } else body[f] = typeof v === 'string' ? v.trim() : v;
  }
  return body;
}
