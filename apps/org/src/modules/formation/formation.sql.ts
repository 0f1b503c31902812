import type { AuthContext } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SCHEMA } from '../../events.js';
import {
  type BranchForm,
  FORM_MISMATCH,
  type FormationCounts,
  WEAK_BASE_MAX_SELF_FULL,
} from './formation.rules.js';
import { scopeSql, uuidArray, Where } from './scope-sql.js';

const s = SCHEMA;

/** The per-compound member aggregate the rule needs (active members only). */
const COUNT_COLUMNS = `
  count(*) filter (where management = 'self' and status = 'full')::int as self_full,
  count(*) filter (where management = 'self' and status = 'probationary')::int as self_probationary,
  count(*) filter (where management = 'non-self')::int as non_self,
  count(*)::int as total`;

/** Member counts of these compounds, in one aggregate query (absent compounds have no members). */
export async function memberCounts(
  em: EntityManager,
  tenantId: string,
  compoundIds: string[],
): Promise<Map<string, FormationCounts>> {
  const out = new Map<string, FormationCounts>();
  if (!compoundIds.length) return out;
  const rows = await em.execute<CountRow[]>(
    `select compound_id, ${COUNT_COLUMNS} from ${s}.members
      where tenant_id = ? and archived_at is null and compound_id = any(?::uuid[])
      group by compound_id`,
    [tenantId, uuidArray(compoundIds)],
  );
  for (const r of rows) out.set(r.compound_id, countsOf(r));
  return out;
}

interface CountRow {
  compound_id: string;
  self_full: number;
  self_probationary: number;
  non_self: number;
  total: number;
}
const countsOf = (r: Omit<CountRow, 'compound_id'>): FormationCounts => ({
  selfFull: r.self_full,
  selfProbationary: r.self_probationary,
  nonSelf: r.non_self,
  total: r.total,
});

/**
 * Re-judges compounds against the rule and sets or clears their `form-mismatch` flag, in ONE
 * statement for the whole batch (the member aggregate joined to the compounds): flagged when a
 * branch form has been applied and the rule now recommends the other one; cleared when it fits
 * again or the compound is no longer covered. `formation_flagged_at` records when the flag was
 * raised and only rows whose flag changes are written. `null` ids: every compound of the tenant.
 *
 * The same statement keeps the compound's member_count and self_full_count (read by coverage).
 * Written past the ORM on purpose: the flag and counts are derived, so the row's version
 * (optimistic lock for user edits) is not bumped. Returns the compounds whose flag changed, with
 * the flag before.
 */
export async function reevaluateFlags(
  em: EntityManager,
  tenantId: string,
  compoundIds: string[] | null,
  threshold: number,
): Promise<Array<{ id: string; flag: string | null; prev: string | null }>> {
  if (compoundIds && !compoundIds.length) return [];
  const only = compoundIds ? ' and compound_id = any(?::uuid[])' : '';
  const onlyCompounds = compoundIds ? ' and c.id = any(?::uuid[])' : '';
  const ids = compoundIds ? [uuidArray(compoundIds)] : [];
  // Lock the compounds first, in a statement of its own: the aggregate below then runs on a fresh
  // snapshot that includes every concurrent roster change committed while we waited, so two
  // transactions changing one compound's roster cannot leave its counts one short.
  await em.execute(
    `select c.id from ${s}.compounds c where c.tenant_id = ? and c.archived_at is null${onlyCompounds} for update`,
    [tenantId, ...ids],
  );
  const rows = await em.execute<Array<{ id: string; flag: string | null; prev: string | null }>>(
    // MATERIALIZED: right after a bulk import the planner's statistics are stale and it would
    // otherwise re-run the member aggregate once per compound (seconds instead of milliseconds).
    `with m as materialized (
       select compound_id, count(*)::int as total,
              count(*) filter (where management = 'self' and status = 'full')::int as self_full
         from ${s}.members where tenant_id = ? and archived_at is null${only}
        group by compound_id
     ), judged as (
       select c.id, c.formation_flag as prev, coalesce(m.total, 0) as total, coalesce(m.self_full, 0) as self_full,
              case when c.branch_form is not null
                    and c.branch_form <> case when coalesce(m.self_full, 0) >= ? then 'own-branch' else 'joint-branch' end
                   then '${FORM_MISMATCH}' end as flag
         from ${s}.compounds c left join m on m.compound_id = c.id
        where c.tenant_id = ? and c.archived_at is null${onlyCompounds}
     )
     update ${s}.compounds c
        set formation_flag = judged.flag,
            formation_flagged_at = case when judged.flag is null then null
                                        when judged.prev is not distinct from judged.flag then c.formation_flagged_at
                                        else now() end,
            member_count = judged.total,
            self_full_count = judged.self_full
       from judged
      where c.id = judged.id
        and (c.formation_flag is distinct from judged.flag or c.member_count <> judged.total or c.self_full_count <> judged.self_full)
     returning c.id, c.formation_flag as flag, judged.prev`,
    [tenantId, ...ids, threshold, tenantId, ...ids],
  );
  // Counts change often; only flag changes are news.
  return rows.filter((r) => r.prev !== r.flag).map(({ id, flag, prev }) => ({ id, flag, prev }));
}

