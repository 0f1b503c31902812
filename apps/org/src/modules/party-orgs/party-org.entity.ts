import type { PartyOrgLevel } from '@hongfan/contracts';
import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/**
 * A Party organisation at one of the five levels (街道党工委 → 社区党委 → 小区/网格党支部 →
 * 楼栋党小组 → 党员中心户), linked to its parent and to the territory it covers.
 */
export interface PartyOrg extends TenantOwned {
  level: PartyOrgLevel;
  name: string;
  parentId?: string | null;
  streetId?: string | null;
  communityId?: string | null;
  gridId?: string | null;
  compoundId?: string | null;
  buildingId?: string | null;
  householdId?: string | null;
  status: Opt<'active' | 'dissolved'>;
  formedOn: string;
  dissolvedOn?: string | null;
  dissolveReason?: string | null;
}
export const PartyOrgEntity = new EntitySchema<PartyOrg>({
  name: 'PartyOrg',
  tableName: 'party_orgs',
  properties: {
    ...tenantOwnedProperties,
    level: p.text(),
    name: p.text(),
    parentId: p.uuid(true),
    streetId: p.uuid(true),
    communityId: p.uuid(true),
    gridId: p.uuid(true),
    compoundId: p.uuid(true),
    buildingId: p.uuid(true),
    householdId: p.uuid(true),
    status: { ...(p.text() as object), default: 'active' } as never,
    formedOn: p.date(),
    dissolvedOn: p.date(true),
    dissolveReason: p.text(true),
  },
});
