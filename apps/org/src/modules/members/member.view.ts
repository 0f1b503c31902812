import { inOrder } from '@hongfan/db';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BuildingEntity, CompoundEntity, HouseholdEntity } from '../territory/territory.entities.js';
import type { Member, MemberMove, Plaque } from './member.entities.js';
import {
  ARCHIVE_REASONS,
  GENDER_NAMES,
  MANAGEMENT_NAMES,
  type MemberView,
  STATUS_NAMES,
} from './member.schemas.js';

/** 13800000001 → 138****0001: lists and read-only callers never see a whole number. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** Names of the places records point at, loaded once per page (a few queries, whatever the page size). */
export interface PlaceNames {
  compounds: Map<string, string>;
  buildings: Map<string, string>;
  households: Map<string, { room: string; buildingId: string }>;
}

type Ids = Iterable<string | null | undefined>;
const distinct = (it?: Ids) => [...new Set([...(it ?? [])].filter((x): x is string => !!x))];

export async function placeNames(
  em: EntityManager,
  refs: { compoundIds?: Ids; buildingIds?: Ids; householdIds?: Ids },
): Promise<PlaceNames> {
  const compoundIds = distinct(refs.compoundIds);
  const householdIds = distinct(refs.householdIds);
  const [compounds, households] = await inOrder(
    () =>
      compoundIds.length
        ? em.find(CompoundEntity, { id: { $in: compoundIds } }, { fields: ['id', 'name'] })
        : [],
    () =>
      householdIds.length
        ? em.find(HouseholdEntity, { id: { $in: householdIds } }, { fields: ['id', 'room', 'buildingId'] })
        : [],
  );
  // A household's building is named too, so a record that names only its household shows both.
  const buildingIds = distinct([...(refs.buildingIds ?? []), ...households.map((h) => h.buildingId)]);
  const buildings = buildingIds.length
    ? await em.find(BuildingEntity, { id: { $in: buildingIds } }, { fields: ['id', 'name'] })
    : [];
  return {
    compounds: new Map(compounds.map((c) => [c.id, c.name])),
    buildings: new Map(buildings.map((b) => [b.id, b.name])),
    households: new Map(households.map((h) => [h.id, { room: h.room, buildingId: h.buildingId }])),
  };
}

export function memberNames(em: EntityManager, members: Member[]): Promise<PlaceNames> {
  return placeNames(em, {
    compoundIds: members.map((m) => m.compoundId),
    buildingIds: members.map((m) => m.buildingId),
    householdIds: members.map((m) => m.householdId),
  });
}

export function toMemberView(m: Member, names: PlaceNames, fullPhone: boolean): MemberView {
  return {
    id: m.id,
    name: m.name,
    gender: m.gender,
    genderName: GENDER_NAMES[m.gender],
    birthYear: m.birthYear,
    phone: fullPhone ? m.phone : maskPhone(m.phone),
    phoneMasked: !fullPhone,
    status: m.status,
    statusName: STATUS_NAMES[m.status],
    management: m.management,
    managementName: MANAGEMENT_NAMES[m.management],
    membershipOrg: m.membershipOrg ?? null,
    isHomeowner: m.isHomeowner,
    joinedOn: m.joinedOn,
    streetId: m.streetId,
    communityId: m.communityId,
    gridId: m.gridId,
    compoundId: m.compoundId,
    compoundName: names.compounds.get(m.compoundId) ?? null,
    buildingId: m.buildingId ?? null,
    buildingName: (m.buildingId && names.buildings.get(m.buildingId)) || null,
    householdId: m.householdId ?? null,
    room: (m.householdId && names.households.get(m.householdId)?.room) || null,
    archived: !!m.archivedAt,
    archivedAt: m.archivedAt ? m.archivedAt.toISOString() : null,
    archiveReason: m.archiveReason ?? null,
    archiveReasonName: m.archiveReason
      ? (ARCHIVE_REASONS[m.archiveReason as keyof typeof ARCHIVE_REASONS] ?? m.archiveReason)
      : null,
    archiveNote: m.archiveNote ?? null,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    version: m.version,
  };
}

export function toMoveView(mv: MemberMove, names: PlaceNames) {
  return {
    id: mv.id,
    memberId: mv.memberId,
    fromCompoundId: mv.fromCompoundId,
    fromCompoundName: names.compounds.get(mv.fromCompoundId) ?? null,
    fromBuildingId: mv.fromBuildingId ?? null,
    fromHouseholdId: mv.fromHouseholdId ?? null,
    toCompoundId: mv.toCompoundId,
    toCompoundName: names.compounds.get(mv.toCompoundId) ?? null,
    toBuildingId: mv.toBuildingId ?? null,
    toHouseholdId: mv.toHouseholdId ?? null,
    movedOn: mv.movedOn,
    createdAt: mv.createdAt.toISOString(),
  };
}

export function toPlaqueView(p: Plaque, names: PlaceNames) {
  const household = names.households.get(p.householdId);
  const buildingId = household?.buildingId ?? null;
  return {
    id: p.id,
    kind: p.kind,
    householdId: p.householdId,
    room: household?.room ?? null,
    buildingId,
    buildingName: (buildingId && names.buildings.get(buildingId)) || null,
    streetId: p.streetId,
    communityId: p.communityId,
    gridId: p.gridId ?? null,
    compoundId: p.compoundId,
    compoundName: names.compounds.get(p.compoundId) ?? null,
    hungOn: p.hungOn,
    removedOn: p.removedOn ?? null,
    current: !p.removedOn,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}
