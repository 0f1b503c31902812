import { SERVICE_MODES } from '@hongfan/contracts';
import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
export const mode = z
  .enum(SERVICE_MODES)
  .describe('专业代办 professional-agency / 党员协办 member-co-handling / 志愿帮办 volunteer-help');
export const hours = z
  .number()
  .positive()
  .max(200)
  .refine((h) => Math.abs(Math.round(h * 10) - h * 10) < 1e-9, 'at most one decimal place');

export const taskCreate = z.strictObject({
  compoundId: z.uuid(),
  title: text(100).describe('e.g. 代办老年人优待证'),
  need: text(1000).describe("the resident's need, as collected"),
  residentName: text(40).nullable().optional(),
  residentContact: text(40).nullable().optional(),
  address: text(100).nullable().optional(),
  mode,
  dueOn: z.iso.date().nullable().optional(),
  assigneeId: z.uuid().nullable().optional().describe('dispatch to this member only'),
});

export const completeBody = z.strictObject({ hours, note: text(1000).nullable().optional() });
export const reasonBody = z.strictObject({ reason: text(200) });

export const taskListQuery = pageQuery.extend({
  status: z.enum(['open', 'accepted', 'done', 'verified', 'cancelled']).optional(),
  mode: z.enum(SERVICE_MODES).optional(),
  compoundId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  streetId: z.uuid().optional(),
  memberId: z.uuid().optional(),
  workUnitId: z.uuid().optional(),
  mine: queryBool.optional().describe('in-service members: only tasks you accepted'),
  sort: z.enum(['-createdAt', 'createdAt']).default('-createdAt'),
});

export const taskView = z.object({
  id: z.uuid(),
  compoundId: z.uuid(),
  compoundName: z.string(),
  communityId: z.uuid(),
  communityName: z.string(),
  streetId: z.uuid(),
  title: z.string(),
  need: z.string(),
  residentName: z.string().nullable(),
  residentContact: z.string().nullable(),
  address: z.string().nullable(),
  mode: z.enum(SERVICE_MODES),
  modeName: z.string(),
  status: z.enum(['open', 'accepted', 'done', 'verified', 'cancelled']),
  statusName: z.string(),
  dueOn: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  memberId: z.uuid().nullable(),
  memberName: z.string().nullable(),
  workUnitId: z.uuid().nullable(),
  workUnitName: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  doneAt: z.string().nullable(),
  hours: z.number().nullable(),
  resultNote: z.string().nullable(),
  returnReason: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
