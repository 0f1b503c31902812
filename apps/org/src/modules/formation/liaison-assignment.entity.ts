import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/** 联系包保: a street cadre or community two-committee member assigned to a weak compound. */
export interface LiaisonAssignment extends TenantOwned {
  streetId: string;
  communityId: string;
  compoundId: string;
  cadreKind: 'street-cadre' | 'community-committee';
  cadreName: string;
  cadrePhone?: string | null;
  committeeMemberId?: string | null;
  startedOn: string;
  endedOn?: string | null;
  endReason?: string | null;
}
export const LiaisonAssignmentEntity = new EntitySchema<LiaisonAssignment>({
  name: 'LiaisonAssignment',
  tableName: 'liaison_assignments',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    compoundId: p.uuid(),
    cadreKind: p.text(),
    cadreName: p.text(),
    cadrePhone: p.text(true),
    committeeMemberId: p.uuid(true),
    startedOn: p.date(),
    endedOn: p.date(true),
    endReason: p.text(true),
  },
});
