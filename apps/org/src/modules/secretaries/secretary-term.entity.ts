import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/**
 * One term of a branch secretary. Normally a member of the branch (homeowners preferred); with no
 * suitable member, the liaison street cadre or a community Party committee member serves
 * concurrently (兼任, `concurrent`). Terms are never deleted: they are the history.
 */
export interface SecretaryTerm extends TenantOwned {
  streetId?: string | null;
  communityId?: string | null;
  partyOrgId: string;
  personKind: 'member' | 'liaison-cadre' | 'committee-member';
  memberId?: string | null;
  liaisonId?: string | null;
  committeeMemberId?: string | null;
  personName: string;
  concurrent: boolean;
  isHomeowner: boolean;
  startedOn: string;
  endedOn?: string | null;
  endReason?: string | null;
}
export const SecretaryTermEntity = new EntitySchema<SecretaryTerm>({
  name: 'SecretaryTerm',
  tableName: 'secretary_terms',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(true),
    communityId: p.uuid(true),
    partyOrgId: p.uuid(),
    personKind: p.text(),
    memberId: p.uuid(true),
    liaisonId: p.uuid(true),
    committeeMemberId: p.uuid(true),
    personName: p.text(),
    concurrent: p.bool(),
    isHomeowner: p.bool(),
    startedOn: p.date(),
    endedOn: p.date(true),
    endReason: p.text(true),
  },
});
