import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/**
 * A Party member living in a compound (摸排党员身份). Self-managed (自管) members' membership is
 * held by the community/compound organisation; non-self-managed (非自管) ones name the
 * organisation that holds it. Full (正式) or probationary (预备).
 */
export interface Member extends TenantOwned {
  streetId: string;
  communityId: string;
  gridId: string;
  compoundId: string;
  buildingId?: string | null;
  householdId?: string | null;
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  phone: string;
  status: 'full' | 'probationary';
  management: 'self' | 'non-self';
  membershipOrg?: string | null;
  isHomeowner: boolean;
  joinedOn: string;
  archivedAt?: Date | null;
  /** Why the member left the roster (see ARCHIVE_REASONS), with an optional note. */
  archiveReason?: string | null;
  archiveNote?: string | null;
}
export const MemberEntity = new EntitySchema<Member>({
  name: 'Member',
  tableName: 'members',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    gridId: p.uuid(),
    compoundId: p.uuid(),
    buildingId: p.uuid(true),
    householdId: p.uuid(true),
    name: p.text(),
    gender: p.text(),
    birthYear: p.int(),
    phone: p.text(),
    status: p.text(),
    management: p.text(),
    membershipOrg: p.text(true),
    isHomeowner: p.bool(),
    joinedOn: p.date(),
    archivedAt: p.timestamp(),
    archiveReason: p.text(true),
    archiveNote: p.text(true),
  },
});

/** History of a member's moves (moving house, within or between compounds). */
export interface MemberMove extends TenantOwned {
  memberId: string;
  fromCompoundId: string;
  fromBuildingId?: string | null;
  fromHouseholdId?: string | null;
  toCompoundId: string;
  toBuildingId?: string | null;
  toHouseholdId?: string | null;
  movedOn: string;
}
export const MemberMoveEntity = new EntitySchema<MemberMove>({
  name: 'MemberMove',
  tableName: 'member_moves',
  properties: {
    ...tenantOwnedProperties,
    memberId: p.uuid(),
    fromCompoundId: p.uuid(),
    fromBuildingId: p.uuid(true),
    fromHouseholdId: p.uuid(true),
    toCompoundId: p.uuid(),
    toBuildingId: p.uuid(true),
    toHouseholdId: p.uuid(true),
    movedOn: p.date(),
  },
});

/** A plaque on a member household's door: 共产党员户 or 共产党员光荣, with when it was hung (and taken down). */
export interface Plaque extends TenantOwned {
  streetId: string;
  communityId: string;
  gridId?: string | null;
  compoundId: string;
  householdId: string;
  kind: '共产党员户' | '共产党员光荣';
  hungOn: string;
  removedOn?: string | null;
}
export const PlaqueEntity = new EntitySchema<Plaque>({
  name: 'Plaque',
  tableName: 'plaques',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    gridId: p.uuid(true),
    compoundId: p.uuid(),
    householdId: p.uuid(),
    kind: p.text(),
    hungOn: p.date(),
    removedOn: p.date(true),
  },
});

export const memberEntities = [MemberEntity, MemberMoveEntity, PlaqueEntity];
