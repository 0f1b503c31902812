import type { DataScope, Role } from '@hongfan/contracts';
import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema, type Opt } from '@mikro-orm/core';

export interface User extends TenantOwned {
  username: string;
  displayName: string;
  phone?: string | null;
  passwordHash: string;
  roles: Role[];
  scope: DataScope;
  status: Opt<'active' | 'disabled'>;
  lastLoginAt?: Date | null;
}

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  properties: {
    ...tenantOwnedProperties,
    username: { type: 'string' },
    displayName: { type: 'string' },
    phone: { type: 'string', nullable: true },
    passwordHash: { type: 'string', hidden: true },
    roles: { type: 'string[]', columnType: 'text[]' },
    scope: { type: 'json' },
    status: { type: 'string', default: 'active' },
    lastLoginAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});
