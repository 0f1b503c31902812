import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';

/** Display names (simplified Chinese) of the roster's enums. */
export const STATUS_NAMES = { full: '正式党员', probationary: '预备党员' } as const;
export const MANAGEMENT_NAMES = { self: '自管', 'non-self': '非自管' } as const;
export const GENDER_NAMES = { male: '男', female: '女' } as const;
/** Why a member leaves the roster. */
export const ARCHIVE_REASONS = {
  'moved-away': '迁出',
  deceased: '去世',
  'membership-transferred': '组织关系转出',
  duplicate: '重复登记',
  other: '其他',
} as const;
export const PLAQUE_KINDS = ['共产党员户', '共产党员光荣'] as const;

/** An 11-digit mainland mobile number. */
export const PHONE = /^1[3-9]\d{9}$/;
export const PHONE_MESSAGE = 'must be an 11-digit mainland mobile number (1[3-9]xxxxxxxxx)';

/** Today in China (the tenants are Chinese districts): a date "in the future" is judged there. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
const thisYear = () => Number(todayInChina().slice(0, 4));

const name = z.string().trim().min(1, 'is required').max(50);
const gender = z.enum(['male', 'female']);
/** Members are adults: born at least 18 years ago. */
const birthYear = z
  .number()
  .int()
  .min(1900)
  .refine((y) => y <= thisYear() - 18, 'a member is at least 18 years old');
const phone = z.string().trim().regex(PHONE, PHONE_MESSAGE);
const status = z.enum(['full', 'probationary']).describe('full 正式 | probationary 预备');
const management = z.enum(['self', 'non-self']).describe('self 自管 | non-self 非自管');
const membershipOrg = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('non-self only: the organisation holding the membership (employer, school, retirees’ unit)');
/** A calendar day, not after today. */
export const pastDate = z.iso
  .date('must be a date YYYY-MM-DD')
  .refine((d) => d <= todayInChina(), 'may not be in the future');

/** The membership-organisation rule, shared by registration and import. */
export function membershipOrgIssue(v: {
  management?: string;
  membershipOrg?: string | null;
}): string | undefined {
  if (v.management === 'non-self' && !v.membershipOrg)
    return 'is required for a non-self-managed member (组织关系所在单位)';
  if (v.management === 'self' && v.membershipOrg)
    return 'only non-self-managed members have one; a self-managed member belongs to the community';
  return undefined;
}
/** Joined after being born (the year is all we know of the birth). */
export function joinedOnIssue(v: { joinedOn?: string; birthYear?: number }): string | undefined {
  if (typeof v.joinedOn === 'string' && typeof v.birthYear === 'number')
    if (Number(v.joinedOn.slice(0, 4)) <= v.birthYear) return 'must be after the birth year';
  return undefined;
}

export const memberCreate = z
  .strictObject({
    name,
    gender,
    birthYear,
    phone,
    compoundId: z.uuid(),
    buildingId: z.uuid().optional(),
    householdId: z.uuid().optional(),
    status,
    management,
    membershipOrg: membershipOrg.optional(),
    isHomeowner: z.boolean().default(false).describe('业主身份: owns a home in the compound'),
    joinedOn: pastDate.describe('入党日期'),
  })
  .superRefine((v, ctx) => {
    const m = membershipOrgIssue(v);
    if (m) ctx.addIssue({ code: 'custom', path: ['membershipOrg'], message: m });
    const j = joinedOnIssue(v);
    if (j) ctx.addIssue({ code: 'custom', path: ['joinedOn'], message: j });
  });
export type MemberCreate = z.output<typeof memberCreate>;

/** A correction of a member's record; moving house is `/move`, leaving the roster is `/archive`. */
export const memberUpdate = z.strictObject({
  version: z.number().int().min(1).describe('the version you read (optimistic lock)'),
  name: name.optional(),
  gender: gender.optional(),
  birthYear: birthYear.optional(),
  phone: phone.optional(),
  buildingId: z.uuid().nullable().optional().describe('within the member’s compound'),
  householdId: z.uuid().nullable().optional().describe('within the member’s compound'),
  status: status.optional(),
  management: management.optional(),
  membershipOrg: membershipOrg.nullable().optional(),
  isHomeowner: z.boolean().optional(),
  joinedOn: pastDate.optional(),
});
export type MemberUpdate = z.output<typeof memberUpdate>;

