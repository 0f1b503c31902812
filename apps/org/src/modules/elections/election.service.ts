import { recordAudit } from '@hongfan/audit';
import { buildingLeaderElected } from '@hongfan/contracts';
import { errors } from '@hongfan/errors';
import { isDistrictWide, scopeAllows } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import { effectiveAuth, type OrgAuth, ROSTER_WRITE_ROLES, scoped } from '../../access.js';
import { publish } from '../../events.js';
import { stamps } from '../committee/people-kit.js';
import { MemberEntity } from '../members/member.entities.js';
import { assertRole } from '../secretaries/branch.js';
import { BuildingEntity, CompoundEntity, HouseholdEntity } from '../territory/territory.entities.js';
import {
  type BuildingLeader,
  BuildingLeaderEntity,
  type ElectionNomination,
  ElectionNominationEntity,
  type ElectionOpinion,
  ElectionOpinionEntity,
  type LeaderElection,
  LeaderElectionEntity,
} from './election.entities.js';
import { ELECTION_STATUS_NAMES, type ElectionStatus } from './election.schemas.js';

/*
 * 组织推选楼栋长: open (solicit opinions, collect nominations) → meeting-held (推选会, votes) →
 * elected (a leader with written duties; the previous leader's term ends). Open or meeting-held
 * elections may be cancelled. Any other order is a 422 `wrong_state`.
 */

const WHAT = 'Election';

/** Where a building sits (with its compound's grid, so grid-scoped callers see it too). */
async function buildingPath(
  em: EntityManager,
  row: { streetId: string; communityId: string; compoundId: string },
) {
  const compound = await em.findOne(CompoundEntity, { id: row.compoundId }, { fields: ['gridId'] });
  return {
    streetId: row.streetId,
    communityId: row.communityId,
    gridId: compound?.gridId ?? null,
    compoundId: row.compoundId,
  };
}

/**
 * The list-level scope of building-level records (elections, leaders): the caller's streets,
 * communities and compounds, and the compounds of their grids (these rows carry no grid id).
 */
export async function buildingScope(em: EntityManager, auth: OrgAuth): Promise<Record<string, unknown>> {
  const base = scoped(auth, { streets: 'streetId', communities: 'communityId', compounds: 'compoundId' });
  if (isDistrictWide(auth) || !auth.scope.grids?.length) return base;
  const inGrids = await em.find(CompoundEntity, { gridId: { $in: auth.scope.grids } }, { fields: ['id'] });
  return { $or: [base, { compoundId: { $in: inGrids.map((c) => c.id) } }] };
}

export async function loadBuilding(em: EntityManager, auth: OrgAuth, id: string) {
  const b = await em.findOne(BuildingEntity, { id });
  if (!b || !scopeAllows(auth, await buildingPath(em, b))) throw errors.notFound('Building', id);
  return b;
}

export async function loadElection(em: EntityManager, req: FastifyRequest, id: string, write = false) {
  const auth = await effectiveAuth(em, req);
  const row = await em.findOne(LeaderElectionEntity, { id });
  if (!row || !scopeAllows(auth, await buildingPath(em, row))) throw errors.notFound(WHAT, id);
  if (write) assertRole(auth, ROSTER_WRITE_ROLES, 'election');
  return { row, auth };
}

function expect(row: LeaderElection, allowed: ElectionStatus[], doing: string) {
  if (!allowed.includes(row.status as ElectionStatus))
    throw errors.unprocessable(
      'wrong_state',
      `Cannot ${doing}: the election is ${row.status} (${ELECTION_STATUS_NAMES[row.status as ElectionStatus]}); allowed when ${allowed.join(' or ')}`,
      { status: row.status, allowed },
    );
}

const audit = (
  em: EntityManager,
  req: FastifyRequest,
  action: string,
  row: { id: string; tenantId: string },
  type: string,
  before?: object,
) =>
  recordAudit(em, req, {
    tenantId: row.tenantId,
    action: `${type}.${action}`,
    targetType: type,
    targetId: row.id,
    before,
    after: row,
  });