/** What the formation list filters on (all optional; `ids` for one compound's view). */
export interface FormationFilter {
  ids?: string[];
  streetId?: string;
  communityId?: string;
  gridId?: string;
  q?: string;
  recommended?: BranchForm;
  flagged?: boolean;
  uncovered?: boolean;
  weak?: boolean;
  missingLiaison?: boolean;
}

export interface FormationRow extends FormationCounts {
  id: string;
  name: string;
  streetId: string;
  streetName: string;
  communityId: string;
  communityName: string;
  gridId: string;
  gridName: string;
  branchId: string | null;
  branchForm: BranchForm | null;
  branchName: string | null;
  gridBranchId: string | null;
  gridBranchName: string | null;
  flag: string | null;
  flaggedAt: Date | null;
  liaison: {
    id: string;
    cadreKind: 'street-cadre' | 'community-committee';
    cadreName: string;
    cadrePhone: string | null;
    committeeMemberId: string | null;
    startedOn: string;
  } | null;
}

/**
 * Compounds with their member counts, path names, branch, the grid's joint branch and current
 * liaison, filtered (scope, path, recommendation, flags) and keyset-paged by name — one query:
 * the member aggregate is computed once for the caller's part of the district, not per compound.
 */
export async function formationRows(
  em: EntityManager,
  tenantId: string,
  auth: AuthContext,
  threshold: number,
  filter: FormationFilter,
  page: { after?: { name: string; id: string }; limit: number },
): Promise<FormationRow[]> {
  const cw = new Where().add('c.tenant_id = ?', tenantId);
  // Lists show live compounds; a compound asked for by id is shown even when archived (history).
  if (!filter.ids) cw.add('c.archived_at is null');
  cw.addSql(
    scopeSql(auth, {
      streets: 'c.street_id',
      communities: 'c.community_id',
      grids: 'c.grid_id',
      compounds: 'c.id',
    }),
  );
  if (filter.ids) cw.add('c.id = any(?::uuid[])', uuidArray(filter.ids));
  for (const [key, col] of [
    ['streetId', 'street_id'],
    ['communityId', 'community_id'],
    ['gridId', 'grid_id'],
  ] as const) {
    const v = filter[key];
    if (v) cw.add(`c.${col} = ?`, v);
  }
  if (filter.q) cw.add(`c.name ilike ?`, `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  if (filter.flagged !== undefined)
    cw.add(filter.flagged ? 'c.formation_flag is not null' : 'c.formation_flag is null');
  if (filter.uncovered !== undefined)
    cw.add(filter.uncovered ? 'c.branch_id is null' : 'c.branch_id is not null');
  if (page.after) cw.add('(c.name, c.id) > (?, ?)', page.after.name, page.after.id);

  // Filters on the counts need every compound's aggregate; otherwise only the page's compounds are counted.
  const fw = new Where();
  const sf = 'coalesce(m.self_full, 0)';
  if (filter.recommended) fw.add(filter.recommended === 'own-branch' ? `${sf} >= ?` : `${sf} < ?`, threshold);
  if (filter.weak !== undefined) fw.add(filter.weak ? `${sf} <= ?` : `${sf} > ?`, WEAK_BASE_MAX_SELF_FULL);
  if (filter.missingLiaison !== undefined) {
    const none = `not exists (select 1 from ${s}.liaison_assignments l
                  where l.tenant_id = ? and l.compound_id = c.id and l.ended_on is null)`;
    fw.add(
      filter.missingLiaison ? `${sf} <= ? and ${none}` : `not (${sf} <= ? and ${none})`,
      WEAK_BASE_MAX_SELF_FULL,
      tenantId,
    );
  }
  const countFiltered = fw.params.length > 0;
  const compoundCols = `c.id, c.name, c.street_id, c.community_id, c.grid_id, c.branch_id, c.branch_form,
              c.formation_flag, c.formation_flagged_at`;
  // Members are counted by the compound they live in (the compounds' filters decide which), never by
  // their own copies of the path ids.
  const members = (compounds: string) =>
    `m as (select compound_id, ${COUNT_COLUMNS} from ${s}.members
            where tenant_id = ? and archived_at is null and compound_id in (${compounds})
            group by compound_id)`;
  const ctes = countFiltered
    ? `with ${members(`select c.id from ${s}.compounds c where ${cw.sql}`)}, page as (
         select ${compoundCols} from ${s}.compounds c left join m on m.compound_id = c.id
          where ${cw.sql} and ${fw.sql} order by c.name, c.id limit ?)`
    : `with page as (
         select ${compoundCols} from ${s}.compounds c where ${cw.sql} order by c.name, c.id limit ?
       ), ${members('select id from page')}`;
  const params = countFiltered
    ? [tenantId, ...cw.params, ...cw.params, ...fw.params, page.limit]
    : [...cw.params, page.limit, tenantId];

  // The page first, then its names, branch, the grid's joint branch and current liaison (cheap to plan).
  const rows = await em.execute<RawRow[]>(
    `${ctes}
     select f.*, coalesce(m.self_full, 0) as self_full, coalesce(m.self_probationary, 0) as self_probationary,
            coalesce(m.non_self, 0) as non_self, coalesce(m.total, 0) as total,
            st.name as street_name, co.name as community_name, g.name as grid_name,
            b.name as branch_name, jb.id as grid_branch_id, jb.name as grid_branch_name,
            l.id as liaison_id, l.cadre_kind, l.cadre_name, l.cadre_phone, l.committee_member_id,
            l.started_on::text as liaison_started_on
       from page f
       left join m on m.compound_id = f.id
       join ${s}.streets st on st.id = f.street_id
       join ${s}.communities co on co.id = f.community_id
       join ${s}.grids g on g.id = f.grid_id
       left join ${s}.party_orgs b on b.id = f.branch_id
       left join ${s}.party_orgs jb
              on jb.tenant_id = ? and jb.grid_id = f.grid_id and jb.level = 'grid-branch' and jb.status = 'active'
       left join ${s}.liaison_assignments l on l.tenant_id = ? and l.compound_id = f.id and l.ended_on is null
      order by f.name, f.id`,
    [...params, tenantId, tenantId],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    streetId: r.street_id,
    streetName: r.street_name,
    communityId: r.community_id,
    communityName: r.community_name,
    gridId: r.grid_id,
    gridName: r.grid_name,
    branchId: r.branch_id,
    branchForm: r.branch_form,
    branchName: r.branch_name,
    gridBranchId: r.grid_branch_id,
    gridBranchName: r.grid_branch_name,
    flag: r.formation_flag,
    flaggedAt: r.formation_flagged_at ? new Date(r.formation_flagged_at) : null,
    ...countsOf(r),
    liaison: r.liaison_id
      ? {
          id: r.liaison_id,
          cadreKind: r.cadre_kind as 'street-cadre' | 'community-committee',
          cadreName: r.cadre_name as string,
          cadrePhone: r.cadre_phone,
          committeeMemberId: r.committee_member_id,
          startedOn: r.liaison_started_on as string,
        }
      : null,
  }));
}

interface RawRow extends Omit<CountRow, 'compound_id'> {
  id: string;
  name: string;
  street_id: string;
  community_id: string;
  grid_id: string;
  branch_id: string | null;
  branch_form: BranchForm | null;
  formation_flag: string | null;
  formation_flagged_at: Date | string | null;
  street_name: string;
  community_name: string;
  grid_name: string;
  branch_name: string | null;
  grid_branch_id: string | null;
  grid_branch_name: string | null;
  liaison_id: string | null;
  cadre_kind: string | null;
  cadre_name: string | null;
  cadre_phone: string | null;
  committee_member_id: string | null;
  liaison_started_on: string | null;
}
