import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/** 街道: a street (subdistrict). */
export interface Street extends TenantOwned {
  name: string;
  code?: string | null;
  archivedAt?: Date | null;
}
export const StreetEntity = new EntitySchema<Street>({
  name: 'Street',
  tableName: 'streets',
  properties: { ...tenantOwnedProperties, name: p.text(), code: p.text(true), archivedAt: p.timestamp() },
});

/** 社区: a community, in one street. */
export interface Community extends TenantOwned {
  streetId: string;
  name: string;
  archivedAt?: Date | null;
}
export const CommunityEntity = new EntitySchema<Community>({
  name: 'Community',
  tableName: 'communities',
  properties: { ...tenantOwnedProperties, streetId: p.uuid(), name: p.text(), archivedAt: p.timestamp() },
});

/** 网格: a grid, grouping small compounds of one community. */
export interface Grid extends TenantOwned {
  streetId: string;
  communityId: string;
  name: string;
  archivedAt?: Date | null;
}
export const GridEntity = new EntitySchema<Grid>({
  name: 'Grid',
  tableName: 'grids',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    name: p.text(),
    archivedAt: p.timestamp(),
  },
});

/** 小区: a residential compound; belongs to exactly one grid. */
export interface Compound extends TenantOwned {
  streetId: string;
  communityId: string;
  gridId: string;
  name: string;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  householdCount?: number | null;
  buildingCount?: number | null;
  propertyCompany?: string | null;
  /** The branch that covers it (own, or the grid's joint branch), once a recommendation is applied. */
  branchId?: string | null;
  branchForm?: 'own-branch' | 'joint-branch' | null;
  /** Set when the roster changed so that the applied form no longer fits the rule. */
  formationFlag?: string | null;
  formationFlaggedAt?: Date | null;
  archivedAt?: Date | null;
}
export const CompoundEntity = new EntitySchema<Compound>({
  name: 'Compound',
  tableName: 'compounds',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    gridId: p.uuid(),
    name: p.text(),
    address: p.text(true),
    lat: p.float(true),
    lng: p.float(true),
    householdCount: p.int(true),
    buildingCount: p.int(true),
    propertyCompany: p.text(true),
    branchId: p.uuid(true),
    branchForm: p.text(true),
    formationFlag: p.text(true),
    formationFlaggedAt: p.timestamp(),
    archivedAt: p.timestamp(),
  },
});

/** 楼栋: a building in a compound. */
export interface Building extends TenantOwned {
  streetId: string;
  communityId: string;
  compoundId: string;
  name: string;
  unitCount?: number | null;
  floorCount?: number | null;
  archivedAt?: Date | null;
}
export const BuildingEntity = new EntitySchema<Building>({
  name: 'Building',
  tableName: 'buildings',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    compoundId: p.uuid(),
    name: p.text(),
    unitCount: p.int(true),
    floorCount: p.int(true),
    archivedAt: p.timestamp(),
  },
});

/** 户: a household (a flat) in a building, e.g. room "2单元301". */
export interface Household extends TenantOwned {
  streetId: string;
  communityId: string;
  compoundId: string;
  buildingId: string;
  room: string;
  archivedAt?: Date | null;
}
export const HouseholdEntity = new EntitySchema<Household>({
  name: 'Household',
  tableName: 'households',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    compoundId: p.uuid(),
    buildingId: p.uuid(),
    room: p.text(),
    archivedAt: p.timestamp(),
  },
});

export const territoryEntities = [
  StreetEntity,
  CommunityEntity,
  GridEntity,
  CompoundEntity,
  BuildingEntity,
  HouseholdEntity,
];
