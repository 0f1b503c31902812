import type { OrgDeps } from '../deps.js';
import type { SettingsListener } from './settings/settings.consumer.js';

/** Modules that react when a tenant's settings change (e.g. formation re-evaluates compounds). */
export function settingsListeners(_deps: OrgDeps): SettingsListener[] {
  return [];
}
