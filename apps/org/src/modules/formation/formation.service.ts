import { recordAudit, recordSystemAudit } from '@hongfan/audit';
import { inOrder } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PartyOrg } from '../party-orgs/party-org.entity.js';
import { PartyOrgEntity } from '../party-orgs/party-org.entity.js';
import { FORM_LEVEL } from '../party-orgs/party-org.levels.js';
import { today } from '../party-orgs/party-org.schemas.js';
import {
  dissolveOrg,
  emitOrg,
  formOrg,
  jointBranchPlacement,
  type OrgCtx,
  ownBranchPlacement,
  partyOrgChanged,
  partyOrgFormed,
} from '../party-orgs/party-org.service.js';
import { tenantSettings } from '../settings/settings.service.js';
import { compoundEvents } from '../territory/compound.events.js';
import { type Compound, CompoundEntity, GridEntity } from '../territory/territory.entities.js';
import {
  type BranchForm,
  FORM_MISMATCH,
  type FormationCounts,
  NO_MEMBERS,
  recommend,
} from './formation.rules.js';
import { memberCounts, reevaluateFlags } from './formation.sql.js';

/** The rule applied to one compound now: its counts, the tenant's threshold and the recommendation. */
export async function judge(em: EntityManager, tenantId: string, compound: Compound) {
  const [settings, counts] = await inOrder(
    () => tenantSettings(em, tenantId),
    () => memberCounts(em, tenantId, [compound.id]),
  );
  const c: FormationCounts = counts.get(compound.id) ?? NO_MEMBERS;
  const threshold = settings.branchThreshold;
  return { counts: c, threshold, ...recommend(c, threshold) };
}

/**
 * Puts a compound under a branch (its own, or its grid's joint branch) and keeps the tree whole:
 * - the compound's active building groups move under the new branch;
 * - the branch it leaves is dissolved when it covers no compound any more (a joint branch whose
 *   last compound formed its own branch; an own branch whose compound joined the grid's branch),
 *   otherwise it is reported changed (its compoundIds shrank);
 * - the compound's form-mismatch flag is set or cleared by the rule.
 * Events in order: the branch formed/changed, moved building groups, the old branch
 * changed/dissolved, compound.updated. Flushes.
 */
export async function coverCompound(
  ctx: OrgCtx,
  compound: Compound,
  branch: PartyOrg,
  form: BranchForm,
  opts: { isNew: boolean },
): Promise<{ dissolved: PartyOrg[] }> {
  const { em } = ctx;
  const previousId = compound.branchId ?? null;
  const dissolved: PartyOrg[] = [];
  if (previousId === branch.id && compound.branchForm === form) {
    if (opts.isNew) await emitOrg(ctx, partyOrgFormed, branch);
    return { dissolved };
  }
  compound.branchId = branch.id;
  compound.branchForm = form;
  const verdict = await judge(em, ctx.tenantId, compound);
  if (verdict.form === form) {
    compound.formationFlag = null;
    compound.formationFlaggedAt = null;
  } else if (!compound.formationFlag) {
    compound.formationFlag = FORM_MISMATCH;
    compound.formationFlaggedAt = new Date();
  }
  const groups = await em.find(PartyOrgEntity, {
    level: 'building-group',
    compoundId: compound.id,
    status: 'active',
    parentId: { $ne: branch.id },
  });
  for (const g of groups) g.parentId = branch.id;
  await em.flush();

  await emitOrg(ctx, opts.isNew ? partyOrgFormed : partyOrgChanged, branch);
  for (const g of groups) await emitOrg(ctx, partyOrgChanged, g);
  if (previousId) {
    const previous = await em.findOne(PartyOrgEntity, { id: previousId });
    if (previous && previous.status === 'active') {
      const left = await em.count(CompoundEntity, { branchId: previous.id });
      const children = await em.count(PartyOrgEntity, { parentId: previous.id, status: 'active' });
      if (left === 0 && children === 0) {
        await dissolveOrg(ctx, previous, {
          reason:
            previous.level === 'grid-branch'
              ? `所辖小区均已调整（${compound.name}单独成立党支部），联合党支部不再覆盖任何小区`
              : `${compound.name}并入网格联合党支部`,
          // formedOn is never in the future (checked when forming), so today is a valid dissolve date.
          dissolvedOn: today(),
        });
        dissolved.push(previous);
      } else await emitOrg(ctx, partyOrgChanged, previous);
    }
  }
  await compoundEvents(ctx.prefix).updated(em, compound, ctx.req);
  return { dissolved };
}

/**
 * 合理设置党支部 for one compound: forms (or reuses) the branch the rule recommends and covers the
 * compound with it, in the caller's transaction. Own branch: the compound's 小区党支部 under its
 * community's 社区党委. Joint branch: the grid's active 联合党支部, formed under the community's
 * committee if the grid has none yet. The committee must exist (422 naming it). Nothing to do when
 * the compound already has the recommended form.
 */
