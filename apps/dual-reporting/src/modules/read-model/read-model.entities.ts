import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/**
 * A compound as org last described it (the compound events carry the full state). The id is org's
 * compound id. Reports, tasks and deeds point here; an archived compound takes no new reports.
 */
export interface CompoundRef extends TenantOwned {
  name: string;
  address?: string | null;
  streetId: string;
  streetName: string;
  communityId: string;
  communityName: string;
  gridId: string;
  gridName: string;
  /** The Party branch covering it (its own or the grid's joint branch), if org has formed one. */
  branchId?: string | null;
  branchForm?: string | null;
  archived: Opt<boolean>;
}
export const CompoundRefEntity = new EntitySchema<CompoundRef>({
  name: 'CompoundRef',
  tableName: 'compounds',
  properties: {
    ...tenantOwnedProperties,
    name: p.text(),
    address: p.text(true),
    streetId: p.uuid(),
    streetName: p.text(),
    communityId: p.uuid(),
    communityName: p.text(),
    gridId: p.uuid(),
    gridName: p.text(),
    branchId: p.uuid(true),
    branchForm: p.text(true),
    archived: { type: 'boolean', default: false } as never,
  },
});

/** A Party organisation as org last described it (the party-org events); branches matter here. */
export interface BranchRef extends TenantOwned {
  level: string;
  name: string;
  parentId?: string | null;
  streetId?: string | null;
  communityId?: string | null;
  gridId?: string | null;
  /** The compounds the branch covers (one for a compound branch, several for a joint branch). */
  compoundIds: string[];
  status: string;
}
export const BranchRefEntity = new EntitySchema<BranchRef>({
  name: 'BranchRef',
  tableName: 'branches',
  properties: {
    ...tenantOwnedProperties,
    level: p.text(),
    name: p.text(),
    parentId: p.uuid(true),
    streetId: p.uuid(true),
    communityId: p.uuid(true),
    gridId: p.uuid(true),
    compoundIds: p.json(),
    status: p.text(),
  },
});