export const memberArchive = z.strictObject({
  reason: z.enum(Object.keys(ARCHIVE_REASONS) as [keyof typeof ARCHIVE_REASONS]),
  note: z.string().trim().max(200).optional(),
});

export const memberMove = z.strictObject({
  compoundId: z.uuid(),
  buildingId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  movedOn: pastDate,
});
export type MemberMoveBody = z.output<typeof memberMove>;

const rosterFilters = {
  management: management.optional().describe('self → 自管党员名册, non-self → 非自管党员名册'),
  status: status.optional(),
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  compoundId: z.uuid().optional(),
};
export const memberListQuery = pageQuery.extend({
  ...rosterFilters,
  buildingId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  isHomeowner: queryBool.optional(),
  q: z.string().trim().max(50).optional().describe('name contains'),
  includeArchived: queryBool.optional(),
  sort: z.enum(['name', 'joinedOn', 'createdAt']).default('name'),
});
export type MemberListQuery = z.output<typeof memberListQuery>;

export const memberExportQuery = z.object({
  ...rosterFilters,
  isHomeowner: queryBool.optional(),
});
export type MemberExportQuery = z.output<typeof memberExportQuery>;

export const memberView = z.object({
  id: z.uuid(),
  name: z.string(),
  gender: gender,
  genderName: z.string(),
  birthYear: z.number().int(),
  phone: z.string().describe('masked (138****0001) unless you may change this member'),
  phoneMasked: z.boolean(),
  status,
  statusName: z.string(),
  management,
  managementName: z.string(),
  membershipOrg: z.string().nullable(),
  isHomeowner: z.boolean(),
  joinedOn: z.string(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  gridId: z.uuid(),
  compoundId: z.uuid(),
  compoundName: z.string().nullable(),
  buildingId: z.uuid().nullable(),
  buildingName: z.string().nullable(),
  householdId: z.uuid().nullable(),
  room: z.string().nullable(),
  archived: z.boolean(),
  archivedAt: z.string().nullable(),
  archiveReason: z.string().nullable(),
  archiveReasonName: z.string().nullable(),
  archiveNote: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type MemberView = z.output<typeof memberView>;

export const moveView = z.object({
  id: z.uuid(),
  memberId: z.uuid(),
  fromCompoundId: z.uuid(),
  fromCompoundName: z.string().nullable(),
  fromBuildingId: z.uuid().nullable(),
  fromHouseholdId: z.uuid().nullable(),
  toCompoundId: z.uuid(),
  toCompoundName: z.string().nullable(),
  toBuildingId: z.uuid().nullable(),
  toHouseholdId: z.uuid().nullable(),
  movedOn: z.string(),
  createdAt: z.string(),
});

export const importSummary = z.object({
  rows: z.number().int(),
  created: z.object({ members: z.number().int(), buildings: z.number().int(), households: z.number().int() }),
  compounds: z.number().int().describe('compounds whose rosters changed'),
});

export const plaqueCreate = z.strictObject({
  householdId: z.uuid(),
  kind: z.enum(PLAQUE_KINDS),
  hungOn: pastDate.describe('挂牌日期'),
});
export const plaqueRemove = z.strictObject({ removedOn: pastDate });
export const plaqueListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  compoundId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  kind: z.enum(PLAQUE_KINDS).optional(),
  includeRemoved: queryBool.optional().describe('also plaques taken down (default: current only)'),
  sort: z.enum(['hungOn', 'createdAt']).default('hungOn'),
});
export type PlaqueListQuery = z.output<typeof plaqueListQuery>;
export const plaqueView = z.object({
  id: z.uuid(),
  kind: z.enum(PLAQUE_KINDS),
  householdId: z.uuid(),
  room: z.string().nullable(),
  buildingId: z.uuid().nullable(),
  buildingName: z.string().nullable(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  gridId: z.uuid().nullable(),
  compoundId: z.uuid(),
  compoundName: z.string().nullable(),
  hungOn: z.string(),
  removedOn: z.string().nullable(),
  current: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
