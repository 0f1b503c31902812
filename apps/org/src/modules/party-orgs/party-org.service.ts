import { recordAudit } from '@hongfan/audit';
import {
  type PartyOrgLevel,
  partyOrgChanged,
  partyOrgDissolved,
  partyOrgFormed,
  type partyOrgState,
} from '@hongfan/contracts';
import { inOrder } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import { isDistrictWide, type ScopePath, scopeAllows } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { assertWritable, effectiveAuth, type OrgAuth, scoped, TREE_WRITE_ROLES } from '../../access.js';
import { publish } from '../../events.js';
import { compoundEvents } from '../territory/compound.events.js';
import {
  BuildingEntity,
  CommunityEntity,
  type Compound,
  CompoundEntity,
  GridEntity,
  HouseholdEntity,
  StreetEntity,
} from '../territory/territory.entities.js';
import { type PartyOrg, PartyOrgEntity } from './party-org.entity.js';
import {
  BRANCH_LEVELS,
  isBranch,
  LEVEL_NAMES,
  LEVEL_RANK,
  LEVEL_TERRITORY,
  STATUS_NAMES,
} from './party-org.levels.js';
import { type PartyOrgCreate, type PartyOrgView, today } from './party-org.schemas.js';

/** What a change to the organisation tree runs with: the request's transaction and the outbox prefix. */
export interface OrgCtx {
  em: EntityManager;
  tenantId: string;
  prefix: string;
  req?: FastifyRequest;
}

// ——— views and events ———

/** The compounds each branch covers, for a page of organisations (one query). */
export async function coveredCompounds(em: EntityManager, orgs: PartyOrg[]): Promise<Map<string, string[]>> {
  const ids = orgs.filter((o) => isBranch(o.level)).map((o) => o.id);
  const out = new Map<string, string[]>();
  if (!ids.length) return out;
  const rows = await em.find(
    CompoundEntity,
    { branchId: { $in: ids } },
    { fields: ['id', 'branchId'], orderBy: { name: 'asc', id: 'asc' } },
  );
  for (const r of rows) {
    const list = out.get(r.branchId as string) ?? [];
    list.push(r.id);
    out.set(r.branchId as string, list);
  }
  return out;
}

export function toView(o: PartyOrg, compoundIds: string[]): PartyOrgView {
  return {
    id: o.id,
    level: o.level,
    levelName: LEVEL_NAMES[o.level],
    rank: LEVEL_RANK[o.level],
    name: o.name,
    parentId: o.parentId ?? null,
    streetId: o.streetId ?? null,
    communityId: o.communityId ?? null,
    gridId: o.gridId ?? null,
    compoundId: o.compoundId ?? null,
    buildingId: o.buildingId ?? null,
    householdId: o.householdId ?? null,
    compoundIds,
    status: o.status,
    statusName: STATUS_NAMES[o.status as 'active' | 'dissolved'],
    formedOn: o.formedOn,
    dissolvedOn: o.dissolvedOn ?? null,
    dissolveReason: o.dissolveReason ?? null,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  };
}

export async function viewOf(em: EntityManager, o: PartyOrg): Promise<PartyOrgView> {
  return toView(o, (await coveredCompounds(em, [o])).get(o.id) ?? []);
}

/**
 * The event state of an organisation. `compoundIds`: what a branch covers now (a compound branch
 * its compound, a joint branch each of its compounds; nothing once dissolved); the compound of a
 * building group or central household; nothing for the committees.
 */
async function stateOf(em: EntityManager, o: PartyOrg): Promise<z.input<typeof partyOrgState>> {
  const compoundIds = isBranch(o.level)
    ? ((await coveredCompounds(em, [o])).get(o.id) ?? [])
    : o.compoundId
      ? [o.compoundId]
      : [];
  return {
    partyOrgId: o.id,
    level: o.level,
    name: o.name,
    parentId: o.parentId ?? null,
    streetId: o.streetId ?? null,
    communityId: o.communityId ?? null,
    gridId: o.gridId ?? null,
    compoundIds,
    status: o.status,
  };
}

