import type { EntityManager } from '@mikro-orm/postgresql';
import { type DrAuth, visibleSql } from '../../access.js';
import { SCHEMA } from '../../events.js';
import { MODE_NAMES } from '../../labels.js';
import { rawQuery } from '../../sql.js';
import { chinaDate } from '../../time.js';
import type { ReportingQuery } from './stats.schemas.js';

const S = SCHEMA;
const rate = (num: number, den: number) => (den ? Math.round((num / den) * 1000) / 1000 : 0);
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Filters {
  workUnitId?: string;
  communityId?: string;
  streetId?: string;
}

/** `and <alias>.<column> = ?` for each filter given (column names per table). */
function filterSql(f: Filters, cols: Partial<Record<keyof Filters, string>>) {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const k of ['workUnitId', 'communityId', 'streetId'] as const)
    if (f[k] && cols[k]) {
      parts.push(`and ${cols[k]} = ?`);
      params.push(f[k]);
    }
  return { sql: parts.join(' '), params };
}

/** A scope made of places only (street, community, branch, compound): the compound totals answer it exactly. */
function areaOnly(auth: DrAuth): boolean {
  return !auth.all && !auth.scope.workUnits?.length && !auth.self;
}

/** The caller's places as SQL over the compounds read model (or a table keyed by compound). */
function areaSql(auth: DrAuth, alias: string, compoundColumn = 'id') {
  if (auth.all) return { sql: 'true', params: [] as unknown[] };
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (col: string, ids?: string[]) => {
    if (!ids?.length) return;
    parts.push(`${alias}.${col} = any(?::uuid[])`);
    params.push(ids);
  };
  add('street_id', auth.scope.streets);
  add('community_id', auth.scope.communities);
  add(compoundColumn, auth.compounds);
  return { sql: parts.length ? `(${parts.join(' or ')})` : 'false', params };
}

type Row = {
  id: string;
  name: string;
  community_name: string | null;
  members: number | null;
  reported: number;
  pending: number;
};

/**
 * Reported members per unit, compound or community. District-wide questions read the running
 * totals (unit_tallies, compound_tallies: a few hundred or thousand rows however many members);
 * questions narrowed to a unit, or asked by a unit's admin, aggregate that unit's roster through
 * its index; a street or community cadre's compound figures come from the totals too.
 */
