import type { TenantSettings } from '@hongfan/contracts';
import { type BaseRow, baseProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';

/** A district (区/县): the unit of tenancy. Platform-level, so not itself under row-level security. */
export interface Tenant extends BaseRow {
  code: string;
  name: string;
  city: string;
  status: 'active' | 'suspended';
  settings: TenantSettings;
}

export const TenantEntity = new EntitySchema<Tenant>({
  name: 'Tenant',
  tableName: 'tenants',
  properties: {
    ...baseProperties,
    code: { type: 'string' },
    name: { type: 'string' },
    city: { type: 'string' },
    status: { type: 'string' },
    settings: { type: 'json' },
  },
});
