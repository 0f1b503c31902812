import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';
import { p } from '../../entity-props.js';

export const GRID_STAFF_ROLES = [
  'liaison-cadre',
  'full-time-grid-worker',
  'part-time-grid-worker',
  'compound-police',
  'urban-management',
  'public-welfare-post',
] as const;
export type GridStaffRole = (typeof GRID_STAFF_ROLES)[number];

/** Display names in the users' language. */
export const GRID_STAFF_ROLE_NAMES: Record<GridStaffRole, string> = {
  'liaison-cadre': '包保干部',
  'full-time-grid-worker': '专职网格员',
  'part-time-grid-worker': '兼职网格员',
  'compound-police': '小区片警',
  'urban-management': '城管人员',
  'public-welfare-post': '公益岗',
};

/** A person working a grid (5–10 per grid by default), in one of the source's roles. */
export interface GridStaff extends TenantOwned {
  streetId: string;
  communityId: string;
  gridId: string;
  name: string;
  phone?: string | null;
  role: GridStaffRole;
  startedOn: string;
  endedOn?: string | null;
}
export const GridStaffEntity = new EntitySchema<GridStaff>({
  name: 'GridStaff',
  tableName: 'grid_staff',
  properties: {
    ...tenantOwnedProperties,
    streetId: p.uuid(),
    communityId: p.uuid(),
    gridId: p.uuid(),
    name: p.text(),
    phone: p.text(true),
    role: p.text(),
    startedOn: p.date(),
    endedOn: p.date(true),
  },
});