export async function openElection(
  em: EntityManager,
  req: FastifyRequest,
  body: { buildingId: string; openedOn: string },
) {
  const auth = await effectiveAuth(em, req);
  const building = await em.findOne(BuildingEntity, { id: body.buildingId });
  if (!building || building.archivedAt)
    throw errors.validation([{ path: 'body.buildingId', message: 'no such building' }]);
  const path = await buildingPath(em, building);
  if (!scopeAllows(auth, path)) throw errors.notFound('Building', building.id);
  assertRole(auth, ROSTER_WRITE_ROLES, 'election');
  const open = await em.findOne(LeaderElectionEntity, {
    buildingId: building.id,
    status: { $in: ['open', 'meeting-held'] },
  });
  if (open)
    throw errors.conflict(`Building ${building.name} already has an election under way`, 'election_open', {
      electionId: open.id,
    });
  const row = em.create(LeaderElectionEntity, {
    tenantId: auth.tenantId!,
    streetId: building.streetId,
    communityId: building.communityId,
    compoundId: building.compoundId,
    buildingId: building.id,
    openedOn: body.openedOn,
  });
  await em.flush();
  audit(em, req, 'opened', row, 'leader-elections');
  return row;
}

export async function addNomination(
  em: EntityManager,
  req: FastifyRequest,
  id: string,
  body: {
    name: string;
    phone?: string;
    isMember: boolean;
    memberId?: string;
    householdId?: string;
    reason?: string;
  },
) {
  const { row } = await loadElection(em, req, id, true);
  expect(row, ['open'], 'add a nomination');
  if (body.memberId) {
    if (!body.isMember)
      throw errors.validation([{ path: 'body.isMember', message: 'must be true when memberId is given' }]);
    const m = await em.findOne(MemberEntity, { id: body.memberId, archivedAt: null });
    if (!m || m.compoundId !== row.compoundId)
      throw errors.validation([
        { path: 'body.memberId', message: "must be an active Party member of the building's compound" },
      ]);
  }
  if (body.householdId) {
    const h = await em.findOne(HouseholdEntity, { id: body.householdId, buildingId: row.buildingId });
    if (!h)
      throw errors.validation([
        { path: 'body.householdId', message: 'must be a household of this building' },
      ]);
  }
  const same = await em.findOne(ElectionNominationEntity, {
    electionId: row.id,
    $or: [
      ...(body.memberId ? [{ memberId: body.memberId }] : []),
      ...(body.phone ? [{ phone: body.phone }] : []),
      { name: body.name, householdId: body.householdId ?? null },
    ],
  });
  if (same)
    throw errors.conflict(`${same.name} is already nominated`, 'already_nominated', {
      nominationId: same.id,
    });
  const n = em.create(ElectionNominationEntity, {
    tenantId: row.tenantId,
    electionId: row.id,
    name: body.name,
    phone: body.phone ?? null,
    isMember: body.isMember,
    memberId: body.memberId ?? null,
    householdId: body.householdId ?? null,
    reason: body.reason ?? null,
  });
  await em.flush();
  audit(em, req, 'nominated', n, 'election-nominations');
  return n;
}

export async function addOpinion(
  em: EntityManager,
  req: FastifyRequest,
  id: string,
  body: { authorName: string; opinion: string; nominationId?: string; collectedOn: string },
) {
  const { row } = await loadElection(em, req, id, true);
  expect(row, ['open'], 'record an opinion');
  if (body.nominationId) {
    const n = await em.findOne(ElectionNominationEntity, { id: body.nominationId, electionId: row.id });
    if (!n)
      throw errors.validation([
        { path: 'body.nominationId', message: 'no such nomination in this election' },
      ]);
  }
  if (body.collectedOn < row.openedOn)
    throw errors.validation([
      { path: 'body.collectedOn', message: `must not be before the election opened (${row.openedOn})` },
    ]);
  const o = em.create(ElectionOpinionEntity, {
    tenantId: row.tenantId,
    electionId: row.id,
    nominationId: body.nominationId ?? null,
    authorName: body.authorName,
    opinion: body.opinion,
    collectedOn: body.collectedOn,
  });
  await em.flush();
  audit(em, req, 'recorded', o, 'election-opinions');
  return o;
}

