import type { TenantSettings } from '@hongfan/contracts';
import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';

/** The tenant's settings as last published by identity (threshold, fund, staff ranges, …). */
export interface TenantSettingsRow extends TenantOwned {
  settings: TenantSettings;
}

export const TenantSettingsEntity = new EntitySchema<TenantSettingsRow>({
  name: 'TenantSettings',
  tableName: 'tenant_settings',
  properties: { ...tenantOwnedProperties, settings: { type: 'json' } },
});