export async function applyFormation(
  ctx: OrgCtx,
  compound: Compound,
  input: { branchName?: string },
): Promise<{ changed: boolean; branch: PartyOrg | null; dissolved: PartyOrg[]; formed: boolean }> {
  const { em } = ctx;
  if (compound.archivedAt)
    throw errors.unprocessable('archived', 'The compound is archived; restore it first');
  const verdict = await judge(em, ctx.tenantId, compound);
  const form = verdict.form;
  if (compound.branchId && compound.branchForm === form) {
    if (input.branchName)
      throw errors.unprocessable(
        'already_applied',
        'The compound already has the recommended form; rename its branch through /v1/party-orgs',
      );
    return {
      changed: false,
      branch: await em.findOne(PartyOrgEntity, { id: compound.branchId }),
      dissolved: [],
      formed: false,
    };
  }
  const level = FORM_LEVEL[form];
  let branch =
    form === 'own-branch'
      ? await em.findOne(PartyOrgEntity, { level, compoundId: compound.id, status: 'active' })
      : await em.findOne(PartyOrgEntity, { level, gridId: compound.gridId, status: 'active' });
  const isNew = !branch;
  if (!branch) {
    const placement =
      form === 'own-branch'
        ? await ownBranchPlacement(em, compound)
        : await jointBranchPlacement(em, await em.findOneOrFail(GridEntity, { id: compound.gridId }));
    branch = await formOrg(ctx, placement, { name: input.branchName });
  }
  const before = { ...compound };
  const { dissolved } = await coverCompound(ctx, compound, branch, form, { isNew });
  if (ctx.req) {
    if (isNew)
      recordAudit(em, ctx.req, {
        tenantId: ctx.tenantId,
        action: 'party-orgs.formed',
        targetType: 'party-orgs',
        targetId: branch.id,
        after: branch,
      });
    recordAudit(em, ctx.req, {
      tenantId: ctx.tenantId,
      action: 'formation.applied',
      targetType: 'compounds',
      targetId: compound.id,
      before,
      after: { ...compound, counts: verdict.counts, threshold: verdict.threshold },
    });
  }
  return { changed: true, branch, dissolved, formed: isNew };
}

/**
 * Re-evaluation after a roster or threshold change: flags compounds whose applied form no longer
 * fits and clears those that fit again, in one statement for the batch (`null`: the whole tenant).
 * Flushes first so members written earlier in the transaction are counted.
 */
export async function reevaluate(
  em: EntityManager,
  tenantId: string,
  compoundIds: string[] | null,
  cause: string,
) {
  if (compoundIds && !compoundIds.length) return [];
  await em.flush();
  const { branchThreshold } = await tenantSettings(em, tenantId);
  const changed = await reevaluateFlags(
    em,
    tenantId,
    compoundIds ? [...new Set(compoundIds)] : null,
    branchThreshold,
  );
  // A flag the rule raises or clears is a change to the record like an admin's: it goes in the log.
  for (const { id, flag, prev } of changed)
    recordSystemAudit(em, 'org', {
      tenantId,
      action: flag ? 'compound.flagged' : 'compound.flag-cleared',
      targetType: 'compound',
      targetId: id,
      before: { formationFlag: prev },
      after: { formationFlag: flag },
      cause,
    });
  // A compound this transaction already holds would otherwise keep showing the old flag.
  for (const { id } of changed) {
    const loaded = em.getUnitOfWork().getById<Compound>(CompoundEntity.meta.className, id);
    if (loaded) await em.refresh(loaded);
  }
  return changed;
}

/**
 * Takes a compound out of its branch when the territory changes under it: archived, or moved to
 * another grid while covered by its old grid's joint branch. A branch left covering nothing (and
 * with no child organisation) is dissolved; otherwise it is reported changed. The compound is
 * uncovered until formation is applied again; the caller publishes compound.updated/archived.
 */
export async function releaseCompound(ctx: OrgCtx, compound: Compound, reason: string): Promise<void> {
  const { em } = ctx;
  const previousId = compound.branchId;
  if (!previousId) return;
  compound.branchId = null;
  compound.branchForm = null;
  compound.formationFlag = null;
  compound.formationFlaggedAt = null;
  await em.flush();
  const previous = await em.findOne(PartyOrgEntity, { id: previousId });
  if (previous?.status !== 'active') return;
  const left = await em.count(CompoundEntity, { branchId: previous.id });
  const children = await em.count(PartyOrgEntity, { parentId: previous.id, status: 'active' });
  if (left === 0 && children === 0) await dissolveOrg(ctx, previous, { reason, dissolvedOn: today() });
  else await emitOrg(ctx, partyOrgChanged, previous);
}
