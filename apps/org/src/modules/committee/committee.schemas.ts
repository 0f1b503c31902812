import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';
import { day, note, order, personName, phone, rangeView, stampsView } from './people-kit.js';

export const COMMITTEES = ['party', 'residents', 'both'] as const;
/** Display names: which of the community "two committees" (社区"两委") the person sits on. */
export const COMMITTEE_NAMES: Record<(typeof COMMITTEES)[number], string> = {
  party: '社区党委',
  residents: '社区居委会',
  both: '社区党委、居委会（交叉任职）',
};
export const PLACEMENT_NAMES = { window: '窗口值守', sunk: '下沉小区' } as const;

const position = z.string().trim().min(1).max(30).describe('e.g. 书记, 副书记, 委员, 主任, 副主任');

export const committeeMemberCreate = z.strictObject({
  communityId: z.uuid(),
  name: personName,
  phone: phone.optional(),
  committee: z.enum(COMMITTEES),
  position: position.optional(),
  atWindow: z
    .boolean()
    .default(false)
    .describe('stays at the community service window (else sunk into compounds)'),
  memberId: z.uuid().optional().describe('the Party member record of this person, if any'),
});

export const committeeMemberUpdate = z.strictObject({
  name: personName.optional(),
  phone: phone.nullable().optional(),
  committee: z.enum(COMMITTEES).optional(),
  position: position.nullable().optional(),
  atWindow: z.boolean().optional(),
  memberId: z.uuid().nullable().optional(),
});

export const committeeMemberEnd = z.strictObject({
  endedOn: day,
  reason: note(200).optional().describe('kept in the audit trail'),
});

export const committeeListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  committee: z.enum(COMMITTEES).optional(),
  atWindow: queryBool.optional(),
  includeEnded: queryBool.optional().describe('also people who have left (ended_on set)'),
  q: z.string().trim().max(50).optional().describe('name contains'),
  sort: z.enum(['name', 'createdAt']).default('name'),
  order: order.default('asc'),
});

export const committeeMemberView = z.object({
  id: z.uuid(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  committee: z.enum(COMMITTEES),
  committeeName: z.string(),
  position: z.string().nullable(),
  atWindow: z.boolean(),
  placement: z.enum(['window', 'sunk']),
  placementName: z.string(),
  memberId: z.uuid().nullable(),
  current: z.boolean(),
  endedOn: z.string().nullable(),
  ...stampsView,
});

export const windowStaffView = rangeView.extend({
  communityId: z.uuid(),
  communityName: z.string(),
  /** Current two-committee members sunk into compounds. */
  sunkCount: z.number().int(),
  staff: z.array(committeeMemberView),
});
