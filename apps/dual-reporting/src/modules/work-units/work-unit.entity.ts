import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

export const WORK_UNIT_KINDS = ['government-agency', 'enterprise', 'public-institution'] as const;
export type WorkUnitKind = (typeof WORK_UNIT_KINDS)[number];

/** A work unit (机关 / 企业 / 事业单位) whose Party organisation and in-service members report to compounds. */
export interface WorkUnit extends TenantOwned {
  name: string;
  kind: WorkUnitKind;
  /** The unit's Party organisation, e.g. 市财政局机关党委. */
  partyOrgName: string;
  contactName?: string | null;
  contactPhone?: string | null;
  status: Opt<'active' | 'inactive'>;
}
export const WorkUnitEntity = new EntitySchema<WorkUnit>({
  name: 'WorkUnit',
  tableName: 'work_units',
  properties: {
    ...tenantOwnedProperties,
    name: p.text(),
    kind: p.text(),
    partyOrgName: p.text(),
    contactName: p.text(true),
    contactPhone: p.text(true),
    status: { ...(p.text() as object), default: 'active' } as never,
  },
});
