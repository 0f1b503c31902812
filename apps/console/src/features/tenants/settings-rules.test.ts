import { describe, expect, it } from 'vitest';
import { settingsPatch, validateSettings } from './settings-rules';
import type { TenantSettings } from './types';

const defaults: TenantSettings = {
  branchThreshold: 3,
  gridBranchAnnualFundYuan: 3000,
  windowStaff: { min: 2, max: 3 },
  gridStaff: { min: 5, max: 10 },
  listeningDays: [5, 15, 25],
  volunteerStarHours: [100, 300, 600, 1000, 1500],
};

describe('tenant settings rules', () => {
  it('accepts the defaults', () => {
    expect(validateSettings(defaults)).toEqual([]);
  });

  it('names the field of each broken rule', () => {
    const issues = validateSettings({
      ...defaults,
      branchThreshold: 0,
      gridBranchAnnualFundYuan: -1,
      gridStaff: { min: 12, max: 10 },
      listeningDays: [5, 5],
      volunteerStarHours: [100, 300, 300, 1000, 1500],
    });
    expect(issues.map((i) => [i.name.join('.'), i.key])).toEqual([
      ['branchThreshold', 'settings.err.range'],
      ['gridBranchAnnualFundYuan', 'settings.err.nonNegative'],
      ['gridStaff.min', 'settings.err.minMax'],
      ['listeningDays', 'settings.err.daysUnique'],
      ['volunteerStarHours.2', 'settings.err.hoursIncreasing'],
    ]);
  });

  it('rejects empty days, days outside the month and a missing star', () => {
    expect(validateSettings({ ...defaults, listeningDays: [] })[0].key).toBe('settings.err.daysEmpty');
    expect(validateSettings({ ...defaults, listeningDays: [0, 32] })[0].key).toBe('settings.err.range');
    expect(validateSettings({ ...defaults, volunteerStarHours: [1, 2, 3, 4] })[0].key).toBe(
      'settings.err.hoursCount',
    );
  });

  it('patches only what changed', () => {
    expect(settingsPatch(defaults, defaults)).toEqual({});
    expect(
      settingsPatch(defaults, { ...defaults, branchThreshold: 4, gridStaff: { min: 6, max: 10 } }),
    ).toEqual({
      branchThreshold: 4,
      gridStaff: { min: 6, max: 10 },
    });
  });
});
