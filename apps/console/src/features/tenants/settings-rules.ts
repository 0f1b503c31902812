import type { TenantSettings } from './types';

/** A settings problem for a form field (`['windowStaff', 'min']`), worded by a message key. */
export interface SettingsIssue {
  name: (string | number)[];
  key:
    | 'settings.err.range'
    | 'settings.err.minMax'
    | 'settings.err.daysUnique'
    | 'settings.err.daysEmpty'
    | 'settings.err.hoursIncreasing'
    | 'settings.err.hoursCount'
    | 'settings.err.nonNegative'
    | 'settings.err.positiveInt';
  vars?: Record<string, number>;
}

const inRange = (v: unknown, min: number, max = Number.POSITIVE_INFINITY) =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

/**
 * The same rules identity applies (packages/contracts tenant-settings), checked before sending so
 * a cadre sees what is wrong at once; the service stays the judge and its errors land on the same fields.
 */
export function validateSettings(s: TenantSettings): SettingsIssue[] {
  const out: SettingsIssue[] = [];
  if (!Number.isInteger(s.branchThreshold) || !inRange(s.branchThreshold, 1, 50))
    out.push({ name: ['branchThreshold'], key: 'settings.err.range', vars: { min: 1, max: 50 } });
  if (!inRange(s.gridBranchAnnualFundYuan, 0))
    out.push({ name: ['gridBranchAnnualFundYuan'], key: 'settings.err.nonNegative' });
  for (const field of ['windowStaff', 'gridStaff'] as const) {
    const r = s[field];
    const okMin = Number.isInteger(r?.min) && r.min >= 1;
    const okMax = Number.isInteger(r?.max) && r.max >= 1;
    if (!okMin) out.push({ name: [field, 'min'], key: 'settings.err.positiveInt' });
    if (!okMax) out.push({ name: [field, 'max'], key: 'settings.err.positiveInt' });
    if (okMin && okMax && r.min > r.max) out.push({ name: [field, 'min'], key: 'settings.err.minMax' });
  }
  const days = s.listeningDays ?? [];
  if (days.length === 0) out.push({ name: ['listeningDays'], key: 'settings.err.daysEmpty' });
  else if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 31))
    out.push({ name: ['listeningDays'], key: 'settings.err.range', vars: { min: 1, max: 31 } });
  else if (new Set(days).size !== days.length)
    out.push({ name: ['listeningDays'], key: 'settings.err.daysUnique' });
  const hours = s.volunteerStarHours ?? [];
  if (hours.length !== 5) out.push({ name: ['volunteerStarHours'], key: 'settings.err.hoursCount' });
  else
    hours.forEach((h, i) => {
      if (!inRange(h, Number.MIN_VALUE))
        out.push({ name: ['volunteerStarHours', i], key: 'settings.err.positiveInt' });
      else if (i > 0 && !(h > hours[i - 1]))
        out.push({ name: ['volunteerStarHours', i], key: 'settings.err.hoursIncreasing' });
    });
  return out;
}

/** Only the fields that differ from the current settings (identity patches just those). */
export function settingsPatch(current: TenantSettings, next: TenantSettings): Partial<TenantSettings> {
  const patch: Partial<TenantSettings> = {};
  for (const k of Object.keys(next) as (keyof TenantSettings)[]) {
    if (JSON.stringify(current[k]) !== JSON.stringify(next[k]))
      (patch as Record<string, unknown>)[k] = next[k];
  }
  return patch;
}
