import type { EntityManager } from '@mikro-orm/postgresql';
import { SCHEMA } from '../../events.js';
import { Where } from '../formation/scope-sql.js';
import type { CoverageView, Figures, Group } from './coverage.schemas.js';

const s = SCHEMA;

/** The unit the report is about: the district, one street, or one community. */
export interface CoverageUnit {
  streetId?: string;
  communityId?: string;
}

const GROUP_SQL: Record<Group, { column: string; table: string; streetCol: string; communityCol: string }> = {
  street: { column: 'street_id', table: 'streets', streetCol: 'id', communityCol: 'null::uuid' },
  community: {
    column: 'community_id',
    table: 'communities',
    streetCol: 'street_id',
    communityCol: 'null::uuid',
  },
  grid: { column: 'grid_id', table: 'grids', streetCol: 'street_id', communityCol: 'community_id' },
};

interface FigureRow {
  id: string | null;
  name: string | null;
  street_id: string | null;
  community_id: string | null;
  compounds: number | null;
  covered: number | null;
  own_branches: number | null;
  joint_branches: number | null;
  joint_compounds: number | null;
  members: number | null;
  managed: number | null;
}

/** Chinese names in pinyin order, as the console's charts list them. */
const byName = new Intl.Collator('zh-Hans-CN');

const percent = (covered: number, total: number) =>
  total ? Math.round((covered * 1000) / total) / 10 : null;

function figuresOf(r: FigureRow): Figures {
  const compounds = r.compounds ?? 0;
  const covered = r.covered ?? 0;
  return {
    compounds,
    coveredCompounds: covered,
    uncoveredCompounds: compounds - covered,
    coveragePercent: percent(covered, compounds),
    ownBranches: r.own_branches ?? 0,
    jointBranches: r.joint_branches ?? 0,
    jointBranchCompounds: r.joint_compounds ?? 0,
    members: r.members ?? 0,
    membersUnderManagement: r.managed ?? 0,
  };
}

/** Narrows compounds (alias `c`) to the unit: live ones of the tenant, in the street / community. */
function unitWhere(tenantId: string, unit: CoverageUnit) {
  const w = new Where().add('c.tenant_id = ?', tenantId).add('c.archived_at is null');
  if (unit.streetId) w.add('c.street_id = ?', unit.streetId);
  if (unit.communityId) w.add('c.community_id = ?', unit.communityId);
  return w;
}

/**
 * The coverage figures of a unit and of each of its streets / communities / grids, in ONE query:
 * the unit's live compounds with the active-member count formation keeps on each of them, aggregated with GROUPING SETS (the total and one row per group), then
 * joined to every live group unit so empty ones show as zeros. Runs in the request's transaction:
 * row-level security applies (and tenant_id is also given so the planner can use the indexes).
 */
export function coverageFiguresQuery(
  tenantId: string,
  unit: CoverageUnit,
  group: Group,
): { sql: string; params: unknown[] } {
  const g = GROUP_SQL[group];
  const compounds = unitWhere(tenantId, unit);
  // The group units: a street unit has no street_id column of its own.
  const units = new Where().add('tenant_id = ?', tenantId).add('archived_at is null');
  if (unit.streetId) units.add(`${group === 'street' ? 'id' : 'street_id'} = ?`, unit.streetId);
  if (unit.communityId) units.add('community_id = ?', unit.communityId);
  return {
    // Members count where their compound is, from the count formation keeps on each compound row.
    sql: `with c as (
       select c.${g.column} as k, c.branch_id, c.branch_form, c.member_count as n
         from ${s}.compounds c
        where ${compounds.sql}
     ), agg as (
       select k, grouping(k) as total_row,
              count(*)::int as compounds,
              count(branch_id)::int as covered,
              (count(*) filter (where branch_form = 'own-branch'))::int as own_branches,
              (count(distinct branch_id) filter (where branch_form = 'joint-branch'))::int as joint_branches,
              (count(*) filter (where branch_form = 'joint-branch'))::int as joint_compounds,
              coalesce(sum(n), 0)::int as members,
              coalesce(sum(n) filter (where branch_id is not null), 0)::int as managed
         from c group by grouping sets ((), (k))
     )
     select u.id, u.name, u.street_id, u.community_id,
            a.compounds, a.covered, a.own_branches, a.joint_branches, a.joint_compounds, a.members, a.managed
       from (select id, name, ${g.streetCol} as street_id, ${g.communityCol} as community_id
               from ${s}.${g.table} where ${units.sql}) u
       left join agg a on a.k = u.id and a.total_row = 0
     union all
     select null, null, null, null,
            a.compounds, a.covered, a.own_branches, a.joint_branches, a.joint_compounds, a.members, a.managed
       from agg a where a.total_row = 1`,
    params: [...compounds.params, ...units.params],
  };
}

/** The coverage figures, computed by coverageFiguresQuery in the request's transaction. */
export async function coverageFigures(
  em: EntityManager,
  tenantId: string,
  unit: CoverageUnit,
  group: Group,
): Promise<{ totals: Figures; breakdown: CoverageView['breakdown'] }> {
  const { sql, params } = coverageFiguresQuery(tenantId, unit, group);
  const rows = await em.execute<FigureRow[]>(sql, params);
  const total = rows.find((r) => r.id === null);
  const breakdown = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      kind: group,
      id: r.id as string,
      name: r.name as string,
      streetId: r.street_id as string,
      communityId: group === 'grid' ? r.community_id : null,
      ...figuresOf(r),
    }))
    .sort((a, b) => byName.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  return { totals: figuresOf(total ?? ({} as FigureRow)), breakdown };
}

/** The first `limit` uncovered live compounds of the unit, with path names, ordered by path. */
export async function uncoveredCompounds(
  em: EntityManager,
  tenantId: string,
  unit: CoverageUnit,
  limit: number,
): Promise<CoverageView['uncovered']['items']> {
  if (!limit) return [];
  const w = unitWhere(tenantId, unit).add('c.branch_id is null');
  const rows = await em.execute<
    Array<{
      id: string;
      name: string;
      street_id: string;
      street_name: string;
      community_id: string;
      community_name: string;
      grid_id: string;
      grid_name: string;
    }>
  >(
    `select c.id, c.name, c.street_id, st.name as street_name, c.community_id, co.name as community_name,
            c.grid_id, g.name as grid_name
       from ${s}.compounds c
       join ${s}.streets st on st.id = c.street_id
       join ${s}.communities co on co.id = c.community_id
       join ${s}.grids g on g.id = c.grid_id
      where ${w.sql}
      order by st.name, co.name, g.name, c.name, c.id
      limit ?`,
    [...w.params, limit],
  );
  return rows.map((r) => ({
    compoundId: r.id,
    name: r.name,
    streetId: r.street_id,
    streetName: r.street_name,
    communityId: r.community_id,
    communityName: r.community_name,
    gridId: r.grid_id,
    gridName: r.grid_name,
  }));
}