export async function holdMeeting(
  em: EntityManager,
  req: FastifyRequest,
  id: string,
  body: {
    date: string;
    attendance: number;
    votes: { nominationId: string; votes: number }[];
    notes?: string;
  },
) {
  const { row } = await loadElection(em, req, id, true);
  expect(row, ['open'], 'hold the recommendation meeting');
  if (body.date < row.openedOn)
    throw errors.validation([
      { path: 'body.date', message: `must not be before the election opened (${row.openedOn})` },
    ]);
  const nominations = await em.find(ElectionNominationEntity, { electionId: row.id });
  if (!nominations.length)
    throw errors.unprocessable('no_nominations', 'Nominate at least one resident before the meeting');
  const byId = new Map(nominations.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const issues: { path: string; message: string }[] = [];
  body.votes.forEach((v, i) => {
    if (!byId.has(v.nominationId))
      issues.push({ path: `body.votes.${i}.nominationId`, message: 'no such nomination in this election' });
    else if (seen.has(v.nominationId))
      issues.push({ path: `body.votes.${i}.nominationId`, message: 'listed twice' });
    seen.add(v.nominationId);
    if (v.votes > body.attendance)
      issues.push({ path: `body.votes.${i}.votes`, message: `exceeds the attendance (${body.attendance})` });
  });
  if (issues.length) throw errors.validation(issues);
  const before = { ...row };
  const votes = new Map(body.votes.map((v) => [v.nominationId, v.votes]));
  for (const n of nominations) n.votes = votes.get(n.id) ?? 0;
  row.status = 'meeting-held';
  row.meetingDate = body.date;
  row.meetingAttendance = body.attendance;
  row.meetingNotes = body.notes ?? null;
  await em.flush();
  recordAudit(em, req, {
    tenantId: row.tenantId,
    action: 'leader-elections.meeting-held',
    targetType: 'leader-elections',
    targetId: row.id,
    before,
    after: { ...row, votes: body.votes },
  });
  return row;
}

export async function elect(
  em: EntityManager,
  req: FastifyRequest,
  prefix: string,
  id: string,
  body: { nominationId: string; duties: string; termStart: string; termEnd?: string },
) {
  const { row } = await loadElection(em, req, id, true);
  expect(row, ['meeting-held'], 'elect a leader');
  const n = await em.findOne(ElectionNominationEntity, { id: body.nominationId, electionId: row.id });
  if (!n)
    throw errors.validation([{ path: 'body.nominationId', message: 'no such nomination in this election' }]);
  if (!n.votes)
    throw errors.unprocessable('no_votes', `${n.name} received no votes at the recommendation meeting`);
  if (row.meetingDate && body.termStart < row.meetingDate)
    throw errors.validation([
      { path: 'body.termStart', message: `must not be before the meeting (${row.meetingDate})` },
    ]);
  if (body.termEnd && body.termEnd <= body.termStart)
    throw errors.validation([{ path: 'body.termEnd', message: 'must be after termStart' }]);
  const previous = await em.findOne(BuildingLeaderEntity, { buildingId: row.buildingId, endedOn: null });
  if (previous) {
    if (body.termStart < previous.termStart)
      throw errors.validation([
        {
          path: 'body.termStart',
          message: `must not be before the current leader's term began (${previous.termStart})`,
        },
      ]);
    const before = { ...previous };
    previous.endedOn = body.termStart;
    await em.flush();
    audit(em, req, 'ended', previous, 'building-leaders', before);
  }
  const leader = em.create(BuildingLeaderEntity, {
    tenantId: row.tenantId,
    streetId: row.streetId,
    communityId: row.communityId,
    compoundId: row.compoundId,
    buildingId: row.buildingId,
    electionId: row.id,
    name: n.name,
    phone: n.phone ?? null,
    isMember: n.isMember,
    memberId: n.memberId ?? null,
    duties: body.duties,
    termStart: body.termStart,
    termEnd: body.termEnd ?? null,
  });
  const before = { ...row };
  row.status = 'elected';
  row.electedNominationId = n.id;
  await em.flush();
  audit(em, req, 'elected', row, 'leader-elections', before);
  audit(em, req, 'elected', leader, 'building-leaders');
  await publish(em, { prefix, req }, buildingLeaderElected, row.tenantId, {
    leaderId: leader.id,
    electionId: row.id,
    buildingId: row.buildingId,
    compoundId: row.compoundId,
    name: leader.name,
    isMember: leader.isMember,
    termStart: leader.termStart,
    termEnd: leader.termEnd ?? null,
  });
  return row;
}

export async function cancelElection(em: EntityManager, req: FastifyRequest, id: string, reason: string) {
  const { row } = await loadElection(em, req, id, true);
  expect(row, ['open', 'meeting-held'], 'cancel');
  const before = { ...row };
  row.status = 'cancelled';
  row.cancelledReason = reason;
  await em.flush();
  audit(em, req, 'cancelled', row, 'leader-elections', before);
  return row;
}

const memberName = (isMember: boolean) => (isMember ? '党员' : '群众');

export function toElectionView(r: LeaderElection) {
  return {
    id: r.id,
    streetId: r.streetId,
    communityId: r.communityId,
    compoundId: r.compoundId,
    buildingId: r.buildingId,
    status: r.status,
    statusName: ELECTION_STATUS_NAMES[r.status as ElectionStatus],
    openedOn: r.openedOn,
    meeting: r.meetingDate
      ? { date: r.meetingDate, attendance: r.meetingAttendance ?? 0, notes: r.meetingNotes ?? null }
      : null,
    electedNominationId: r.electedNominationId ?? null,
    cancelledReason: r.cancelledReason ?? null,
    ...stamps(r),
  };
}

export function toNominationView(n: ElectionNomination, electedId?: string | null) {
  return {
    id: n.id,
    electionId: n.electionId,
    name: n.name,
    phone: n.phone ?? null,
    isMember: n.isMember,
    memberName: memberName(n.isMember),
    memberId: n.memberId ?? null,
    householdId: n.householdId ?? null,
    reason: n.reason ?? null,
    votes: n.votes ?? null,
    elected: !!electedId && electedId === n.id,
    createdAt: n.createdAt.toISOString(),
  };
}

export function toOpinionView(o: ElectionOpinion) {
  return {
    id: o.id,
    electionId: o.electionId,
    nominationId: o.nominationId ?? null,
    authorName: o.authorName,
    opinion: o.opinion,
    collectedOn: o.collectedOn,
    createdAt: o.createdAt.toISOString(),
  };
}

export function toLeaderView(l: BuildingLeader) {
  return {
    id: l.id,
    streetId: l.streetId,
    communityId: l.communityId,
    compoundId: l.compoundId,
    buildingId: l.buildingId,
    electionId: l.electionId ?? null,
    name: l.name,
    phone: l.phone ?? null,
    isMember: l.isMember,
    memberName: memberName(l.isMember),
    memberId: l.memberId ?? null,
    duties: l.duties,
    termStart: l.termStart,
    termEnd: l.termEnd ?? null,
    endedOn: l.endedOn ?? null,
    current: !l.endedOn,
    createdAt: l.createdAt.toISOString(),
  };
}

/** An election with its nominations (most votes first), opinions and the leader it elected. */
export async function electionDetail(em: EntityManager, row: LeaderElection) {
  const nominations = await em.find(
    ElectionNominationEntity,
    { electionId: row.id },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const opinions = await em.find(
    ElectionOpinionEntity,
    { electionId: row.id },
    { orderBy: { collectedOn: 'asc', createdAt: 'asc', id: 'asc' } },
  );
  const leader = await em.findOne(BuildingLeaderEntity, { electionId: row.id });
  nominations.sort((a, b) => (b.votes ?? -1) - (a.votes ?? -1));
  return {
    ...toElectionView(row),
    nominations: nominations.map((n) => toNominationView(n, row.electedNominationId)),
    opinions: opinions.map(toOpinionView),
    leader: leader ? toLeaderView(leader) : null,
  };
}
