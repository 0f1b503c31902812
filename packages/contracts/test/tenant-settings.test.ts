import { describe, expect, it } from 'vitest';
import {
  dataScopeSchema,
  defaultTenantSettings,
  PLATFORM_ADMIN,
  ROLE_DISPLAY_NAMES,
  ROLES,
  tenantSettingsSchema,
  userCreated,
} from '../src/index.js';

describe('tenant settings', () => {
  it('defaults to the domain brief figures', () => {
    expect(defaultTenantSettings()).toEqual({
      branchThreshold: 3,
      gridBranchAnnualFundYuan: 3000,
      windowStaff: { min: 2, max: 3 },
      gridStaff: { min: 5, max: 10 },
      listeningDays: [5, 15, 25],
      volunteerStarHours: [100, 300, 600, 1000, 1500],
    });
  });

  it('hands out independent default arrays', () => {
    const a = defaultTenantSettings();
    a.listeningDays.push(30);
    expect(defaultTenantSettings().listeningDays).toEqual([5, 15, 25]);
  });

  it('keeps provided values', () => {
    const s = tenantSettingsSchema.parse({ branchThreshold: 5, listeningDays: [1, 10, 20, 30] });
    expect(s.branchThreshold).toBe(5);
    expect(s.listeningDays).toEqual([1, 10, 20, 30]);
    expect(s.gridStaff).toEqual({ min: 5, max: 10 });
  });

  it.each([
    ['threshold 0', { branchThreshold: 0 }],
    ['threshold 51', { branchThreshold: 51 }],
    ['fractional threshold', { branchThreshold: 2.5 }],
    ['negative fund', { gridBranchAnnualFundYuan: -1 }],
    ['window min > max', { windowStaff: { min: 4, max: 3 } }],
    ['grid min > max', { gridStaff: { min: 11, max: 10 } }],
    ['day 0', { listeningDays: [0, 15] }],
    ['day 32', { listeningDays: [32] }],
    ['duplicate days', { listeningDays: [5, 5] }],
    ['no days', { listeningDays: [] }],
    ['four star levels', { volunteerStarHours: [100, 200, 300, 400] }],
    ['non-increasing stars', { volunteerStarHours: [100, 300, 300, 1000, 1500] }],
    ['zero hours', { volunteerStarHours: [0, 300, 600, 1000, 1500] }],
  ])('rejects %s', (_name, patch) => {
    expect(tenantSettingsSchema.safeParse(patch).success).toBe(false);
  });
});

describe('roles and scope', () => {
  it('has a Chinese display name for every role, platform admin included', () => {
    for (const role of [...ROLES, PLATFORM_ADMIN])
      expect(ROLE_DISPLAY_NAMES[role]).toMatch(/\p{Script=Han}/u);
    expect(ROLE_DISPLAY_NAMES['tenant-admin']).toBe('区县管理员');
    expect(ROLE_DISPLAY_NAMES['opinion-cadre']).toBe('民情书记');
  });

  it('validates scopes and user roles', () => {
    expect(dataScopeSchema.safeParse({ communities: ['not-a-uuid'] }).success).toBe(false);
    expect(dataScopeSchema.parse({})).toEqual({});
    const base = { userId: '00000000-0000-0000-0000-000000000001', username: 'zhang', scope: {} };
    expect(userCreated.parse({ ...base, roles: ['grid-worker'] }).roles).toEqual(['grid-worker']);
    expect(() => userCreated.parse({ ...base, roles: ['root'] })).toThrow();
  });
});
