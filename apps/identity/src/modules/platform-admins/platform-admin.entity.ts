import { type BaseRow, baseProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';

/** Operators of the platform itself: they create and configure district tenants and belong to none. */
export interface PlatformAdmin extends BaseRow {
  username: string;
  displayName: string;
  passwordHash: string;
}

export const PlatformAdminEntity = new EntitySchema<PlatformAdmin>({
  name: 'PlatformAdmin',
  tableName: 'platform_admins',
  properties: {
    ...baseProperties,
    username: { type: 'string' },
    displayName: { type: 'string' },
    passwordHash: { type: 'string', hidden: true },
  },
});
