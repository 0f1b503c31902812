import { errors } from '@hongfan/errors';
import { decodeCursor, idParams, pageFrom, pageOf, type Service, withProblems } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import {
  assertVisible,
  assertWritable,
  canRead,
  canWriteTree,
  effectiveAuth,
  type OrgAuth,
  TREE_WRITE_ROLES,
} from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { viewOf } from '../party-orgs/party-org.service.js';
import { tenantSettings } from '../settings/settings.service.js';
import { type Compound, CompoundEntity } from '../territory/territory.entities.js';
import { applyBody, applyResult, formationListQuery, formationView } from './formation.schemas.js';
import { applyFormation } from './formation.service.js';
import { formationRows } from './formation.sql.js';
import { toFormationView } from './formation.view.js';
import { liaisonRoutes } from './liaison.routes.js';

const tags = ['formation'];
const compoundPath = (c: Compound) => ({
  streetId: c.streetId,
  communityId: c.communityId,
  gridId: c.gridId,
  compoundId: c.id,
});

/** Loads a compound the caller may see (404 otherwise). */
export async function loadCompound(em: EntityManager, req: FastifyRequest, id: string) {
  const compound = await em.findOne(CompoundEntity, { id });
  if (!compound) throw errors.notFound('Compound', id);
  const auth = await effectiveAuth(em, req);
  assertVisible(auth, compoundPath(compound), 'Compound', id);
  return { compound, auth };
}

/** One compound's formation view (archived compounds included, for history). */
async function viewOne(em: EntityManager, auth: OrgAuth, tenantId: string, compoundId: string) {
  const { branchThreshold } = await tenantSettings(em, tenantId);
  const [row] = await formationRows(em, tenantId, auth, branchThreshold, { ids: [compoundId] }, { limit: 1 });
  if (!row) throw errors.notFound('Compound', compoundId);
  return toFormationView(row, branchThreshold);
}

/** 合理设置党支部: the rule's recommendation per compound, applying it, and liaison cadres. */
export async function formationRoutes(app: Service, deps: OrgDeps): Promise<void> {
  app.get(
    '/v1/formation',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary:
          'Branch formation for each compound: counts, recommendation, applied form, flags (within your scope)',
        description:
          'Rule: active self-managed FULL members (probationary and non-self-managed do not count) ≥ the tenant branchThreshold (default 3) → own-branch (小区党支部), otherwise joint-branch (网格联合党支部). Weak base: no active self-managed full member → needs a liaison cadre (联系包保). Sorted by compound name.',
        querystring: formationListQuery,
        response: withProblems({ 200: pageOf(formationView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const auth = await effectiveAuth(em, req);
        const { branchThreshold } = await tenantSettings(em, auth.tenantId as string);
        const cursor = decodeCursor(q.cursor);
        const rows = await formationRows(
          em,
          auth.tenantId as string,
          auth,
          branchThreshold,
          {
            streetId: q.streetId,
            communityId: q.communityId,
            gridId: q.gridId,
            q: q.q,
            recommended: q.recommended,
            flagged: q.flagged,
            uncovered: q.uncovered,
            weak: q.weak,
            missingLiaison: q.missingLiaison,
          },
          { after: cursor ? { name: String(cursor.v), id: cursor.id } : undefined, limit: q.limit + 1 },
        );
        const page = pageFrom(rows, q.limit, (r) => r.name);
        return {
          items: page.items.map((r) => toFormationView(r, branchThreshold)),
          nextCursor: page.nextCursor,
        };
      }),
  );

  app.get(
    '/v1/formation/compounds/:id',
    {
      onRequest: canRead,
      schema: {
        tags,
        summary:
          "A compound's branch formation: counts behind the rule, threshold, recommendation, current form, flag, liaison warning",
        params: idParams,
        response: withProblems({ 200: formationView }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { compound, auth } = await loadCompound(em, req, req.params.id);
        return viewOne(em, auth, compound.tenantId, compound.id);
      }),
  );

  app.post(
    '/v1/formation/compounds/:id/apply',
    {
      onRequest: canWriteTree,
      schema: {
        tags,
        summary: 'Apply the recommendation: form (or join) the branch and cover the compound with it',
        description:
          "own-branch: forms the compound's 小区党支部 under its community's 社区党委 (which must exist: 422 parent_missing). joint-branch: joins the grid's active 联合党支部, forming it under the 社区党委 if needed. Moving between forms re-parents the compound's building groups and dissolves a branch left covering no compound. One transaction; audited; party-org and compound events. Nothing is written when the compound already has the recommended form (changed: false).",
        params: idParams,
        body: applyBody,
        response: withProblems({ 200: applyResult }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const { compound, auth } = await loadCompound(em, req, req.params.id);
        assertWritable(auth, compoundPath(compound), TREE_WRITE_ROLES, 'Compound', compound.id);
        const ctx = { em, tenantId: compound.tenantId, prefix: deps.prefix, req };
        const result = await applyFormation(ctx, compound, { branchName: req.body?.branchName });
        return {
          changed: result.changed,
          formed: result.formed,
          formation: await viewOne(em, auth, compound.tenantId, compound.id),
          branch: result.branch ? await viewOf(em, result.branch) : null,
          dissolvedBranchIds: result.dissolved.map((o) => o.id),
        };
      }),
  );

  await liaisonRoutes(app, deps);
}