type OrgEvent = typeof partyOrgFormed | typeof partyOrgChanged | typeof partyOrgDissolved;
/** Writes a party-org event to the outbox (flush first: the state reads compounds' branch ids). */
export async function emitOrg(ctx: OrgCtx, def: OrgEvent, o: PartyOrg): Promise<void> {
  await publish(ctx.em, ctx, def, ctx.tenantId, await stateOf(ctx.em, o));
}
export { partyOrgChanged, partyOrgDissolved, partyOrgFormed };

export function audit(ctx: OrgCtx, action: string, o: PartyOrg, before?: object): void {
  if (!ctx.req) return;
  recordAudit(ctx.em, ctx.req, {
    tenantId: ctx.tenantId,
    action: `party-orgs.${action}`,
    targetType: 'party-orgs',
    targetId: o.id,
    before,
    after: o,
  });
}

// ——— data scope ———

/** Where an organisation sits, for scope checks (a branch is also named by its own id). */
export function orgPath(
  o: Pick<PartyOrg, 'streetId' | 'communityId' | 'gridId' | 'compoundId'> & {
    id?: string;
    level: PartyOrgLevel;
  },
): ScopePath {
  return {
    streetId: o.streetId,
    communityId: o.communityId,
    gridId: o.gridId,
    compoundId: o.compoundId,
    branchId: isBranch(o.level) ? o.id : undefined,
  };
}

/** The caller as the Party organisation routes see them: their scope plus the branches covering their compounds. */
export interface PartyOrgAuth extends OrgAuth {
  /** Branches covering the compounds the caller is scoped to (a compound's joint branch is above it). */
  coveringBranches: string[];
}

export async function partyOrgAuth(em: EntityManager, req: FastifyRequest): Promise<PartyOrgAuth> {
  const auth = await effectiveAuth(em, req);
  let coveringBranches: string[] = [];
  if (!isDistrictWide(auth) && auth.scope.compounds?.length) {
    const rows = await em.find(
      CompoundEntity,
      { id: { $in: auth.scope.compounds }, branchId: { $ne: null } },
      { fields: ['branchId'] },
    );
    coveringBranches = [...new Set(rows.map((r) => r.branchId as string))];
  }
  return { ...auth, coveringBranches };
}

/**
 * An organisation over the territory above the caller's scope (their street's committee, their
 * community's committee, the joint branch covering their compound): readable, so they can find
 * their way up the tree, never writable.
 */
export function isAboveScope(
  auth: PartyOrgAuth,
  o: Pick<PartyOrg, 'level' | 'streetId' | 'communityId'> & { id?: string },
) {
  if (o.level === 'street-committee') return !!o.streetId && auth.ancestors.streets.includes(o.streetId);
  if (o.level === 'community-committee')
    return !!o.communityId && auth.ancestors.communities.includes(o.communityId);
  if (o.level === 'grid-branch') return !!o.id && auth.coveringBranches.includes(o.id);
  return false;
}

/** The list condition: organisations in the caller's scope, and those just above it. */
export function visibleWhere(auth: PartyOrgAuth): Record<string, unknown> {
  const inScope = scoped(auth, {
    streets: 'streetId',
    communities: 'communityId',
    grids: 'gridId',
    compounds: 'compoundId',
    branches: 'id',
  });
  const above: Record<string, unknown>[] = [];
  const { streets, communities } = auth.ancestors;
  if (streets.length) above.push({ level: 'street-committee', streetId: { $in: streets } });
  if (communities.length) above.push({ level: 'community-committee', communityId: { $in: communities } });
  if (auth.coveringBranches.length) above.push({ id: { $in: auth.coveringBranches } });
  return above.length ? { $or: [inScope, ...above] } : inScope;
}

