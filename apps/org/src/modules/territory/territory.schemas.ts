import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';

const name = z.string().trim().min(1).max(60);
const count = z.number().int().min(0).max(100_000);

export const streetCreate = z.strictObject({ name, code: z.string().trim().max(20).optional() });
export const streetUpdate = z.strictObject({
  name: name.optional(),
  code: z.string().trim().max(20).nullable().optional(),
});

export const communityCreate = z.strictObject({ streetId: z.uuid(), name });
export const communityUpdate = z.strictObject({ name: name.optional() });

export const gridCreate = z.strictObject({ communityId: z.uuid(), name });
export const gridUpdate = z.strictObject({ name: name.optional() });

const compoundFields = {
  address: z.string().trim().max(200).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  householdCount: count.nullable().optional(),
  buildingCount: count.nullable().optional(),
  propertyCompany: z.string().trim().max(100).nullable().optional(),
};
export const compoundCreate = z.strictObject({ gridId: z.uuid(), name, ...compoundFields });
/** A compound may move to another grid of the same community. */
export const compoundUpdate = z.strictObject({
  gridId: z.uuid().optional(),
  name: name.optional(),
  ...compoundFields,
});

export const buildingCreate = z.strictObject({
  compoundId: z.uuid(),
  name: name.describe('e.g. 3号楼'),
  unitCount: count.nullable().optional(),
  floorCount: count.nullable().optional(),
});
export const buildingUpdate = z.strictObject({
  name: name.optional(),
  unitCount: count.nullable().optional(),
  floorCount: count.nullable().optional(),
});

export const householdCreate = z.strictObject({ buildingId: z.uuid(), room: name.describe('e.g. 2单元301') });
export const householdUpdate = z.strictObject({ room: name.optional() });

/** Filters every territory list accepts; each level uses the ones that apply to it. */
export const territoryListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  compoundId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  q: z.string().trim().max(60).optional().describe('name contains'),
  includeArchived: queryBool.optional(),
  /** Compounds only: whether a branch covers them. */
  covered: queryBool.optional(),
  /** Compounds only: flagged because their branch form no longer fits. */
  flagged: queryBool.optional(),
  sort: z.enum(['name', 'createdAt']).default('name'),
});
export type TerritoryListQuery = z.infer<typeof territoryListQuery>;

const base = {
  id: z.uuid(),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
};
export const streetView = z.object({ ...base, name: z.string(), code: z.string().nullable() });
export const communityView = z.object({ ...base, streetId: z.uuid(), name: z.string() });
export const gridView = z.object({ ...base, streetId: z.uuid(), communityId: z.uuid(), name: z.string() });
export const compoundView = z.object({
  ...base,
  streetId: z.uuid(),
  communityId: z.uuid(),
  gridId: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  householdCount: z.number().int().nullable(),
  buildingCount: z.number().int().nullable(),
  propertyCompany: z.string().nullable(),
  branchId: z.uuid().nullable(),
  branchForm: z.enum(['own-branch', 'joint-branch']).nullable(),
  branchFormName: z.string().nullable(),
  formationFlag: z.string().nullable(),
});
export const buildingView = z.object({
  ...base,
  streetId: z.uuid(),
  communityId: z.uuid(),
  compoundId: z.uuid(),
  name: z.string(),
  unitCount: z.number().int().nullable(),
  floorCount: z.number().int().nullable(),
});
export const householdView = z.object({
  ...base,
  streetId: z.uuid(),
  communityId: z.uuid(),
  compoundId: z.uuid(),
  buildingId: z.uuid(),
  room: z.string(),
});