export async function reporting(em: EntityManager, auth: DrAuth, q: ReportingQuery) {
  const tenantId = auth.tenantId!;
  let rows: Row[];
  if (q.by === 'unit') {
    if (auth.all && !q.communityId && !q.streetId) {
      const f = filterSql(q, { workUnitId: 'w.id' });
      rows = await rawQuery<Row>(
        em,
        `select w.id, w.name, null as community_name, coalesce(t.members, 0) as members,
                coalesce(t.confirmed, 0) as reported, coalesce(t.pending, 0) as pending
           from ${S}.work_units w
           left join ${S}.unit_tallies t on t.tenant_id = w.tenant_id and t.work_unit_id = w.id
          where w.tenant_id = ? ${f.sql}
          order by w.name, w.id`,
        [tenantId, ...f.params],
      );
    } else {
      const v = visibleSql(auth, 'm', 'id');
      const f = filterSql(q, {
        workUnitId: 'm.work_unit_id',
        communityId: 'm.community_id',
        streetId: 'm.street_id',
      });
      rows = await rawQuery<Row>(
        em,
        `select w.id, w.name, null as community_name, count(*)::int as members,
                (count(*) filter (where m.report_status = 'confirmed'))::int as reported,
                (count(*) filter (where m.report_status = 'pending'))::int as pending
           from ${S}.in_service_members m join ${S}.work_units w on w.id = m.work_unit_id
          where m.tenant_id = ? and m.archived_at is null and ${v.sql} ${f.sql}
          group by w.id, w.name order by w.name, w.id`,
        [tenantId, ...v.params, ...f.params],
      );
    }
  } else {
    const group =
      q.by === 'compound'
        ? {
            key: 'c.id',
            name: 'c.name',
            community: 'min(c.community_name)',
            order: 'min(c.community_name), c.name, c.id',
          }
        : { key: 'c.community_id', name: 'min(c.community_name)', community: 'null', order: '2, 1' };
    if ((auth.all || areaOnly(auth)) && !q.workUnitId && q.by === 'community') {
      // Totals first, then names: the plan stays a small hash join even before the tables are analysed.
      const a = areaSql(auth, 'c');
      const ta = areaSql(auth, 't', 'compound_id');
      const f = filterSql(q, { communityId: 'c.community_id', streetId: 'c.street_id' });
      const tf = filterSql(q, { communityId: 't.community_id', streetId: 't.street_id' });
      rows = await rawQuery<Row>(
        em,
        `with t as (select t.community_id, sum(t.confirmed)::int as reported, sum(t.pending)::int as pending
                      from ${S}.compound_tallies t where t.tenant_id = ? and ${ta.sql} ${tf.sql}
                     group by t.community_id),
              c as (select distinct on (c.community_id) c.community_id, c.community_name
                      from ${S}.compounds c where c.tenant_id = ? and not c.archived and ${a.sql} ${f.sql}
                     order by c.community_id)
         select c.community_id as id, c.community_name as name, null as community_name, null as members,
                coalesce(t.reported, 0) as reported, coalesce(t.pending, 0) as pending
           from c left join t on t.community_id = c.community_id
          order by c.community_name, c.community_id`,
        [tenantId, ...ta.params, ...tf.params, tenantId, ...a.params, ...f.params],
      );
    } else if ((auth.all || areaOnly(auth)) && !q.workUnitId) {
      const a = areaSql(auth, 'c');
      const f = filterSql(q, { communityId: 'c.community_id', streetId: 'c.street_id' });
      rows = await rawQuery<Row>(
        em,
        `select c.id, c.name, c.community_name, null as members,
                coalesce(t.confirmed, 0) as reported, coalesce(t.pending, 0) as pending
           from ${S}.compounds c
           left join ${S}.compound_tallies t on t.tenant_id = c.tenant_id and t.compound_id = c.id
          where c.tenant_id = ? and not c.archived and ${a.sql} ${f.sql}
          order by c.community_name, c.name, c.id`,
        [tenantId, ...a.params, ...f.params],
      );
    } else {
      const v = visibleSql(auth, 'm', 'id');
      const f = filterSql(q, {
        workUnitId: 'm.work_unit_id',
        communityId: 'm.community_id',
        streetId: 'm.street_id',
      });
      rows = await rawQuery<Row>(
        em,
        `select ${group.key} as id, ${group.name} as name, ${group.community} as community_name, null as members,
                (count(*) filter (where m.report_status = 'confirmed'))::int as reported,
                (count(*) filter (where m.report_status = 'pending'))::int as pending
           from ${S}.in_service_members m join ${S}.compounds c on c.id = m.compound_id
          where m.tenant_id = ? and m.archived_at is null and m.compound_id is not null and ${v.sql} ${f.sql}
          group by ${group.key}${q.by === 'compound' ? ', c.name' : ''}
          order by ${group.order}`,
        [tenantId, ...v.params, ...f.params],
      );
    }
  }
  const out = rows.map((r) => ({
    id: r.id,
    name: r.name,
    communityName: r.community_name,
    members: q.by === 'unit' ? Number(r.members) : null,
    reported: r.reported,
    pending: r.pending,
    rate: q.by === 'unit' ? rate(r.reported, Number(r.members)) : rate(r.reported, r.reported + r.pending),
  }));
  const reported = out.reduce((n, r) => n + r.reported, 0);
  const pending = out.reduce((n, r) => n + r.pending, 0);
  const members = q.by === 'unit' ? out.reduce((n, r) => n + (r.members ?? 0), 0) : null;
  return {
    by: q.by,
    rows: out,
    totals: {
      members,
      reported,
      pending,
      rate: members === null ? rate(reported, reported + pending) : rate(reported, members),
    },
  };
}

/** Verified good deeds per month and mode in a year (tasks included), within the caller's scope. */
export async function deedStats(em: EntityManager, auth: DrAuth, q: Filters & { year?: number }) {
  const year = q.year ?? Number(chinaDate().slice(0, 4));
  const v = visibleSql(auth, 'd', 'member_id');
  const f = filterSql(q, {
    workUnitId: 'd.work_unit_id',
    communityId: 'd.community_id',
    streetId: 'd.street_id',
  });
  const rows = await rawQuery<{
    month: string;
    mode: keyof typeof MODE_NAMES;
    deeds: number;
    tasks: number;
    hours: number;
  }>(
    em,
    `select to_char(d.done_on, 'YYYY-MM') as month, d.mode, count(*)::int as deeds,
            (count(*) filter (where d.source = 'task'))::int as tasks, sum(d.hours)::float8 as hours
       from ${S}.deeds d
      where d.tenant_id = ? and d.status = 'verified' and d.done_on between ? and ? and ${v.sql} ${f.sql}
      group by 1, 2 order by 1, 2`,
    [auth.tenantId, `${year}-01-01`, `${year}-12-31`, ...v.params, ...f.params],
  );
  const months = rows.map((r) => ({ ...r, modeName: MODE_NAMES[r.mode], hours: round1(r.hours) }));
  const byMode = (Object.keys(MODE_NAMES) as (keyof typeof MODE_NAMES)[]).map((mode) => {
    const of = rows.filter((r) => r.mode === mode);
    return {
      mode,
      modeName: MODE_NAMES[mode],
      deeds: of.reduce((n, r) => n + r.deeds, 0),
      tasks: of.reduce((n, r) => n + r.tasks, 0),
      hours: round1(of.reduce((n, r) => n + r.hours, 0)),
    };
  });
  return {
    year,
    months,
    byMode,
    totals: {
      deeds: byMode.reduce((n, r) => n + r.deeds, 0),
      tasks: byMode.reduce((n, r) => n + r.tasks, 0),
      hours: round1(byMode.reduce((n, r) => n + r.hours, 0)),
    },
  };
}

