import type { PartyOrgLevel } from '@hongfan/contracts';
import { errors } from '@hongfan/errors';
import { type ScopePath, scopeAllows } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { effectiveAuth, type OrgAuth } from '../../access.js';
import { type PartyOrg, PartyOrgEntity } from '../party-orgs/party-org.entity.js';
import { LEVEL_NAMES } from '../party-orgs/party-org.levels.js';
import { type Compound, CompoundEntity } from '../territory/territory.entities.js';

/** Where a Party organisation sits, for scope checks: its territory path and itself as a branch. */
export function partyOrgPath(org: PartyOrg): ScopePath {
  return {
    streetId: org.streetId,
    communityId: org.communityId,
    gridId: org.gridId,
    compoundId: org.compoundId,
    branchId: org.id,
  };
}

export interface LoadedOrg {
  org: PartyOrg;
  auth: OrgAuth;
  /** The live compounds the organisation covers: its own compound, and those whose branch it is. */
  compounds: Compound[];
}

/**
 * Loads a Party organisation the caller may see (404 otherwise: no probing), with the compounds it
 * covers. Visible to callers whose scope holds its path, the branch itself, or one of its compounds.
 */
export async function loadPartyOrg(em: EntityManager, req: FastifyRequest, id: string): Promise<LoadedOrg> {
  const org = await em.findOne(PartyOrgEntity, { id });
  if (!org) throw errors.notFound('Party organisation', id);
  const auth = await effectiveAuth(em, req);
  const compounds = await em.find(
    CompoundEntity,
    {
      $or: [{ branchId: org.id }, ...(org.compoundId ? [{ id: org.compoundId }] : [])],
      archivedAt: null,
    },
    { orderBy: { name: 'asc', id: 'asc' } },
  );
  const visible =
    scopeAllows(auth, partyOrgPath(org)) ||
    compounds.some((c) => scopeAllows(auth, { compoundId: c.id, gridId: c.gridId }));
  if (!visible) throw errors.notFound('Party organisation', id);
  return { org, auth, compounds };
}

/** Loads a Party branch (compound or grid branch) the caller may see; another level is a 422. */
export async function loadBranch(
  em: EntityManager,
  req: FastifyRequest,
  id: string,
  levels: PartyOrgLevel[] = ['compound-branch', 'grid-branch'],
): Promise<LoadedOrg> {
  const loaded = await loadPartyOrg(em, req, id);
  if (!levels.includes(loaded.org.level))
    throw errors.unprocessable(
      levels.length === 1 && levels[0] === 'grid-branch' ? 'not_grid_branch' : 'not_a_branch',
      `${loaded.org.name} is a ${LEVEL_NAMES[loaded.org.level]}; this applies to ${levels
        .map((l) => LEVEL_NAMES[l])
        .join(' / ')} only`,
      { level: loaded.org.level },
    );
  return loaded;
}

/** Changing needs one of `roles` (service accounts: `org:write`); the record is already visible. */
export function assertRole(auth: OrgAuth, roles: string[], what: string): void {
  const allowed =
    auth.kind === 'service'
      ? auth.apiScopes.includes('org:write')
      : auth.roles.some((r) => roles.includes(r));
  if (!allowed) throw errors.forbidden(`Your role may not change this ${what}`);
}

export function assertActive(org: PartyOrg): void {
  if (org.status !== 'active')
    throw errors.unprocessable('branch_dissolved', `${org.name} was dissolved on ${org.dissolvedOn ?? '?'}`);
}
