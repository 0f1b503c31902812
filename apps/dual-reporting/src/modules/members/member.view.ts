import { inOrder } from '@hongfan/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GENDER_NAMES, MEMBER_REPORT_STATUS_NAMES, PARTY_STATUS_NAMES } from '../../labels.js';
import { CompoundRefEntity } from '../read-model/read-model.entities.js';
import { WorkUnitEntity } from '../work-units/work-unit.entity.js';
import type { InServiceMember, ReportStatus } from './member.entity.js';

/** Names of the units and compounds a page of records points at, fetched once per page. */
export interface Names {
  units: Map<string, string>;
  compounds: Map<string, { name: string; communityName: string }>;
}

export async function namesFor(
  em: EntityManager,
  unitIds: Array<string | null | undefined>,
  compoundIds: Array<string | null | undefined>,
): Promise<Names> {
  const ids = (xs: Array<string | null | undefined>) => [...new Set(xs.filter((x): x is string => !!x))];
  const [u, c] = [ids(unitIds), ids(compoundIds)];
  const [units, compounds] = await inOrder(
    () => (u.length ? em.find(WorkUnitEntity, { id: { $in: u } }, { fields: ['name'] }) : []),
    () =>
      c.length ? em.find(CompoundRefEntity, { id: { $in: c } }, { fields: ['name', 'communityName'] }) : [],
  );
  return {
    units: new Map(units.map((x) => [x.id, x.name])),
    compounds: new Map(compounds.map((x) => [x.id, { name: x.name, communityName: x.communityName }])),
  };
}

export function toMemberView(m: InServiceMember, names: Names) {
  const compound = m.compoundId ? names.compounds.get(m.compoundId) : undefined;
  return {
    id: m.id,
    workUnitId: m.workUnitId,
    workUnitName: names.units.get(m.workUnitId) ?? '',
    name: m.name,
    gender: m.gender ?? null,
    genderName: m.gender ? GENDER_NAMES[m.gender] : null,
    phone: m.phone,
    partyStatus: m.partyStatus,
    partyStatusName: PARTY_STATUS_NAMES[m.partyStatus],
    position: m.position ?? null,
    skills: m.skills ?? null,
    userId: m.userId ?? null,
    reportStatus: m.reportStatus,
    reportStatusName: MEMBER_REPORT_STATUS_NAMES[m.reportStatus as ReportStatus],
    currentReportId: m.currentReportId ?? null,
    compoundId: m.compoundId ?? null,
    compoundName: compound?.name ?? null,
    communityId: m.communityId ?? null,
    communityName: compound?.communityName ?? null,
    streetId: m.streetId ?? null,
    archived: !!m.archivedAt,
    archiveReason: m.archiveReason ?? null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    version: m.version,
  };
}

export async function memberViews(em: EntityManager, rows: InServiceMember[]) {
  const names = await namesFor(
    em,
    rows.map((m) => m.workUnitId),
    rows.map((m) => m.compoundId),
  );
  return rows.map((m) => toMemberView(m, names));
}
