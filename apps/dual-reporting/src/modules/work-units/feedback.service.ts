import type { EntityManager } from '@mikro-orm/postgresql';
import { SCHEMA } from '../../events.js';
import { MEMBER_REPORT_STATUS_NAMES, PARTY_STATUS_NAMES, WORK_UNIT_KIND_NAMES } from '../../labels.js';
import { rawQuery } from '../../sql.js';
import { currentQuarter, quarterBounds } from '../../time.js';
import type { WorkUnit } from './work-unit.entity.js';
import type { FeedbackView } from './work-unit.schemas.js';

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The quarterly feedback to a work unit (季度反馈): for every member on its roster during the
 * quarter, whether they had a confirmed report in force at the quarter's end (from the report
 * history, so a past quarter reads as it was), and their verified tasks, deeds and hours done in
 * the quarter. One query; a unit's roster is hundreds to a few thousand rows.
 */
export async function unitFeedback(
  em: EntityManager,
  unit: WorkUnit,
  q: { year?: number; quarter?: number },
): Promise<FeedbackView> {
  const now = currentQuarter();
  const year = q.year ?? now.year;
  const quarter = q.quarter ?? (q.year ? 4 : now.quarter);
  const b = quarterBounds(year, quarter);
  const asOf = new Date(Math.min(b.end.getTime(), Date.now()));
  const rows = await rawQuery<{
    id: string;
    name: string;
    party_status: 'full' | 'probationary';
    report_status: keyof typeof MEMBER_REPORT_STATUS_NAMES;
    left_unit: boolean;
    compound_id: string | null;
    compound_name: string | null;
    community_name: string | null;
    tasks: number;
    deeds: number;
    hours: number;
  }>(
    em,
    `select m.id, m.name, m.party_status, m.report_status, (m.archived_at is not null) as left_unit,
            r.compound_id, c.name as compound_name, c.community_name,
            coalesce(d.tasks, 0)::int as tasks, coalesce(d.deeds, 0)::int as deeds,
            coalesce(d.hours, 0)::float8 as hours
       from ${SCHEMA}.in_service_members m
       left join lateral (
         select x.compound_id from ${SCHEMA}.reports x
          where x.tenant_id = m.tenant_id and x.member_id = m.id
            and x.confirmed_at < ? and (x.ended_at is null or x.ended_at >= ?)
          order by x.confirmed_at desc limit 1
       ) r on true
       left join ${SCHEMA}.compounds c on c.id = r.compound_id
       left join (
         select member_id, count(*) filter (where source = 'task') as tasks,
                count(*) filter (where source = 'self') as deeds, sum(hours) as hours
           from ${SCHEMA}.deeds
          where tenant_id = ? and work_unit_id = ? and status = 'verified' and done_on between ? and ?
          group by member_id
       ) d on d.member_id = m.id
      where m.tenant_id = ? and m.work_unit_id = ? and m.created_at < ?
        and (m.archived_at is null or m.archived_at >= ?)
      order by m.name, m.id`,
    [asOf, asOf, unit.tenantId, unit.id, b.from, b.to, unit.tenantId, unit.id, asOf, b.start],
  );
  const members = rows.map((r) => ({
    memberId: r.id,
    name: r.name,
    partyStatusName: PARTY_STATUS_NAMES[r.party_status],
    reported: !!r.compound_id,
    compoundId: r.compound_id,
    compoundName: r.compound_name,
    communityName: r.community_name,
    reportStatusName: MEMBER_REPORT_STATUS_NAMES[r.report_status],
    tasks: r.tasks,
    deeds: r.deeds,
    hours: round1(r.hours),
    leftUnit: r.left_unit,
  }));
  const reported = members.filter((m) => m.reported).length;
  return {
    workUnit: {
      id: unit.id,
      name: unit.name,
      kindName: WORK_UNIT_KIND_NAMES[unit.kind],
      partyOrgName: unit.partyOrgName,
    },
    period: { year, quarter, from: b.from, to: b.to, asOf: asOf.toISOString() },
    totals: {
      members: members.length,
      reported,
      reportRate: members.length ? Math.round((reported / members.length) * 1000) / 1000 : 0,
      tasks: members.reduce((n, m) => n + m.tasks, 0),
      deeds: members.reduce((n, m) => n + m.deeds, 0),
      hours: round1(members.reduce((n, m) => n + m.hours, 0)),
    },
    members,
  };
}

/** The feedback as CSV columns (headers in Chinese, as units read it). */
export const FEEDBACK_CSV_COLUMNS: {
  header: string;
  value: (m: FeedbackView['members'][number]) => unknown;
}[] = [
  { header: '姓名', value: (m) => m.name },
  { header: '党员类别', value: (m) => m.partyStatusName },
  { header: '季末已报到', value: (m) => m.reported },
  { header: '报到小区', value: (m) => m.compoundName },
  { header: '所属社区', value: (m) => m.communityName },
  { header: '当前报到状态', value: (m) => m.reportStatusName },
  { header: '代办任务数', value: (m) => m.tasks },
  { header: '好事实事数', value: (m) => m.deeds },
  { header: '服务时长(小时)', value: (m) => m.hours },
  { header: '已离开本单位', value: (m) => m.leftUnit },
];
