import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

export type ReportStatus = 'none' | 'pending' | 'confirmed' | 'rejected';

/**
 * An in-service Party member (在职党员) of a work unit. `userId` links the record to the member's
 * own identity account (the token's `sub`), so the member sees and updates this record. The
 * report fields mirror the member's latest report: the compound (with its community and street)
 * is set while a report is pending or confirmed, and is what branch and cadre scopes match.
 */
export interface InServiceMember extends TenantOwned {
  workUnitId: string;
  name: string;
  gender?: 'male' | 'female' | null;
  phone: string;
  partyStatus: 'full' | 'probationary';
  position?: string | null;
  skills?: string | null;
  userId?: string | null;
  reportStatus: Opt<ReportStatus>;
  currentReportId?: string | null;
  compoundId?: string | null;
  communityId?: string | null;
  streetId?: string | null;
  archivedAt?: Date | null;
  archiveReason?: string | null;
}
export const InServiceMemberEntity = new EntitySchema<InServiceMember>({
  name: 'InServiceMember',
  tableName: 'in_service_members',
  properties: {
    ...tenantOwnedProperties,
    workUnitId: p.uuid(),
    name: p.text(),
    gender: p.text(true),
    phone: p.text(),
    partyStatus: p.text(),
    position: p.text(true),
    skills: p.text(true),
    userId: p.text(true),
    reportStatus: { ...(p.text() as object), default: 'none' } as never,
    currentReportId: p.uuid(true),
    compoundId: p.uuid(true),
    communityId: p.uuid(true),
    streetId: p.uuid(true),
    archivedAt: p.timestamp(),
    archiveReason: p.text(true),
  },
});
