import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';

export const reportCreate = z.strictObject({
  memberId: z.uuid(),
  compoundId: z.uuid().describe('the compound where the member lives'),
  address: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullable()
    .optional()
    .describe('building and room, e.g. 3号楼2单元301'),
});

export const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });

export const reportListQuery = pageQuery.extend({
  status: z.enum(['pending', 'confirmed', 'rejected', 'ended']).optional(),
  memberId: z.uuid().optional(),
  workUnitId: z.uuid().optional(),
  compoundId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  streetId: z.uuid().optional(),
  sort: z.enum(['-reportedAt', 'reportedAt']).default('-reportedAt'),
});

export const reportView = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  memberName: z.string(),
  workUnitId: z.uuid(),
  workUnitName: z.string(),
  compoundId: z.uuid(),
  compoundName: z.string(),
  communityId: z.uuid(),
  communityName: z.string(),
  streetId: z.uuid(),
  address: z.string().nullable(),
  status: z.enum(['pending', 'confirmed', 'rejected', 'ended']),
  statusName: z.string(),
  reportedAt: z.string(),
  decidedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  endReasonName: z.string().nullable(),
  previousReportId: z.uuid().nullable(),
  version: z.number().int(),
});
