import { inOrder } from '@hongfan/db';
import { type Service, withProblems } from '@hongfan/service-kit';
import { z } from 'zod';
import { canRead, canWriteTree, effectiveAuth, scoped } from '../../access.js';
import type { OrgDeps } from '../../deps.js';
import { compoundEvents } from './compound.events.js';
import { CommunityEntity, CompoundEntity, GridEntity, StreetEntity } from './territory.entities.js';
import {
  buildingLevel,
  communityLevel,
  compoundLevel,
  gridLevel,
  householdLevel,
  streetLevel,
} from './territory.levels.js';
import { territoryResource } from './territory.resource.js';
import { importTerritory } from './territory-import.js';

const treeNode = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['street', 'community', 'grid', 'compound']),
  covered: z.boolean().optional(),
  get children() {
    return z.array(treeNode).optional();
  },
});

/** Streets, communities, grids, compounds, buildings and households; CSV import; the tree. */
export async function territoryRoutes(app: Service, deps: OrgDeps) {
  const events = compoundEvents(deps.prefix);
  await territoryResource(app, deps, streetLevel);
  await territoryResource(app, deps, communityLevel);
  await territoryResource(app, deps, gridLevel);
  await territoryResource(app, deps, compoundLevel(events, deps.prefix));
  await territoryResource(app, deps, buildingLevel);
  await territoryResource(app, deps, householdLevel);

  app.post(
    '/v1/territory/import',
    {
      onRequest: canWriteTree,
      bodyLimit: deps.importMaxBytes,
      schema: {
        tags: ['territory'],
        summary: 'Import compounds (with their streets, communities, grids) from CSV; all rows or none',
        description:
          'text/csv, UTF-8, header row with: street/街道, community/社区, grid/网格, compound/小区, and optionally address/地址, lat/纬度, lng/经度, households/户数, buildings/楼栋数, property_company/物业公司. Every bad row is reported (`errors[].path` = `rows.<line>.<column>`) and nothing is written.',
        consumes: ['text/csv'],
        body: z.string().describe('the CSV file'),
        response: withProblems({
          201: z.object({
            rows: z.number().int(),
            created: z.object({
              streets: z.number(),
              communities: z.number(),
              grids: z.number(),
              compounds: z.number(),
            }),
          }),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await req.tx((em) => importTerritory(em, req, req.body, deps.prefix))),
  );

  app.get(
    '/v1/territory/tree',
    {
      onRequest: canRead,
      schema: {
        tags: ['territory'],
        summary: 'The territory as a tree (street → community → grid → compound), within your scope',
        response: withProblems({ 200: z.object({ streets: z.array(treeNode) }) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const auth = await effectiveAuth(em, req);
        const live = { archivedAt: null };
        const [streets, communities, grids, compounds] = await inOrder(
          () => em.find(StreetEntity, { ...live }, { orderBy: { name: 'asc' } }),
          () => em.find(CommunityEntity, { ...live }, { orderBy: { name: 'asc' } }),
          () => em.find(GridEntity, { ...live }, { orderBy: { name: 'asc' } }),
          () =>
            em.find(
              CompoundEntity,
              {
                $and: [
                  live,
                  scoped(auth, {
                    streets: 'streetId',
                    communities: 'communityId',
                    grids: 'gridId',
                    compounds: 'id',
                  }),
                ],
              },
              { orderBy: { name: 'asc' } },
            ),
        );
        // The tree shows the ancestors of every compound the caller may see, and what their scope names.
        const visible = {
          streets: new Set([...compounds.map((c) => c.streetId), ...(auth.scope.streets ?? [])]),
          communities: new Set([...compounds.map((c) => c.communityId), ...(auth.scope.communities ?? [])]),
          grids: new Set([...compounds.map((c) => c.gridId), ...(auth.scope.grids ?? [])]),
        };
        for (const c of communities)
          if (auth.scope.communities?.includes(c.id)) visible.streets.add(c.streetId);
        for (const g of grids)
          if (auth.scope.grids?.includes(g.id)) {
            visible.streets.add(g.streetId);
            visible.communities.add(g.communityId);
          }
        const all = Object.keys(scoped(auth)).length === 0;
        return {
          streets: streets
            .filter((s) => all || visible.streets.has(s.id))
            .map((s) => ({
              id: s.id,
              name: s.name,
              kind: 'street' as const,
              children: communities
                .filter(
                  (c) =>
                    c.streetId === s.id &&
                    (all || visible.communities.has(c.id) || visible.streets.has(s.id)),
                )
                .map((c) => ({
                  id: c.id,
                  name: c.name,
                  kind: 'community' as const,
                  children: grids
                    .filter(
                      (g) =>
                        g.communityId === c.id &&
                        (all ||
                          visible.grids.has(g.id) ||
                          auth.scope.communities?.includes(c.id) ||
                          auth.scope.streets?.includes(s.id)),
                    )
                    .map((g) => ({
                      id: g.id,
                      name: g.name,
                      kind: 'grid' as const,
                      children: compounds
                        .filter((p) => p.gridId === g.id)
                        .map((p) => ({
                          id: p.id,
                          name: p.name,
                          kind: 'compound' as const,
                          covered: !!p.branchId,
                        })),
                    })),
                })),
            })),
        };
      }),
  );
}
