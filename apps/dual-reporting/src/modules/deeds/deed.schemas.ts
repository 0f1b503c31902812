import { SERVICE_MODES } from '@hongfan/contracts';
import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';
import { hours, mode } from '../tasks/task.schemas.js';

export const deedCreate = z.strictObject({
  title: z.string().trim().min(1).max(100).describe('e.g. 帮独居老人修理水管'),
  description: z.string().trim().min(1).max(1000).nullable().optional(),
  mode,
  doneOn: z.iso.date().describe('the day it was done (not in the future)'),
  hours: hours.refine((h) => h <= 24, 'at most 24 hours for one deed'),
});

export const deedRejectBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });

export const deedListQuery = pageQuery.extend({
  status: z.enum(['pending', 'verified', 'rejected']).optional(),
  mode: z.enum(SERVICE_MODES).optional(),
  source: z.enum(['task', 'self']).optional(),
  memberId: z.uuid().optional(),
  workUnitId: z.uuid().optional(),
  compoundId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  sort: z.enum(['-doneOn', 'doneOn']).default('-doneOn'),
});

export const deedView = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  memberName: z.string(),
  workUnitId: z.uuid(),
  workUnitName: z.string(),
  compoundId: z.uuid(),
  compoundName: z.string(),
  communityId: z.uuid(),
  streetId: z.uuid(),
  taskId: z.uuid().nullable(),
  source: z.enum(['task', 'self']),
  mode: z.enum(SERVICE_MODES),
  modeName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  doneOn: z.string(),
  hours: z.number(),
  status: z.enum(['pending', 'verified', 'rejected']),
  statusName: z.string(),
  verifiedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
