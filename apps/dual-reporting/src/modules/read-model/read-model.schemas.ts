import { pageQuery, queryBool } from '@hongfan/service-kit';
import { z } from 'zod';

export const compoundListQuery = pageQuery.extend({
  streetId: z.uuid().optional(),
  communityId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  q: z.string().trim().max(60).optional().describe('name contains'),
  includeArchived: queryBool.optional(),
  sort: z.enum(['name', 'communityName']).default('name'),
});

export const compoundView = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  streetId: z.uuid(),
  streetName: z.string(),
  communityId: z.uuid(),
  communityName: z.string(),
  gridId: z.uuid(),
  gridName: z.string(),
  branchId: z.uuid().nullable(),
  branchName: z.string().nullable(),
  branchForm: z.string().nullable(),
  archived: z.boolean(),
  /** When this service last applied an org event for the compound. */
  syncedAt: z.string(),
});

export const branchListQuery = pageQuery.extend({
  communityId: z.uuid().optional(),
  includeDissolved: queryBool.optional(),
});

export const branchView = z.object({
  id: z.uuid(),
  level: z.string(),
  name: z.string(),
  streetId: z.uuid().nullable(),
  communityId: z.uuid().nullable(),
  gridId: z.uuid().nullable(),
  compoundIds: z.array(z.uuid()),
  status: z.string(),
});