export function assertOrgVisible(auth: PartyOrgAuth, o: PartyOrg, id: string): void {
  if (!scopeAllows(auth, orgPath(o)) && !isAboveScope(auth, o))
    throw errors.notFound('Party organisation', id);
}

/** Changing needs a tree-writing role and the organisation inside (not above) the caller's scope. */
export function assertOrgWritable(
  auth: PartyOrgAuth,
  o: Pick<PartyOrg, 'level' | 'streetId' | 'communityId' | 'gridId' | 'compoundId'> & { id?: string },
  id: string,
) {
  if (!scopeAllows(auth, orgPath(o)) && isAboveScope(auth, o))
    throw errors.forbidden(
      'This Party organisation is above your data scope; you may read it but not change it',
    );
  assertWritable(auth, orgPath(o), TREE_WRITE_ROLES, 'Party organisation', id);
}

// ——— forming ———

type Path = Pick<
  PartyOrg,
  'streetId' | 'communityId' | 'gridId' | 'compoundId' | 'buildingId' | 'householdId'
>;

/** Where a new organisation goes: its territory path, the parent it must have, candidate names. */
export interface Placement {
  level: PartyOrgLevel;
  path: Path;
  /** The active organisation one level up over this territory, if it has been formed. */
  parent: PartyOrg | null;
  /** Names the parent it needs, for messages (e.g. 南门社区的社区党委). */
  parentWhat: string;
  /** Default names, most natural first; the first one not in use is taken. */
  names: string[];
  compound?: Compound;
}

const noSuch = (field: string, what: string) =>
  errors.validation([{ path: `body.${field}`, message: `no such active ${what}` }]);

async function activeOrg(em: EntityManager, where: Record<string, unknown>): Promise<PartyOrg | null> {
  return em.findOne(PartyOrgEntity, { ...where, status: 'active' } as never);
}

/** Finds the territory the body names (400 if there is none) and the parent the level needs there. */
export async function place(em: EntityManager, body: PartyOrgCreate): Promise<Placement> {
  const live = { archivedAt: null };
  switch (body.level) {
    case 'street-committee': {
      const street = await em.findOne(StreetEntity, { id: body.streetId, ...live });
      if (!street) throw noSuch('streetId', 'street');
      return {
        level: body.level,
        path: { streetId: street.id },
        parent: null,
        parentWhat: '',
        names: [`${street.name}党工委`],
      };
    }
    case 'community-committee': {
      const community = await em.findOne(CommunityEntity, { id: body.communityId, ...live });
      if (!community) throw noSuch('communityId', 'community');
      const street = await em.findOneOrFail(StreetEntity, { id: community.streetId });
      return {
        level: body.level,
        path: { streetId: community.streetId, communityId: community.id },
        parent: await activeOrg(em, { level: 'street-committee', streetId: community.streetId }),
        parentWhat: `${street.name}的街道党工委`,
        names: [`${community.name}党委`, `${street.name}${community.name}党委`],
      };
    }
    case 'grid-branch': {
      const grid = await em.findOne(GridEntity, { id: body.gridId, ...live });
      if (!grid) throw noSuch('gridId', 'grid');
      return jointBranchPlacement(em, grid);
    }
    case 'compound-branch': {
      const compound = await em.findOne(CompoundEntity, { id: body.compoundId, ...live });
      if (!compound) throw noSuch('compoundId', 'compound');
      return ownBranchPlacement(em, compound);
    }
    case 'building-group': {
      const building = await em.findOne(BuildingEntity, { id: body.buildingId, ...live });
      if (!building) throw noSuch('buildingId', 'building');
      const compound = await em.findOneOrFail(CompoundEntity, { id: building.compoundId });
      const community = await em.findOneOrFail(CommunityEntity, { id: compound.communityId });
      return {
        level: body.level,
        path: {
          streetId: compound.streetId,
          communityId: compound.communityId,
          gridId: compound.gridId,
          compoundId: compound.id,
          buildingId: building.id,
        },
        // A building group belongs to the branch that covers its compound, own or joint.
        parent: compound.branchId ? await activeOrg(em, { id: compound.branchId }) : null,
        parentWhat: `覆盖${compound.name}的党支部（先完成合理设置党支部）`,
        names: [
          `${compound.name}${building.name}党小组`,
          `${community.name}${compound.name}${building.name}党小组`,
        ],
      };
    }
    case 'central-household': {
      const household = await em.findOne(HouseholdEntity, { id: body.householdId, ...live });
      if (!household) throw noSuch('householdId', 'household');
      const compound = await em.findOneOrFail(CompoundEntity, { id: household.compoundId });
      const building = await em.findOneOrFail(BuildingEntity, { id: household.buildingId });
      const community = await em.findOneOrFail(CommunityEntity, { id: compound.communityId });
      return {
        level: body.level,
        path: {
          streetId: compound.streetId,
          communityId: compound.communityId,
          gridId: compound.gridId,
          compoundId: compound.id,
          buildingId: building.id,
          householdId: household.id,
        },
        parent: await activeOrg(em, { level: 'building-group', buildingId: building.id }),
        parentWhat: `${compound.name}${building.name}的楼栋党小组`,
        names: [
          `${compound.name}${building.name}${household.room}党员中心户`,
          `${community.name}${compound.name}${building.name}${household.room}党员中心户`,
        ],
      };
    }
  }
}