/**
 * Headline figures for the caller's scope: units, members, reporting, tasks by status, deeds. One
 * statement (three parts), so a dashboard's most frequent call costs one round trip.
 */
export async function overview(em: EntityManager, auth: DrAuth, q: Filters) {
  const tenantId = auth.tenantId!;
  const narrowed = !!(q.communityId || q.streetId);
  let membersSql: string;
  let membersParams: unknown[];
  if (auth.all && !narrowed) {
    const f = filterSql(q, { workUnitId: 'w.id' });
    membersSql = `select count(*)::int as units, coalesce(sum(t.members), 0)::int as members,
              coalesce(sum(t.confirmed), 0)::int as reported, coalesce(sum(t.pending), 0)::int as pending
         from ${S}.work_units w
         left join ${S}.unit_tallies t on t.tenant_id = w.tenant_id and t.work_unit_id = w.id
        where w.tenant_id = ? and w.status = 'active' ${f.sql}`;
    membersParams = [tenantId, ...f.params];
  } else {
    const v = visibleSql(auth, 'm', 'id');
    const f = filterSql(q, {
      workUnitId: 'm.work_unit_id',
      communityId: 'm.community_id',
      streetId: 'm.street_id',
    });
    membersSql = `select count(distinct m.work_unit_id)::int as units, count(*)::int as members,
              (count(*) filter (where m.report_status = 'confirmed'))::int as reported,
              (count(*) filter (where m.report_status = 'pending'))::int as pending
         from ${S}.in_service_members m
        where m.tenant_id = ? and m.archived_at is null and ${v.sql} ${f.sql}`;
    membersParams = [tenantId, ...v.params, ...f.params];
  }
  const tv = visibleSql(auth, 't', 'member_id');
  const tf = filterSql(q, {
    workUnitId: 't.work_unit_id',
    communityId: 't.community_id',
    streetId: 't.street_id',
  });
  const dv = visibleSql(auth, 'd', 'member_id');
  const df = filterSql(q, {
    workUnitId: 'd.work_unit_id',
    communityId: 'd.community_id',
    streetId: 'd.street_id',
  });
  const count = (status: string) => `(count(*) filter (where t.status = '${status}'))::int as task_${status}`;
  const [r] = await rawQuery<{
    units: number;
    members: number;
    reported: number;
    pending: number;
    task_open: number;
    task_accepted: number;
    task_done: number;
    task_verified: number;
    task_cancelled: number;
    deeds_verified: number;
    deeds_pending: number;
    hours: number;
  }>(
    em,
    `with m as (${membersSql}),
          t as (select ${['open', 'accepted', 'done', 'verified', 'cancelled'].map(count).join(', ')}
                  from ${S}.tasks t where t.tenant_id = ? and ${tv.sql} ${tf.sql}),
          d as (select (count(*) filter (where d.status = 'verified'))::int as deeds_verified,
                       (count(*) filter (where d.status = 'pending'))::int as deeds_pending,
                       coalesce(sum(d.hours) filter (where d.status = 'verified'), 0)::float8 as hours
                  from ${S}.deeds d where d.tenant_id = ? and ${dv.sql} ${df.sql})
     select * from m, t, d`,
    [...membersParams, tenantId, ...tv.params, ...tf.params, tenantId, ...dv.params, ...df.params],
  );
  return {
    workUnits: r.units,
    members: r.members,
    reported: r.reported,
    pending: r.pending,
    reportRate: rate(r.reported, r.members),
    tasks: {
      open: r.task_open,
      accepted: r.task_accepted,
      done: r.task_done,
      verified: r.task_verified,
      cancelled: r.task_cancelled,
    },
    deeds: { verified: r.deeds_verified, pending: r.deeds_pending, hours: round1(r.hours) },
  };
}
