import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/**
 * A member of a community's "two committees" (社区"两委": Party committee and residents'
 * committee). 2–3 of them stay at the service window (`atWindow`); the rest sink into compounds.
 */
export interface CommitteeMember extends TenantOwned {
  streetId: string;
  communityId: string;
  name: string;
  phone?: string | null;
  committee: 'party' | 'residents' | 'both';
  position?: string | null;
  atWindow: boolean;
  memberId?: string | null;
  endedOn?: string | null;
}
export const CommitteeMemberEntity = new EntitySchema<CommitteeMember>({
  name: 'CommitteeMember',
  tableName: 'committee_members',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    name: p.text(),
    phone: p.text(true),
    committee: p.text(),
    position: p.text(true),
    atWindow: p.bool(),
    memberId: p.uuid(true),
    endedOn: p.date(true),
  },
});
