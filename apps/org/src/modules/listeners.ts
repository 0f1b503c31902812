import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrgDeps } from '../deps.js';
import type { SettingsListener } from './settings/settings.consumer.js';

/** Modules that react when a tenant's settings change (e.g. formation re-evaluates compounds). */
export function settingsListeners(_deps: Omit<OrgDeps, 'rosterChanged'>): SettingsListener[] {
  return [];
}

/** Modules that react when compounds' rosters change (e.g. formation flags a form that no longer fits). */
export function rosterListeners(
  _deps: Omit<OrgDeps, 'rosterChanged'>,
): Array<(em: EntityManager, tenantId: string, compoundIds: string[]) => Promise<void>> {
  return [];
}
