import { errors } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { releaseCompound } from '../formation/formation.service.js';
import type { compoundEvents } from './compound.events.js';
import {
  type Building,
  BuildingEntity,
  type Community,
  CommunityEntity,
  type Compound,
  CompoundEntity,
  type Grid,
  GridEntity,
  type Household,
  HouseholdEntity,
  type Street,
  StreetEntity,
} from './territory.entities.js';
import type { Level, TerritoryRow } from './territory.resource.js';
import type { TerritoryListQuery } from './territory.schemas.js';
import * as s from './territory.schemas.js';

const base = (r: TerritoryRow) => ({
  id: r.id,
  archived: !!r.archivedAt,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  version: r.version,
});

/** Picks the list filters (from the shared query) that a level carries as columns. */
const pick = (q: TerritoryListQuery, keys: (keyof TerritoryListQuery)[]) =>
  Object.fromEntries(keys.filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));

export const BRANCH_FORM_NAMES = { 'own-branch': '小区党支部', 'joint-branch': '网格(联合)党支部' } as const;

export const streetLevel: Level<Street & TerritoryRow> = {
  what: 'Street',
  ancestorKind: 'streets',
  path: '/v1/streets',
  tag: 'streets',
  entity: StreetEntity as never,
  createBody: s.streetCreate,
  updateBody: s.streetUpdate,
  view: s.streetView,
  toView: (r) => ({ ...base(r), name: r.name, code: r.code ?? null }),
  nameField: 'name',
  scopePath: (r) => ({ streetId: r.id }),
  filters: () => ({}),
  children: { entity: CommunityEntity as never, field: 'streetId', what: 'communities' },
};

export const communityLevel: Level<Community & TerritoryRow> = {
  what: 'Community',
  ancestorKind: 'communities',
  path: '/v1/communities',
  tag: 'communities',
  entity: CommunityEntity as never,
  createBody: s.communityCreate,
  updateBody: s.communityUpdate,
  view: s.communityView,
  toView: (r) => ({ ...base(r), streetId: r.streetId, name: r.name }),
  nameField: 'name',
  parent: {
    field: 'streetId',
    what: 'Street',
    entity: StreetEntity as never,
    inherit: (p) => ({ streetId: p.id }),
  },
  scopePath: (r) => ({ streetId: r.streetId, communityId: r.id }),
  filters: (q) => pick(q, ['streetId']),
  children: { entity: GridEntity as never, field: 'communityId', what: 'grids' },
};

export const gridLevel: Level<Grid & TerritoryRow> = {
  what: 'Grid',
  ancestorKind: 'grids',
  path: '/v1/grids',
  tag: 'grids',
  entity: GridEntity as never,
  createBody: s.gridCreate,
  updateBody: s.gridUpdate,
  view: s.gridView,
  toView: (r) => ({ ...base(r), streetId: r.streetId, communityId: r.communityId, name: r.name }),
  nameField: 'name',
  parent: {
    field: 'communityId',
    what: 'Community',
    entity: CommunityEntity as never,
    inherit: (p) => ({ streetId: p.streetId as string, communityId: p.id }),
  },
  scopePath: (r) => ({ streetId: r.streetId, communityId: r.communityId, gridId: r.id }),
  filters: (q) => pick(q, ['streetId', 'communityId']),
  children: { entity: CompoundEntity as never, field: 'gridId', what: 'compounds' },
};

