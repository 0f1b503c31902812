import { ROLE_DISPLAY_NAMES } from '@hongfan/contracts';
import type { z } from 'zod';
import type { User } from './user.entity.js';
import type { userView } from './user.schemas.js';

export function toUserView(u: User): z.infer<typeof userView> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: u.phone ?? null,
    roles: u.roles,
    roleNames: u.roles.map((r) => ROLE_DISPLAY_NAMES[r] ?? r),
    scope: u.scope,
    status: u.status,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
    version: u.version,
  };
}

/** The user's state as other services see it (events). */
export function userEventData(u: User) {
  return { userId: u.id, username: u.username, roles: u.roles, scope: u.scope };
}
