import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/**
 * A building-leader election (组织推选楼栋长): opened for a building, nominations and opinions
 * collected, a recommendation meeting (推选会) held, a leader elected. One open election per building.
 */
export interface LeaderElection extends TenantOwned {
  streetId: string;
  communityId: string;
  compoundId: string;
  buildingId: string;
  status: Opt<'open' | 'meeting-held' | 'elected' | 'cancelled'>;
  openedOn: string;
  meetingDate?: string | null;
  meetingAttendance?: number | null;
  meetingNotes?: string | null;
  electedNominationId?: string | null;
  cancelledReason?: string | null;
}
export const LeaderElectionEntity = new EntitySchema<LeaderElection>({
  name: 'LeaderElection',
  tableName: 'leader_elections',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    compoundId: p.uuid(),
    buildingId: p.uuid(),
    status: { ...(p.text() as object), default: 'open' } as never,
    openedOn: p.date(),
    meetingDate: p.date(true),
    meetingAttendance: p.int(true),
    meetingNotes: p.text(true),
    electedNominationId: p.uuid(true),
    cancelledReason: p.text(true),
  },
});

/** A resident nominated for building leader; need not be a Party member. `votes` from the meeting. */
export interface ElectionNomination extends TenantOwned {
  electionId: string;
  name: string;
  phone?: string | null;
  memberId?: string | null;
  isMember: boolean;
  householdId?: string | null;
  reason?: string | null;
  votes?: number | null;
}
export const ElectionNominationEntity = new EntitySchema<ElectionNomination>({
  name: 'ElectionNomination',
  tableName: 'election_nominations',
  properties: {
    ...tenantOwnedProperties,
    electionId: p.uuid(),
    name: p.text(),
    phone: p.text(true),
    memberId: p.uuid(true),
    isMember: p.bool(),
    householdId: p.uuid(true),
    reason: p.text(true),
    votes: p.int(true),
  },
});

/** An opinion solicited from residents (广泛征求意见), optionally about one nominee. */
export interface ElectionOpinion extends TenantOwned {
  electionId: string;
  nominationId?: string | null;
  authorName: string;
  opinion: string;
  collectedOn: string;
}
export const ElectionOpinionEntity = new EntitySchema<ElectionOpinion>({
  name: 'ElectionOpinion',
  tableName: 'election_opinions',
  properties: {
    ...tenantOwnedProperties,
    electionId: p.uuid(),
    nominationId: p.uuid(true),
    authorName: p.text(),
    opinion: p.text(),
    collectedOn: p.date(),
  },
});

/** A building's leader for a term, with written duties; one current leader per building. */
export interface BuildingLeader extends TenantOwned {
  streetId: string;
  communityId: string;
  compoundId: string;
  buildingId: string;
  electionId?: string | null;
  name: string;
  phone?: string | null;
  isMember: boolean;
  memberId?: string | null;
  duties: string;
  termStart: string;
  termEnd?: string | null;
  endedOn?: string | null;
}
export const BuildingLeaderEntity = new EntitySchema<BuildingLeader>({
  name: 'BuildingLeader',
  tableName: 'building_leaders',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    compoundId: p.uuid(),
    buildingId: p.uuid(),
    electionId: p.uuid(true),
    name: p.text(),
    phone: p.text(true),
    isMember: p.bool(),
    memberId: p.uuid(true),
    duties: p.text(),
    termStart: p.date(),
    termEnd: p.date(true),
    endedOn: p.date(true),
  },
});

export const electionEntities = [
  LeaderElectionEntity,
  ElectionNominationEntity,
  ElectionOpinionEntity,
  BuildingLeaderEntity,
];
