import { recordAudit } from '@hongfan/audit';
import { errors } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { type DrAuth, inArea, isAdmin, LINK_ROLES } from '../../access.js';
import { chinaDate } from '../../time.js';
import { BranchRefEntity, type CompoundRef, CompoundRefEntity } from '../read-model/read-model.entities.js';
import { type LiaisonLink, LiaisonLinkEntity, type LinkKind } from './liaison-link.entity.js';

/** Where a link points, resolved from the read model. */
export interface LinkTarget {
  kind: LinkKind;
  targetId: string;
  targetName: string;
  streetId: string;
  communityId: string;
  branchId: string | null;
  compoundId: string | null;
}

export function assertLinkWriter(auth: DrAuth, path: { streetId: string; communityId: string }): void {
  if (isAdmin(auth)) return;
  if (!auth.roles.some((r) => LINK_ROLES.includes(r)) || !inArea(auth, path))
    throw errors.forbidden('Only the community (or its street) may link units to it');
}

async function branchName(em: EntityManager, branchId: string, compounds: CompoundRef[]): Promise<string> {
  const b = await em.findOne(BranchRefEntity, { id: branchId }, { fields: ['name'] });
  return b?.name ?? `${compounds.map((c) => c.name).join('、')}党支部`;
}

/** Resolves a link target; an unknown one is a 422 naming its kind. */
export async function resolveTarget(em: EntityManager, kind: LinkKind, id: string): Promise<LinkTarget> {
  if (kind === 'community') {
    const c = await em.findOne(CompoundRefEntity, { communityId: id });
    if (!c) throw errors.unprocessable('unknown_community', `No community ${id} is known in this district`);
    return {
      kind,
      targetId: id,
      targetName: c.communityName,
      streetId: c.streetId,
      communityId: id,
      branchId: null,
      compoundId: null,
    };
  }
  if (kind === 'branch') {
    const covered = await em.find(
      CompoundRefEntity,
      { branchId: id, archived: false },
      { orderBy: { name: 'asc' } },
    );
    const ref = await em.findOne(BranchRefEntity, { id });
    const communityId = ref?.communityId ?? covered[0]?.communityId;
    const streetId = ref?.streetId ?? covered[0]?.streetId;
    if (!communityId || !streetId || ref?.status === 'dissolved')
      throw errors.unprocessable(
        'unknown_branch',
        `No active compound branch ${id} is known in this district`,
      );
    return {
      kind,
      targetId: id,
      targetName: ref?.name ?? (await branchName(em, id, covered)),
      streetId,
      communityId,
      branchId: id,
      compoundId: null,
    };
  }
  const c = await em.findOne(CompoundRefEntity, { id });
  if (!c) throw errors.unprocessable('unknown_compound', `No compound ${id} is known in this district`);
  if (c.archived) throw errors.unprocessable('compound_archived', `${c.name} is archived`);
  return {
    kind,
    targetId: id,
    targetName: c.name,
    streetId: c.streetId,
    communityId: c.communityId,
    branchId: c.branchId ?? null,
    compoundId: c.id,
  };
}

/**
 * A community's compound branches as link targets: one per branch covering its live compounds,
 * and each compound no branch covers yet (so no compound is dropped by the re-mapping).
 */
export async function communityTargets(em: EntityManager, communityId: string): Promise<LinkTarget[]> {
  const compounds = await em.find(
    CompoundRefEntity,
    { communityId, archived: false },
    { orderBy: { name: 'asc', id: 'asc' } },
  );
  const byBranch = new Map<string, CompoundRef[]>();
  const targets: LinkTarget[] = [];
  for (const c of compounds) {
    if (!c.branchId) {
      targets.push({
        kind: 'compound',
        targetId: c.id,
        targetName: c.name,
        streetId: c.streetId,
        communityId,
        branchId: null,
        compoundId: c.id,
      });
      continue;
    }
    const list = byBranch.get(c.branchId);
    if (list) list.push(c);
    else byBranch.set(c.branchId, [c]);
  }
  for (const [branchId, list] of byBranch)
    targets.push({
      kind: 'branch',
      targetId: branchId,
      targetName: await branchName(em, branchId, list),
      streetId: list[0].streetId,
      communityId,
      branchId,
      compoundId: null,
    });
  return targets;
}

/** Creates a link, unless the unit already has an active one to the same target (then returns that). */
export async function link(
  em: EntityManager,
  tenantId: string,
  workUnitId: string,
  t: LinkTarget,
  extra: { note?: string | null; remappedFromId?: string | null } = {},
): Promise<{ link: LiaisonLink; created: boolean }> {
  const existing = await em.findOne(LiaisonLinkEntity, { workUnitId, targetId: t.targetId, endedOn: null });
  if (existing) return { link: existing, created: false };
  const l = em.create(LiaisonLinkEntity, {
    tenantId,
    workUnitId,
    ...t,
    note: extra.note ?? null,
    remappedFromId: extra.remappedFromId ?? null,
    startedOn: chinaDate(),
  });
  return { link: l, created: true };
}

/**
 * Re-makes a unit's community link as links to that community's compound branches (domain §5):
 * the community link ends (kept as history) and each new link points back at it. `only` narrows
 * the new links to some of the community's branches (or branchless compounds).
 */
export async function remapLink(
  em: EntityManager,
  req: FastifyRequest,
  l: LiaisonLink,
  only?: string[],
): Promise<{ ended: LiaisonLink; created: LiaisonLink[] }> {
  if (l.kind !== 'community')
    throw errors.unprocessable(
      'not_community_link',
      'Only a link to a whole community is re-made to its branches',
    );
  if (l.endedOn) throw errors.unprocessable('link_ended', 'The link has already ended');
  let targets = await communityTargets(em, l.communityId);
  if (only) {
    const known = new Set(targets.map((t) => t.targetId));
    const bad = only
      .map((id, i) => ({ id, i }))
      .filter((x) => !known.has(x.id))
      .map((x) => ({
        path: `body.targetIds.${x.i}`,
        message: "is not one of this community's compound branches or branchless compounds",
      }));
    if (bad.length) throw errors.validation(bad);
    targets = targets.filter((t) => only.includes(t.targetId));
  }
  if (!targets.length)
    throw errors.unprocessable('no_compounds', 'The community has no live compounds to link to');
  const before = { ...l };
  l.endedOn = chinaDate();
  l.endReason = 'remapped to compound branches';
  const created: LiaisonLink[] = [];
  for (const t of targets) {
    const r = await link(em, l.tenantId, l.workUnitId, t, { remappedFromId: l.id });
    if (r.created) created.push(r.link);
  }
  await em.flush();
  recordAudit(em, req, {
    tenantId: l.tenantId,
    action: 'liaison-links.remapped',
    targetType: 'liaison-links',
    targetId: l.id,
    before,
    after: { ...l, successors: created.map((c) => c.id) },
  });
  return { ended: l, created };
}
