import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';

/** API scopes are `<service>:<resource>[:<action>]`, e.g. `org:read`, `public-opinion:demands:write`. */
const apiScope = z
  .string()
  .regex(/^[a-z][a-z-]*:[a-z][a-z-]*(:[a-z][a-z-]*)?$/, 'must look like service:resource[:action]');

export const createServiceAccountBody = z.strictObject({
  name: z.string().trim().min(2).max(60),
  scopes: z.array(apiScope).min(1).max(50),
});

export const updateServiceAccountBody = z
  .strictObject({
    name: z.string().trim().min(2).max(60).optional(),
    scopes: z.array(apiScope).min(1).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

export const serviceAccountView = z.object({
  id: z.uuid(),
  name: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  status: z.enum(['active', 'revoked']),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

/** Returned once, when the secret is created or rotated; it is never readable again. */
export const serviceAccountWithSecret = serviceAccountView.extend({ clientSecret: z.string() });

export const listServiceAccountsQuery = pageQuery.extend({
  status: z.enum(['active', 'revoked']).optional(),
});