export function compoundLevel(
  events: ReturnType<typeof compoundEvents>,
  prefix: string,
): Level<Compound & TerritoryRow> {
  const ctx = (em: EntityManager, row: Compound, req: FastifyRequest) => ({
    em,
    tenantId: row.tenantId,
    prefix,
    req,
  });
  return {
    what: 'Compound',
    path: '/v1/compounds',
    tag: 'compounds',
    entity: CompoundEntity as never,
    createBody: s.compoundCreate,
    updateBody: s.compoundUpdate,
    view: s.compoundView,
    toView: (r) => ({
      ...base(r),
      streetId: r.streetId,
      communityId: r.communityId,
      gridId: r.gridId,
      name: r.name,
      address: r.address ?? null,
      lat: r.lat ?? null,
      lng: r.lng ?? null,
      householdCount: r.householdCount ?? null,
      buildingCount: r.buildingCount ?? null,
      propertyCompany: r.propertyCompany ?? null,
      branchId: r.branchId ?? null,
      branchForm: r.branchForm ?? null,
      branchFormName: r.branchForm ? BRANCH_FORM_NAMES[r.branchForm] : null,
      formationFlag: r.formationFlag ?? null,
    }),
    nameField: 'name',
    parent: {
      field: 'gridId',
      what: 'Grid',
      entity: GridEntity as never,
      inherit: (p) => ({
        streetId: p.streetId as string,
        communityId: p.communityId as string,
        gridId: p.id,
      }),
    },
    scopePath: (r) => ({
      streetId: r.streetId,
      communityId: r.communityId,
      gridId: r.gridId,
      compoundId: r.id,
    }),
    filters: (q) => ({
      ...pick(q, ['streetId', 'communityId', 'gridId']),
      ...(q.covered === undefined ? {} : { branchId: q.covered ? { $ne: null } : null }),
      ...(q.flagged === undefined ? {} : { formationFlag: q.flagged ? { $ne: null } : null }),
    }),
    children: { entity: BuildingEntity as never, field: 'compoundId', what: 'buildings' },
    async beforeUpdate(em: EntityManager, row, body, req) {
      if (!body.gridId || body.gridId === row.gridId) return;
      const grid = await em.findOne(GridEntity, { id: body.gridId as string });
      if (!grid || grid.archivedAt || grid.communityId !== row.communityId)
        throw errors.validation([
          { path: 'body.gridId', message: 'must be an active grid of the same community' },
        ]);
      // The old grid's joint branch no longer covers a compound that left the grid.
      if (row.branchForm === 'joint-branch')
        await releaseCompound(ctx(em, row, req), row, `${row.name}调整至${grid.name}`);
    },
    events: {
      created: events.created,
      updated: events.updated,
      // An archived compound leaves its branch (dissolved if it covered nothing else), then is announced.
      async archived(em, row, req) {
        await releaseCompound(ctx(em, row, req), row, `${row.name}已归档`);
        await events.archived(em, row, req);
      },
    },
  };
}

export const buildingLevel: Level<Building & TerritoryRow> = {
  what: 'Building',
  path: '/v1/buildings',
  tag: 'buildings',
  entity: BuildingEntity as never,
  createBody: s.buildingCreate,
  updateBody: s.buildingUpdate,
  view: s.buildingView,
  toView: (r) => ({
    ...base(r),
    streetId: r.streetId,
    communityId: r.communityId,
    compoundId: r.compoundId,
    name: r.name,
    unitCount: r.unitCount ?? null,
    floorCount: r.floorCount ?? null,
  }),
  nameField: 'name',
  parent: {
    field: 'compoundId',
    what: 'Compound',
    entity: CompoundEntity as never,
    inherit: (p) => ({
      streetId: p.streetId as string,
      communityId: p.communityId as string,
      compoundId: p.id,
    }),
  },
  scopePath: (r) => ({ streetId: r.streetId, communityId: r.communityId, compoundId: r.compoundId }),
  filters: (q) => pick(q, ['streetId', 'communityId', 'compoundId']),
  children: { entity: HouseholdEntity as never, field: 'buildingId', what: 'households' },
};

export const householdLevel: Level<Household & TerritoryRow> = {
  what: 'Household',
  path: '/v1/households',
  tag: 'households',
  entity: HouseholdEntity as never,
  createBody: s.householdCreate,
  updateBody: s.householdUpdate,
  view: s.householdView,
  toView: (r) => ({
    ...base(r),
    streetId: r.streetId,
    communityId: r.communityId,
    compoundId: r.compoundId,
    buildingId: r.buildingId,
    room: r.room,
  }),
  nameField: 'room',
  parent: {
    field: 'buildingId',
    what: 'Building',
    entity: BuildingEntity as never,
    inherit: (p) => ({
      streetId: p.streetId as string,
      communityId: p.communityId as string,
      compoundId: p.compoundId as string,
      buildingId: p.id,
    }),
  },
  scopePath: (r) => ({ streetId: r.streetId, communityId: r.communityId, compoundId: r.compoundId }),
  filters: (q) => pick(q, ['streetId', 'communityId', 'compoundId', 'buildingId']),
};
