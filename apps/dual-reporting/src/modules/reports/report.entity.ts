import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

export type ReportState = 'pending' | 'confirmed' | 'rejected' | 'ended';

/**
 * A member's report (报到) to the compound where they live. Pending until the compound's branch
 * confirms or rejects it; ended when the member reports elsewhere (moved house), withdraws it, or
 * leaves the roster. Reports are never deleted: they are the member's history.
 */
export interface Report extends TenantOwned {
  memberId: string;
  workUnitId: string;
  compoundId: string;
  communityId: string;
  streetId: string;
  /** Building and room, as the member gives it (e.g. 3号楼2单元301). */
  address?: string | null;
  status: Opt<ReportState>;
  reportedBy: string;
  reportedAt: Opt<Date>;
  decidedAt?: Date | null;
  decidedBy?: string | null;
  /** Set when the branch confirmed it; kept when the report later ends (history of reporting). */
  confirmedAt?: Date | null;
  rejectReason?: string | null;
  endedAt?: Date | null;
  endReason?: string | null;
  previousReportId?: string | null;
}
export const ReportEntity = new EntitySchema<Report>({
  name: 'Report',
  tableName: 'reports',
  properties: {
    ...tenantOwnedProperties,
    memberId: p.uuid(),
    workUnitId: p.uuid(),
    compoundId: p.uuid(),
    communityId: p.uuid(),
    streetId: p.uuid(),
    address: p.text(true),
    status: { ...(p.text() as object), default: 'pending' } as never,
    reportedBy: p.text(),
    reportedAt: { ...(p.timestamp(false) as object), onCreate: () => new Date() } as never,
    decidedAt: p.timestamp(),
    decidedBy: p.text(true),
    confirmedAt: p.timestamp(),
    rejectReason: p.text(true),
    endedAt: p.timestamp(),
    endReason: p.text(true),
    previousReportId: p.uuid(true),
  },
});
