import { type TenantOwned, tenantOwnedProperties } from '@hongfan/db';
import { EntitySchema } from '@mikro-orm/core';

/**
 * One refresh token (stored as a hash). Tokens of one login share a family: each use rotates to a
 * new token, and presenting a used one again revokes the whole family (it was stolen or replayed).
 */
export interface RefreshToken extends TenantOwned {
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt?: Date | null;
  revokedAt?: Date | null;
}

export const RefreshTokenEntity = new EntitySchema<RefreshToken>({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    ...tenantOwnedProperties,
    userId: { type: 'uuid' },
    familyId: { type: 'uuid' },
    tokenHash: { type: 'string' },
    expiresAt: { type: 'Date', columnType: 'timestamptz' },
    usedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    revokedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
  },
});
