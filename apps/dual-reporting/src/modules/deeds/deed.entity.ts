import type { ServiceMode } from '@hongfan/contracts';
import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

export type DeedStatus = 'pending' | 'verified' | 'rejected';

/**
 * A good deed or practical matter (好事实事) done by an in-service member for the compound they
 * serve: either a verified service task (`source` task) or a deed the member recorded themselves
 * (`source` self) for the branch to verify. Only verified deeds count.
 */
export interface Deed extends TenantOwned {
  memberId: string;
  workUnitId: string;
  compoundId: string;
  communityId: string;
  streetId: string;
  taskId?: string | null;
  source: 'task' | 'self';
  mode: ServiceMode;
  title: string;
  description?: string | null;
  doneOn: string;
  hours: number;
  status: Opt<DeedStatus>;
  recordedBy: string;
  verifiedAt?: Date | null;
  verifiedBy?: string | null;
  rejectReason?: string | null;
}
export const DeedEntity = new EntitySchema<Deed>({
  name: 'Deed',
  tableName: 'deeds',
  properties: {
    ...tenantOwnedProperties,
    memberId: p.uuid(),
    workUnitId: p.uuid(),
    compoundId: p.uuid(),
    communityId: p.uuid(),
    streetId: p.uuid(),
    taskId: p.uuid(true),
    source: p.text(),
    mode: p.text(),
    title: p.text(),
    description: p.text(true),
    doneOn: p.date(),
    hours: p.float(),
    status: { ...(p.text() as object), default: 'pending' } as never,
    recordedBy: p.text(),
    verifiedAt: p.timestamp(),
    verifiedBy: p.text(true),
    rejectReason: p.text(true),
  },
});
