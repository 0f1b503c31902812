import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';
import { day, note, order, personName, phone, rangeView, stampsView } from '../committee/people-kit.js';
import { GRID_STAFF_ROLES } from './grid-staff.entity.js';

const role = z
  .enum(GRID_STAFF_ROLES)
  .describe(
    'liaison-cadre 包保干部 | full-time-grid-worker 专职网格员 | part-time-grid-worker 兼职网格员 | compound-police 小区片警 | urban-management 城管人员 | public-welfare-post 公益岗',
  );

export const gridStaffAssign = z.strictObject({
  gridId: z.uuid(),
  name: personName,
  phone: phone.optional(),
  role,
  startedOn: day,
});

export const gridStaffUpdate = z.strictObject({
  name: personName.optional(),
  phone: phone.nullable().optional(),
  role: role.optional(),
});

export const gridStaffEnd = z.strictObject({ endedOn: day, reason: note(200).optional() });

export const gridStaffListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  role: role.optional(),
  includeEnded: queryBool.optional().describe('also people who stopped working the grid'),
  q: z.string().trim().max(50).optional().describe('name contains'),
  sort: z.enum(['name', 'startedOn', 'createdAt']).default('name'),
  order: order.default('asc'),
});

export const gridStaffView = z.object({
  id: z.uuid(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  gridId: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  role: z.enum(GRID_STAFF_ROLES),
  roleName: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  current: z.boolean(),
  ...stampsView,
});

export const gridStaffingView = rangeView.extend({
  gridId: z.uuid(),
  gridName: z.string(),
  streetId: z.uuid(),
  streetName: z.string().nullable(),
  communityId: z.uuid(),
  communityName: z.string().nullable(),
  byRole: z.array(
    z.object({ role: z.enum(GRID_STAFF_ROLES), roleName: z.string(), count: z.number().int() }),
  ),
});

export const staffingListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  status: z.enum(['ok', 'too-few', 'too-many']).optional().describe('only grids in this state'),
});

export const staffingListView = z.object({
  range: z.object({ min: z.number().int(), max: z.number().int() }),
  summary: z.object({
    grids: z.number().int(),
    ok: z.number().int(),
    tooFew: z.number().int(),
    tooMany: z.number().int(),
  }),
  items: z.array(gridStaffingView),
  nextCursor: z.string().nullable(),
});
