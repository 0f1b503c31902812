import { recordAudit } from '@hongfan/audit';
import { compoundCreated } from '@hongfan/contracts';
import { csvInt, csvNumber, importRejected, parseCsvRows } from '@hongfan/csv';
import { refreshPlannerStats } from '@hongfan/db';
import type { FieldIssue } from '@hongfan/errors';
import { errors } from '@hongfan/errors';
import { requireAuth } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { assertWritable, effectiveAuth, TREE_WRITE_ROLES } from '../../access.js';
import { publish, SCHEMA } from '../../events.js';
import {
  type Community,
  CommunityEntity,
  type Compound,
  CompoundEntity,
  type Grid,
  GridEntity,
  type Street,
  StreetEntity,
} from './territory.entities.js';

export const TERRITORY_COLUMNS = {
  street: ['street', '街道'],
  community: ['community', '社区'],
  grid: ['grid', '网格'],
  compound: ['compound', '小区'],
  address: ['address', '地址'],
  lat: ['lat', '纬度'],
  lng: ['lng', '经度'],
  householdCount: ['households', '户数'],
  buildingCount: ['buildings', '楼栋数'],
  propertyCompany: ['property_company', '物业公司'],
};

const name = z.string({ error: 'is required' }).trim().min(1, 'is required').max(60);
const row = z.object({
  street: name,
  community: name,
  grid: name,
  compound: name,
  address: z.string().max(200).optional(),
  lat: csvNumber().min(-90).max(90).optional(),
  lng: csvNumber().min(-180).max(180).optional(),
  householdCount: csvInt().min(0).optional(),
  buildingCount: csvInt().min(0).optional(),
  propertyCompany: z.string().max(100).optional(),
});

export interface ImportSummary {
  rows: number;
  created: { streets: number; communities: number; grids: number; compounds: number };
}

/**
 * Imports territory from CSV (one compound a row, with its street, community and grid by name;
 * missing ones are created). Every bad row is reported with its line; a file with any bad row, or
 * naming a compound that already exists, writes nothing.
 */
export async function importTerritory(
  em: EntityManager,
  req: FastifyRequest,
  text: string,
  prefix: string,
): Promise<ImportSummary> {
  const tenantId = requireAuth(req).tenantId!;
  const auth = await effectiveAuth(em, req);
  const { rows, errors: problems } = parseCsvRows(text, TERRITORY_COLUMNS, row);
  const total = rows.length + new Set(problems.map((p) => p.path.split('.')[1])).size;
  if (total === 0) throw errors.validation([{ path: 'body', message: 'the file has no rows' }]);

  const key = (...parts: string[]) => parts.join('\u0000');
  const streets = new Map<string, Street>();
  const communities = new Map<string, Community>();
  const grids = new Map<string, Grid>();
  for (const s of await em.find(StreetEntity, { archivedAt: null })) streets.set(key(s.name), s);
  for (const c of await em.find(CommunityEntity, { archivedAt: null })) {
    const st = [...streets.values()].find((s) => s.id === c.streetId);
    if (st) communities.set(key(st.name, c.name), c);
  }
  for (const g of await em.find(GridEntity, { archivedAt: null })) {
    const c = [...communities.entries()].find(([, v]) => v.id === g.communityId);
    if (c) grids.set(key(c[0], g.name), g);
  }
  const existing = new Set(
    (await em.find(CompoundEntity, {}, { fields: ['communityId', 'name'] })).map((c) =>
      key(c.communityId, c.name),
    ),
  );

  const seen = new Map<string, number>();
  const rowProblems: FieldIssue[] = [...problems];
  for (const { line, value } of rows) {
    const k = key(value.street, value.community, value.compound);
    const first = seen.get(k);
    if (first) rowProblems.push({ path: `rows.${line}.compound`, message: `repeats line ${first}` });
    else seen.set(k, line);
    const community = communities.get(key(value.street, value.community));
    if (community && existing.has(key(community.id, value.compound)))
      rowProblems.push({ path: `rows.${line}.compound`, message: 'already exists in this community' });
    // Writing under a street or community outside the caller's scope is refused row by row.
    const street = streets.get(key(value.street));
    const path = { streetId: street?.id ?? null, communityId: community?.id ?? null };
    try {
      assertWritable(auth, street ? path : {}, TREE_WRITE_ROLES, 'Territory', 'import');
    } catch {
      rowProblems.push({ path: `rows.${line}.street`, message: 'outside your data scope' });
    }
  }
  if (rowProblems.length) throw importRejected(rowProblems, total);

  const created = { streets: 0, communities: 0, grids: 0, compounds: 0 };
  const compounds: Array<{ c: Compound; street: Street; community: Community; grid: Grid }> = [];
  // Rows reference each other only by id columns, so insert parents first, level by level.
  const fresh: { streets: Street[]; communities: Community[]; grids: Grid[] } = {
    streets: [],
    communities: [],
    grids: [],
  };
  for (const { value } of rows) {
    let street = streets.get(key(value.street));
    if (!street) {
      street = em.create(
        StreetEntity,
        { id: crypto.randomUUID(), tenantId, name: value.street },
        { persist: false },
      );
      fresh.streets.push(street);
      streets.set(key(value.street), street);
      created.streets++;
    }
    let community = communities.get(key(value.street, value.community));
    if (!community) {
      community = em.create(
        CommunityEntity,
        { id: crypto.randomUUID(), tenantId, streetId: street.id, name: value.community },
        { persist: false },
      );
      fresh.communities.push(community);
      communities.set(key(value.street, value.community), community);
      created.communities++;
    }
    let grid = grids.get(key(value.street, value.community, value.grid));
    if (!grid) {
      grid = em.create(
        GridEntity,
        {
          id: crypto.randomUUID(),
          tenantId,
          streetId: street.id,
          communityId: community.id,
          name: value.grid,
        },
        { persist: false },
      );
      fresh.grids.push(grid);
      grids.set(key(value.street, value.community, value.grid), grid);
      created.grids++;
    }
    const c = em.create(
      CompoundEntity,
      {
        id: crypto.randomUUID(),
        tenantId,
        streetId: street.id,
        communityId: community.id,
        gridId: grid.id,
        name: value.compound,
        address: value.address ?? null,
        lat: value.lat ?? null,
        lng: value.lng ?? null,
        householdCount: value.householdCount ?? null,
        buildingCount: value.buildingCount ?? null,
        propertyCompany: value.propertyCompany ?? null,
      },
      { persist: false },
    );
    compounds.push({ c, street, community, grid });
    created.compounds++;
  }
  for (const batch of [
    fresh.streets,
    fresh.communities,
    fresh.grids,
    compounds.map((x) => x.c),
  ] as object[][]) {
    em.persist(batch);
    await em.flush();
  }
  for (const { c, street, community, grid } of compounds)
    await publish(em, { prefix, req }, compoundCreated, tenantId, {
      compoundId: c.id,
      name: c.name,
      address: c.address ?? null,
      streetId: street.id,
      streetName: street.name,
      communityId: community.id,
      communityName: community.name,
      gridId: grid.id,
      gridName: grid.name,
      lat: c.lat ?? null,
      lng: c.lng ?? null,
      householdCount: c.householdCount ?? null,
      buildingCount: c.buildingCount ?? null,
      propertyCompany: c.propertyCompany ?? null,
      branchId: null,
      branchForm: null,
      archived: false,
    });
  recordAudit(em, req, {
    tenantId,
    action: 'territory.imported',
    targetType: 'territory',
    targetId: 'import',
    after: { rows: rows.length, ...created },
  });
  return { rows: rows.length, created };
}
