import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';

export const mobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, 'must be an 11-digit mobile number');
const name = z.string().trim().min(1).max(40);
const gender = z.enum(['male', 'female']);
const partyStatus = z.enum(['full', 'probationary']);
const text = (max: number) => z.string().trim().min(1).max(max);

export const memberCreate = z.strictObject({
  workUnitId: z.uuid(),
  name,
  gender: gender.nullable().optional(),
  phone: mobile,
  partyStatus: partyStatus.default('full').describe('正式 full / 预备 probationary'),
  position: text(60).nullable().optional().describe('职务'),
  skills: text(200).nullable().optional().describe('特长, e.g. 法律咨询、家电维修'),
  userId: text(100)
    .nullable()
    .optional()
    .describe("the member's identity account (its `sub`): links the account to this record"),
});

export const memberUpdate = z.strictObject({
  name: name.optional(),
  gender: gender.nullable().optional(),
  phone: mobile.optional(),
  partyStatus: partyStatus.optional(),
  position: text(60).nullable().optional(),
  skills: text(200).nullable().optional(),
  userId: text(100).nullable().optional(),
});

/** What members change on their own record. */
export const selfUpdate = z.strictObject({
  phone: mobile.optional(),
  position: text(60).nullable().optional(),
  skills: text(200).nullable().optional(),
});

export const archiveBody = z.strictObject({ reason: text(200).describe('e.g. 调离本单位') });

export const memberListQuery = pageQuery.extend({
  workUnitId: z.uuid().optional(),
  compoundId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  streetId: z.uuid().optional(),
  reportStatus: z.enum(['none', 'pending', 'confirmed', 'rejected']).optional(),
  q: z.string().trim().max(40).optional().describe('name or phone contains'),
  includeArchived: queryBool.optional(),
  sort: z.enum(['name', 'createdAt']).default('name'),
});
export type MemberListQuery = z.infer<typeof memberListQuery>;

export const memberExportQuery = memberListQuery.omit({ limit: true, cursor: true, sort: true });

export const importQuery = z.strictObject({ workUnitId: z.uuid() });

export const memberView = z.object({
  id: z.uuid(),
  workUnitId: z.uuid(),
  workUnitName: z.string(),
  name: z.string(),
  gender: gender.nullable(),
  genderName: z.string().nullable(),
  phone: z.string(),
  partyStatus,
  partyStatusName: z.string(),
  position: z.string().nullable(),
  skills: z.string().nullable(),
  userId: z.string().nullable(),
  reportStatus: z.enum(['none', 'pending', 'confirmed', 'rejected']),
  reportStatusName: z.string(),
  currentReportId: z.uuid().nullable(),
  compoundId: z.uuid().nullable(),
  compoundName: z.string().nullable(),
  communityId: z.uuid().nullable(),
  communityName: z.string().nullable(),
  streetId: z.uuid().nullable(),
  archived: z.boolean(),
  archiveReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const importSummary = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  /** Rows that named a compound: a pending report was made for each. */
  reported: z.number().int(),
});
