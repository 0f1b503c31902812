import { z } from 'zod';

/** Roles inside a tenant (a district). */
export const ROLES = [
  'tenant-admin',
  'street-cadre',
  'community-cadre',
  'branch-secretary',
  'grid-worker',
  'work-unit-admin',
  'in-service-member',
  'volunteer',
  'property-staff',
  'opinion-cadre',
  'viewer',
] as const;

/** Operates the platform itself (creates tenants); belongs to no tenant. */
export const PLATFORM_ADMIN = 'platform-admin' as const;

export type Role = (typeof ROLES)[number];
export type AnyRole = Role | typeof PLATFORM_ADMIN;

export const roleSchema = z.enum(ROLES);
export const anyRoleSchema = z.enum([...ROLES, PLATFORM_ADMIN]);

/** Display names in simplified Chinese, the users' language. */
export const ROLE_DISPLAY_NAMES: Readonly<Record<AnyRole, string>> = {
  'platform-admin': '平台管理员',
  'tenant-admin': '区县管理员',
  'street-cadre': '街道干部',
  'community-cadre': '社区干部',
  'branch-secretary': '支部书记',
  'grid-worker': '网格员',
  'work-unit-admin': '单位管理员',
  'in-service-member': '在职党员',
  volunteer: '志愿者',
  'property-staff': '物业人员',
  'opinion-cadre': '民情书记',
  viewer: '只读用户',
};
