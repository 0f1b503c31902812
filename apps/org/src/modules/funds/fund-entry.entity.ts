import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

/**
 * A grid branch's working-fund ledger line: the year's grant (one per branch and year, default
 * 3,000 yuan, paid by the street from the community's special fund) or a spending entry. Amounts
 * are in fen (分) so sums are exact. Spending past the balance needs an explicit override reason.
 */
export interface FundEntry extends TenantOwned {
  streetId?: string | null;
  communityId?: string | null;
  gridId?: string | null;
  partyOrgId: string;
  year: number;
  kind: 'grant' | 'spend';
  amountFen: number;
  purpose: string;
  entryDate: string;
  receiptRef?: string | null;
  overdraft: boolean;
  overrideReason?: string | null;
  recordedBy: string;
}
export const FundEntryEntity = new EntitySchema<FundEntry>({
  name: 'FundEntry',
  tableName: 'fund_entries',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(true),
    communityId: p.uuid(true),
    gridId: p.uuid(true),
    partyOrgId: p.uuid(),
    year: p.int(),
    kind: p.text(),
    amountFen: p.int(),
    purpose: p.text(),
    entryDate: p.date(),
    receiptRef: p.text(true),
    overdraft: p.bool(),
    overrideReason: p.text(true),
    recordedBy: p.text(),
  },
});
