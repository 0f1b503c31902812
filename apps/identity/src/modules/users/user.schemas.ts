import { dataScopeSchema, ROLES, roleSchema } from '@hongfan/contracts';
import { pageQuery } from '@hongfan/service-kit';
import { z } from 'zod';
import { PASSWORD_RULE } from '../auth/password.js';

const password = z.string().regex(PASSWORD_RULE, '8–128 characters with letters and digits');
const phone = z.string().regex(/^1\d{10}$/, 'must be an 11-digit mainland mobile number');

export const createUserBody = z.strictObject({
  username: z.string().regex(/^[A-Za-z0-9_.-]{3,64}$/, 'letters, digits, _ . - (3–64)'),
  displayName: z.string().trim().min(1).max(50),
  phone: phone.optional(),
  password,
  roles: z.array(roleSchema).min(1).max(ROLES.length),
  scope: dataScopeSchema.strict().default({}),
});

export const updateUserBody = z
  .strictObject({
    displayName: z.string().trim().min(1).max(50).optional(),
    phone: phone.nullable().optional(),
    roles: z.array(roleSchema).min(1).max(ROLES.length).optional(),
    scope: dataScopeSchema.strict().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');

export const resetPasswordBody = z.strictObject({ password });
export const changeOwnPasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: password,
});

export const userView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  roles: z.array(z.string()),
  roleNames: z.array(z.string()),
  scope: dataScopeSchema,
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});

export const listUsersQuery = pageQuery.extend({
  role: roleSchema.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  q: z.string().max(50).optional().describe('matches username or display name'),
  sort: z.enum(['username', 'displayName', 'createdAt']).default('username'),
});
