import { z } from 'zod';

const tenantCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit administrative division code');

/** OAuth2-style token request; the grant type decides which fields are needed. */
export const tokenRequest = z.discriminatedUnion('grant_type', [
  z.strictObject({
    grant_type: z.literal('password'),
    /** Omit for a platform admin. */
    tenant_code: tenantCode.optional(),
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  }),
  z.strictObject({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(10).max(300) }),
  z.strictObject({
    grant_type: z.literal('client_credentials'),
    client_id: z.string().min(3).max(100),
    client_secret: z.string().min(10).max(300),
    /** Space-separated subset of the account's scopes; all of them when omitted. */
    scope: z.string().max(2000).optional(),
  }),
]);
export type TokenRequest = z.infer<typeof tokenRequest>;

export const tokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const revokeRequest = z.strictObject({ refresh_token: z.string().min(10).max(300) });
