import { type CompoundState, compoundArchived, compoundCreated, compoundUpdated } from '@hongfan/contracts';
import { inOrder } from '@hongfan/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { publish } from '../../events.js';
import { CommunityEntity, type Compound, GridEntity, StreetEntity } from './territory.entities.js';

/** The compound's full state with its path names, as other services' read models need it. */
export async function compoundState(em: EntityManager, c: Compound): Promise<CompoundState> {
  const [street, community, grid] = await inOrder(
    () => em.findOneOrFail(StreetEntity, { id: c.streetId }),
    () => em.findOneOrFail(CommunityEntity, { id: c.communityId }),
    () => em.findOneOrFail(GridEntity, { id: c.gridId }),
  );
  return {
    compoundId: c.id,
    name: c.name,
    address: c.address ?? null,
    streetId: c.streetId,
    streetName: street.name,
    communityId: c.communityId,
    communityName: community.name,
    gridId: c.gridId,
    gridName: grid.name,
    lat: c.lat ?? null,
    lng: c.lng ?? null,
    householdCount: c.householdCount ?? null,
    buildingCount: c.buildingCount ?? null,
    propertyCompany: c.propertyCompany ?? null,
    branchId: c.branchId ?? null,
    branchForm: c.branchForm ?? null,
    archived: !!c.archivedAt,
  };
}

/** Publishes compound events; other modules (formation) call `changed` when they change a compound. */
export function compoundEvents(prefix: string) {
  const send =
    (def: typeof compoundCreated) => async (em: EntityManager, c: Compound, req?: FastifyRequest) => {
      await publish(em, { prefix, req }, def, c.tenantId, await compoundState(em, c));
    };
  return { created: send(compoundCreated), updated: send(compoundUpdated), archived: send(compoundArchived) };
}