/** A compound's own branch hangs under its community's committee, named after the compound. */
export async function ownBranchPlacement(em: EntityManager, compound: Compound): Promise<Placement> {
  const [street, community] = await inOrder(
    () => em.findOneOrFail(StreetEntity, { id: compound.streetId }),
    () => em.findOneOrFail(CommunityEntity, { id: compound.communityId }),
  );
  return {
    level: 'compound-branch',
    path: {
      streetId: compound.streetId,
      communityId: compound.communityId,
      gridId: compound.gridId,
      compoundId: compound.id,
    },
    parent: await activeOrg(em, { level: 'community-committee', communityId: compound.communityId }),
    parentWhat: `${community.name}的社区党委`,
    names: ownBranchNames(compound.name, community.name, street.name),
    compound,
  };
}

/** A grid's joint branch hangs under its community's committee, named after the grid. */
export async function jointBranchPlacement(
  em: EntityManager,
  grid: { id: string; streetId: string; communityId: string; name: string },
): Promise<Placement> {
  const [street, community] = await inOrder(
    () => em.findOneOrFail(StreetEntity, { id: grid.streetId }),
    () => em.findOneOrFail(CommunityEntity, { id: grid.communityId }),
  );
  return {
    level: 'grid-branch',
    path: { streetId: grid.streetId, communityId: grid.communityId, gridId: grid.id },
    parent: await activeOrg(em, { level: 'community-committee', communityId: grid.communityId }),
    parentWhat: `${community.name}的社区党委`,
    names: jointBranchNames(grid.name, community.name, street.name),
  };
}

/** 幸福里小区 → 幸福里小区党支部 (prefixed with the community, then the street, when the name is taken). */
export const ownBranchNames = (compound: string, community: string, street: string) => [
  `${compound}党支部`,
  `${community}${compound}党支部`,
  `${street}${community}${compound}党支部`,
];
/** 一网格 → 一网格联合党支部 (grid names repeat across communities, so the prefixes matter). */
export const jointBranchNames = (grid: string, community: string, street: string) => [
  `${grid}联合党支部`,
  `${community}${grid}联合党支部`,
  `${street}${community}${grid}联合党支部`,
];

/**
 * Forms the organisation a placement describes: checks one active organisation per unit, the
 * parent, the name and the date; creates and flushes it. Events are the caller's (a compound branch
 * also covers its compound).
 */
