import { errors } from '@hongfan/errors';
import { isDistrictWide, type Service, scopeAllows, withProblems } from '@hongfan/service-kit';
import { canRead, effectiveAuth } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { CommunityEntity, StreetEntity } from '../territory/territory.entities.js';
import { type CoverageLevel, coverageQuery, coverageView, GROUPS, type Group } from './coverage.schemas.js';
import { type CoverageUnit, coverageFigures, uncoveredCompounds } from './coverage.sql.js';

const DEFAULT_GROUP: Record<CoverageLevel, Group> = {
  district: 'street',
  street: 'community',
  community: 'grid',
};
/** Groups finer than each level. */
const ALLOWED_GROUPS: Record<CoverageLevel, readonly Group[]> = {
  district: GROUPS,
  street: ['community', 'grid'],
  community: ['grid'],
};

/**
 * 覆盖率: how many compounds a Party branch covers, the members under compound-branch management,
 * own and joint branches, and the uncovered compounds — for the district, a street or a community,
 * broken down per street / community / grid for the console's charts.
 */
export async function coverageRoutes(app: Service, deps: OrgDeps): Promise<void> {
  app.get(
    '/v1/coverage',
    {
      onRequest: canRead,
      schema: {
        tags: ['coverage'],
        summary:
          'Branch coverage of the district, a street or a community, with its breakdown and uncovered compounds',
        description:
          'level=district: the district, per street. level=street&streetId=: that street, per community; level=street alone: every street. level=community&communityId=: that community, per grid; level=community (optionally &streetId=): every community (of that street). groupBy picks a finer breakdown. Figures over the whole district need a district-wide caller (tenant admin, district viewer); others ask for their street or community. Two aggregate queries, in your tenant only.',
        querystring: coverageQuery,
        response: withProblems({ 200: coverageView }),
      },
    },
    async (req) => {
      const q = req.query;
      const level: CoverageLevel =
        q.level ?? (q.communityId ? 'community' : q.streetId ? 'street' : 'district');
      const bad = (path: string, message: string) =>
        errors.validation([{ path: `querystring.${path}`, message }]);
      if (level === 'district' && (q.streetId || q.communityId))
        throw bad(q.streetId ? 'streetId' : 'communityId', 'not with level district');
      if (level === 'street' && q.communityId) throw bad('communityId', 'not with level street');
      // With its id, a level's figures are that unit's (broken down one level finer); without it, the
      // rows are every unit of that level in the district (or in the street given): `?level=street`.
      const unitKind: CoverageLevel = q.communityId ? 'community' : q.streetId ? 'street' : 'district';
      const listsLevel = level !== 'district' && level !== unitKind;
      if (listsLevel && q.groupBy && q.groupBy !== level)
        throw bad(
          'groupBy',
          `level ${level} without its id lists ${level === 'street' ? 'streets' : 'communities'}`,
        );
      const groupBy: Group = listsLevel ? (level as Group) : (q.groupBy ?? DEFAULT_GROUP[unitKind]);
      if (!ALLOWED_GROUPS[unitKind].includes(groupBy))
        throw bad('groupBy', `must be one of ${ALLOWED_GROUPS[unitKind].join(', ')} here`);
      // Same question from the same roles and scope: the same answer, reusable for a moment.
      const auth0 = req.auth!;
      const key = JSON.stringify([
        level,
        q.streetId,
        q.communityId,
        groupBy,
        q.uncoveredLimit,
        auth0.roles,
        auth0.scope,
      ]);
      return deps.coverageCache.get(auth0.tenantId ?? '', key, () =>
        req.tx(async (em) => {
          const auth = await effectiveAuth(em, req);
          const tenantId = auth.tenantId as string;
          let unit: CoverageUnit = {};
          let name: string | null = null;
          let id: string | null = null;
          if (unitKind === 'district') {
            if (!isDistrictWide(auth))
              throw errors.forbidden(
                'District figures need a district-wide role; ask for your street or community',
              );
          } else if (unitKind === 'street') {
            const street = await em.findOne(StreetEntity, { id: q.streetId as string, archivedAt: null });
            if (!street || !scopeAllows(auth, { streetId: street.id }))
              throw errors.notFound('Street', q.streetId);
            unit = { streetId: street.id };
            ({ id, name } = street);
          } else {
            const community = await em.findOne(CommunityEntity, {
              id: q.communityId as string,
              archivedAt: null,
            });
            if (!community || !scopeAllows(auth, { streetId: community.streetId, communityId: community.id }))
              throw errors.notFound('Community', q.communityId);
            if (q.streetId && q.streetId !== community.streetId)
              throw bad('communityId', 'is not in that street');
            unit = { communityId: community.id };
            ({ id, name } = community);
          }
          const { totals, breakdown } = await coverageFigures(em, tenantId, unit, groupBy);
          const items = totals.uncoveredCompounds
            ? await uncoveredCompounds(em, tenantId, unit, q.uncoveredLimit)
            : [];
          return {
            level,
            unit: { kind: unitKind, id, name },
            totals,
            groupBy,
            breakdown,
            uncovered: { total: totals.uncoveredCompounds, limit: q.uncoveredLimit, items },
          };
        }),
      );
    },
  );
}
