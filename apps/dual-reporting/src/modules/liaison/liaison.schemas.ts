import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';
import { LINK_KINDS } from './liaison-link.entity.js';

export const linkCreate = z.strictObject({
  workUnitId: z.uuid(),
  kind: z
    .enum(LINK_KINDS)
    .describe('community 社区 / branch 小区党支部 / compound 小区 (one without a branch yet)'),
  targetId: z.uuid().describe('the community, branch or compound id'),
  note: z.string().trim().min(1).max(200).nullable().optional(),
});

export const endBody = z.strictObject({ reason: z.string().trim().min(1).max(200) });

export const remapBody = z.strictObject({
  targetIds: z
    .array(z.uuid())
    .min(1)
    .max(200)
    .optional()
    .describe("only these of the community's branches (or branchless compounds); default all of them"),
});

export const remapCommunityBody = z.strictObject({ communityId: z.uuid() });

export const linkListQuery = pageQuery.extend({
  workUnitId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  kind: z.enum(LINK_KINDS).optional(),
  active: queryBool.optional().describe('true: current links only; false: ended ones only'),
  sort: z.enum(['-startedOn', 'startedOn']).default('-startedOn'),
});

export const linkView = z.object({
  id: z.uuid(),
  workUnitId: z.uuid(),
  workUnitName: z.string(),
  kind: z.enum(LINK_KINDS),
  kindName: z.string(),
  targetId: z.uuid(),
  targetName: z.string(),
  streetId: z.uuid(),
  communityId: z.uuid(),
  branchId: z.uuid().nullable(),
  compoundId: z.uuid().nullable(),
  note: z.string().nullable(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  remappedFromId: z.uuid().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});

export const remapResult = z.object({ ended: z.array(linkView), created: z.array(linkView) });
