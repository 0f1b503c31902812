import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

export const LINK_KINDS = ['community', 'branch', 'compound'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/**
 * A liaison link (联系共建) between a work unit's Party organisation and a community, a compound
 * branch, or a compound that has no branch yet. Links are ended, never deleted, so the history of
 * who served where stays; a community link re-made to the community's compound branches points
 * its successors back at it (`remappedFromId`).
 */
export interface LiaisonLink extends TenantOwned {
  workUnitId: string;
  kind: LinkKind;
  /** The community, branch or compound id, by kind. */
  targetId: string;
  /** Its name when linked, for lists and history. */
  targetName: string;
  streetId: string;
  communityId: string;
  branchId?: string | null;
  compoundId?: string | null;
  note?: string | null;
  startedOn: string;
  endedOn?: string | null;
  endReason?: string | null;
  remappedFromId?: string | null;
}
export const LiaisonLinkEntity = new EntitySchema<LiaisonLink>({
  name: 'LiaisonLink',
  tableName: 'liaison_links',
  properties: {
    ...tenantOwnedProperties,
    workUnitId: p.uuid(),
    kind: p.text(),
    targetId: p.uuid(),
    targetName: p.text(),
    streetId: p.uuid(),
    communityId: p.uuid(),
    branchId: p.uuid(true),
    compoundId: p.uuid(true),
    note: p.text(true),
    startedOn: p.date(),
    endedOn: p.date(true),
    endReason: p.text(true),
    remappedFromId: p.uuid(true),
  },
});