export async function formOrg(
  ctx: OrgCtx,
  placement: Placement,
  input: { name?: string; parentId?: string; formedOn?: string },
): Promise<PartyOrg> {
  const { em } = ctx;
  const { level, path } = placement;
  const field = LEVEL_TERRITORY[level];
  const existing = await activeOrg(em, { level, [field]: path[field] });
  if (existing)
    throw errors.conflict(
      `A ${LEVEL_NAMES[level]} has already been formed here: ${existing.name}`,
      'already_formed',
      { existingId: existing.id },
    );
  if (level !== 'street-committee') {
    const parent = placement.parent;
    if (input.parentId && input.parentId !== parent?.id)
      throw errors.validation([
        {
          path: 'body.parentId',
          message: parent
            ? `must be ${placement.parentWhat} (${parent.id})`
            : `must be ${placement.parentWhat}, which has not been formed`,
        },
      ]);
    if (!parent)
      throw errors.unprocessable('parent_missing', `${placement.parentWhat}尚未成立: form it first`, {
        missing: placement.parentWhat,
      });
  }
  const formedOn = input.formedOn ?? today();
  if (formedOn > today())
    throw errors.validation([{ path: 'body.formedOn', message: 'must not be in the future' }]);
  let name = input.name;
  if (name) {
    if (await activeOrg(em, { name }))
      throw errors.conflict(`An active Party organisation is already named ${name}`, 'already_exists');
  } else name = await freeName(em, placement.names);
  const org = em.create(PartyOrgEntity, {
    id: crypto.randomUUID(),
    tenantId: ctx.tenantId,
    level,
    name,
    parentId: placement.parent?.id ?? null,
    ...path,
    formedOn,
  });
  await em.flush();
  return org;
}

/** The first candidate no active organisation uses (names are unique among active ones). */
async function freeName(em: EntityManager, candidates: string[]): Promise<string> {
  const taken = new Set(
    (
      await em.find(PartyOrgEntity, { name: { $in: candidates }, status: 'active' }, { fields: ['name'] })
    ).map((o) => o.name),
  );
  const free = candidates.find((n) => !taken.has(n));
  if (!free)
    throw errors.conflict(`The names ${candidates.join(', ')} are all in use; give a name`, 'already_exists');
  return free;
}

// ——— dissolving ———

/**
 * Dissolves an organisation (reason, date). Refused while it has active child organisations.
 * A branch releases the compounds it covers: they become uncovered (compound.updated each) and show
 * up in the coverage report until formation is applied again.
 */
export async function dissolveOrg(
  ctx: OrgCtx,
  org: PartyOrg,
  input: { reason: string; dissolvedOn: string },
): Promise<{ released: Compound[] }> {
  const { em } = ctx;
  if (org.status === 'dissolved')
    throw errors.unprocessable('already_dissolved', `${org.name} was dissolved on ${org.dissolvedOn}`);
  if (input.dissolvedOn < org.formedOn)
    throw errors.validation([
      { path: 'body.dissolvedOn', message: `must not be before it was formed (${org.formedOn})` },
    ]);
  if (input.dissolvedOn > today())
    throw errors.validation([{ path: 'body.dissolvedOn', message: 'must not be in the future' }]);
  const children = await em.count(PartyOrgEntity, { parentId: org.id, status: 'active' });
  if (children)
    throw errors.unprocessable(
      'has_children',
      `${org.name} still has ${children} active child organisation(s); dissolve or move them first`,
      { children },
    );
  const before = { ...org };
  const released = BRANCH_LEVELS.includes(org.level)
    ? await em.find(CompoundEntity, { branchId: org.id })
    : [];
  for (const c of released) {
    c.branchId = null;
    c.branchForm = null;
    c.formationFlag = null;
    c.formationFlaggedAt = null;
  }
  org.status = 'dissolved';
  org.dissolvedOn = input.dissolvedOn;
  org.dissolveReason = input.reason;
  await em.flush();
  audit(ctx, 'dissolved', org, before);
  await emitOrg(ctx, partyOrgDissolved, org);
  const events = compoundEvents(ctx.prefix);
  for (const c of released) await events.updated(em, c, ctx.req);
  return { released };
}
