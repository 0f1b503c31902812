import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrgDeps } from '../deps.js';
import { reevaluate } from './formation/formation.service.js';
import type { SettingsListener } from './settings/settings.consumer.js';

/**
 * Modules that react when a tenant's settings change: branch formation re-judges every compound
 * of the tenant against the (possibly new) threshold and flags or clears form mismatches.
 */
export function settingsListeners(_deps: Omit<OrgDeps, 'rosterChanged'>): SettingsListener[] {
  return [
    async (em, tenantId) => {
      await reevaluate(em, tenantId, null, '区县设置变更');
    },
  ];
}

/**
 * Modules that react when compounds' rosters change: branch formation re-judges those compounds
 * (one aggregate statement for the batch) and flags an applied form that no longer fits.
 */
export function rosterListeners(
  _deps: Omit<OrgDeps, 'rosterChanged'>,
): Array<(em: EntityManager, tenantId: string, compoundIds: string[]) => Promise<void>> {
  return [
    async (em, tenantId, compoundIds) => {
      await reevaluate(em, tenantId, compoundIds, '党员名册变更');
    },
  ];
}
