import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';
import { day, note, order, personName, phone, stampsView } from '../committee/people-kit.js';

export const ELECTION_STATUSES = ['open', 'meeting-held', 'elected', 'cancelled'] as const;
export type ElectionStatus = (typeof ELECTION_STATUSES)[number];
export const ELECTION_STATUS_NAMES: Record<ElectionStatus, string> = {
  open: '征求意见中',
  'meeting-held': '已召开推选会',
  elected: '已选出楼栋长',
  cancelled: '已取消',
};

export const electionOpen = z.strictObject({
  buildingId: z.uuid(),
  openedOn: day,
});

export const nominationCreate = z.strictObject({
  name: personName,
  phone: phone.optional(),
  isMember: z.boolean().describe('a building leader need not be a Party member'),
  memberId: z.uuid().optional().describe("the nominee's member record (then isMember must be true)"),
  householdId: z.uuid().optional().describe("the nominee's household in this building"),
  reason: note(500).optional().describe('why they are nominated (fair, responsible, respected …)'),
});

export const opinionCreate = z.strictObject({
  authorName: personName,
  opinion: note(2000),
  nominationId: z.uuid().optional().describe('the nominee the opinion is about, if any'),
  collectedOn: day,
});

export const meetingRecord = z.strictObject({
  date: day,
  attendance: z.number().int().min(1).max(10_000),
  votes: z
    .array(z.strictObject({ nominationId: z.uuid(), votes: z.number().int().min(0).max(10_000) }))
    .min(1)
    .max(100),
  notes: note(4000).optional(),
});

export const electBody = z.strictObject({
  nominationId: z.uuid(),
  duties: note(4000).describe("the leader's written duties (职责)"),
  termStart: day,
  termEnd: day.optional(),
});

export const cancelBody = z.strictObject({ reason: note(500) });

export const electionListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  compoundId: z.uuid().optional(),
  buildingId: z.uuid().optional(),
  status: z.enum(ELECTION_STATUSES).optional(),
  sort: z.enum(['openedOn', 'createdAt']).default('openedOn'),
  order: order.default('desc'),
});

export const nominationView = z.object({
  id: z.uuid(),
  electionId: z.uuid(),
  name: z.string(),
  phone: z.string().nullable(),
  isMember: z.boolean(),
  memberName: z.string().describe('党员 / 群众'),
  memberId: z.uuid().nullable(),
  householdId: z.uuid().nullable(),
  reason: z.string().nullable(),
  votes: z.number().int().nullable(),
  elected: z.boolean(),
  createdAt: z.string(),
});

export const opinionView = z.object({
  id: z.uuid(),
  electionId: z.uuid(),
  nominationId: z.uuid().nullable(),
  authorName: z.string(),
  opinion: z.string(),
  collectedOn: z.string(),
  createdAt: z.string(),
});

export const leaderView = z.object({
  id: z.uuid(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  compoundId: z.uuid(),
  buildingId: z.uuid(),
  electionId: z.uuid().nullable(),
  name: z.string(),
  phone: z.string().nullable(),
  isMember: z.boolean(),
  memberName: z.string(),
  memberId: z.uuid().nullable(),
  duties: z.string(),
  termStart: z.string(),
  termEnd: z.string().nullable(),
  endedOn: z.string().nullable(),
  current: z.boolean(),
  createdAt: z.string(),
});

export const electionView = z.object({
  id: z.uuid(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  compoundId: z.uuid(),
  buildingId: z.uuid(),
  /** In lists: the building's and compound's names, so a list needs no further lookups. */
  buildingName: z.string().nullable().optional(),
  compoundName: z.string().nullable().optional(),
  status: z.enum(ELECTION_STATUSES),
  statusName: z.string(),
  openedOn: z.string(),
  meeting: z
    .object({ date: z.string(), attendance: z.number().int(), notes: z.string().nullable() })
    .nullable(),
  electedNominationId: z.uuid().nullable(),
  cancelledReason: z.string().nullable(),
  ...stampsView,
});

export const electionDetailView = electionView.extend({
  nominations: z.array(nominationView),
  opinions: z.array(opinionView),
  leader: leaderView.nullable(),
});

export const leadersQuery = pageQuery;
