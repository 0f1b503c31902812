import type { ServiceMode } from '@hongfan/contracts';
import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

export type TaskStatus = 'open' | 'accepted' | 'done' | 'verified' | 'cancelled';

/**
 * A service task (红色代办): a resident's need posted by a compound branch and dispatched in one of
 * three modes. A member accepts it, does it and reports back with hours; the branch verifies it (or
 * returns it), and a verified task becomes a good deed.
 */
export interface Task extends TenantOwned {
  compoundId: string;
  communityId: string;
  streetId: string;
  branchId?: string | null;
  title: string;
  need: string;
  residentName?: string | null;
  residentContact?: string | null;
  address?: string | null;
  mode: ServiceMode;
  status: Opt<TaskStatus>;
  dueOn?: string | null;
  postedBy: string;
  /** Dispatched to this member only (else any member serving the compound may accept). */
  assigneeId?: string | null;
  /** Who accepted it, and their unit. */
  memberId?: string | null;
  workUnitId?: string | null;
  acceptedAt?: Date | null;
  doneAt?: Date | null;
  hours?: number | null;
  resultNote?: string | null;
  returnReason?: string | null;
  verifiedAt?: Date | null;
  verifiedBy?: string | null;
  cancelledAt?: Date | null;
  cancelReason?: string | null;
}
export const TaskEntity = new EntitySchema<Task>({
  name: 'Task',
  tableName: 'tasks',
  properties: {
    ...tenantOwnedProperties,
    compoundId: p.uuid(),
    communityId: p.uuid(),
    streetId: p.uuid(),
    branchId: p.uuid(true),
    title: p.text(),
    need: p.text(),
    residentName: p.text(true),
    residentContact: p.text(true),
    address: p.text(true),
    mode: p.text(),
    status: { ...(p.text() as object), default: 'open' } as never,
    dueOn: p.date(true),
    postedBy: p.text(),
    assigneeId: p.uuid(true),
    memberId: p.uuid(true),
    workUnitId: p.uuid(true),
    acceptedAt: p.timestamp(),
    doneAt: p.timestamp(),
    hours: p.float(true),
    resultNote: p.text(true),
    returnReason: p.text(true),
    verifiedAt: p.timestamp(),
    verifiedBy: p.text(true),
    cancelledAt: p.timestamp(),
    cancelReason: p.text(true),
  },
});
