import { defaultTenantSettings, type TenantSettings } from '@hongfan/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantSettingsEntity } from './tenant-settings.entity.js';

/** The tenant's settings as identity last published them; the domain defaults until then. */
export async function tenantSettings(em: EntityManager, tenantId: string): Promise<TenantSettings> {
  const row = await em.findOne(TenantSettingsEntity, { tenantId });
  return row ? { ...defaultTenantSettings(), ...row.settings } : defaultTenantSettings();
}
