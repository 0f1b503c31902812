import type { EventEnvelope } from '@hongfan/contracts';
import { tenantCreated, tenantSettingsChanged } from '@hongfan/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TenantSettingsEntity } from './tenant-settings.entity.js';

/** Other org modules react to a settings change (e.g. re-evaluating branch formation). */
export type SettingsListener = (em: EntityManager, tenantId: string) => Promise<void>;

/**
 * Applies identity's tenant events: keeps this tenant's settings (threshold, fund, staff ranges)
 * and lets listeners react. Runs inside the consumer's transaction, bound to the event's tenant.
 */
export function settingsHandler(listeners: SettingsListener[]) {
  return async (em: EntityManager, envelope: EventEnvelope): Promise<void> => {
    let settings: unknown;
    if (tenantCreated.matches(envelope)) settings = tenantCreated.parseEnvelope(envelope).data.settings;
    else if (tenantSettingsChanged.matches(envelope))
      settings = tenantSettingsChanged.parseEnvelope(envelope).data.settings;
    else return;
    const tenantId = envelope.tenantId!;
    const row = await em.findOne(TenantSettingsEntity, { tenantId });
    if (row) row.settings = settings as never;
    else em.create(TenantSettingsEntity, { tenantId, settings: settings as never });
    await em.flush();
    for (const l of listeners) await l(em, tenantId);
  };
}
