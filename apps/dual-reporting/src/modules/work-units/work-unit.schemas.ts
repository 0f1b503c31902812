import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';
import { WORK_UNIT_KINDS } from './work-unit.entity.js';

const name = z.string().trim().min(1).max(100);
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{5,20}$/, 'must be a phone number');

export const workUnitCreate = z.strictObject({
  name: name.describe('e.g. 济宁市财政局'),
  kind: z
    .enum(WORK_UNIT_KINDS)
    .describe('机关 government-agency / 企业 enterprise / 事业单位 public-institution'),
  partyOrgName: name.describe("the unit's Party organisation, e.g. 市财政局机关党委"),
  contactName: z.string().trim().min(1).max(40).nullable().optional(),
  contactPhone: phone.nullable().optional(),
});

/** A unit's own admin may change its Party organisation name and contact; the rest is the district's. */
export const workUnitUpdate = z.strictObject({
  name: name.optional(),
  kind: z.enum(WORK_UNIT_KINDS).optional(),
  partyOrgName: name.optional(),
  contactName: z.string().trim().min(1).max(40).nullable().optional(),
  contactPhone: phone.nullable().optional(),
});
export const UNIT_ADMIN_FIELDS = ['partyOrgName', 'contactName', 'contactPhone'];

export const workUnitListQuery = pageQuery.extend({
  q: z.string().trim().max(60).optional().describe('name contains'),
  kind: z.enum(WORK_UNIT_KINDS).optional(),
  status: z.enum(['active', 'inactive']).optional(),
  sort: z.enum(['name', 'createdAt']).default('name'),
});

export const workUnitView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(WORK_UNIT_KINDS),
  kindName: z.string(),
  partyOrgName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: z.enum(['active', 'inactive']),
  statusName: z.string(),
  /** Members on the roster, and how many have a confirmed (or pending) report. */
  members: z.number().int(),
  reported: z.number().int(),
  pending: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const feedbackQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('default: this year'),
  quarter: z.coerce.number().int().min(1).max(4).optional().describe('default: this quarter'),
});

export const feedbackMember = z.object({
  memberId: z.uuid(),
  name: z.string(),
  partyStatusName: z.string(),
  /** Had a confirmed report in force at the end of the quarter (or now, for the running quarter). */
  reported: z.boolean(),
  compoundId: z.uuid().nullable(),
  compoundName: z.string().nullable(),
  communityName: z.string().nullable(),
  /** The member's reporting state today. */
  reportStatusName: z.string(),
  /** Verified service tasks and verified self-recorded deeds done in the quarter, and their hours. */
  tasks: z.number().int(),
  deeds: z.number().int(),
  hours: z.number(),
  leftUnit: z.boolean(),
});

export const feedbackView = z.object({
  workUnit: z.object({ id: z.uuid(), name: z.string(), kindName: z.string(), partyOrgName: z.string() }),
  period: z.object({
    year: z.number().int(),
    quarter: z.number().int(),
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
  }),
  totals: z.object({
    members: z.number().int(),
    reported: z.number().int(),
    reportRate: z.number(),
    tasks: z.number().int(),
    deeds: z.number().int(),
    hours: z.number(),
  }),
  members: z.array(feedbackMember),
});
export type FeedbackView = z.infer<typeof feedbackView>;
