import { EntitySchema, type Opt } from '@mikro-orm/core';

/** A platform admin's refresh token (hashed); same rotation rules as a user's RefreshToken. */
export interface PlatformSession {
  id: string;
  adminId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  usedAt?: Date | null;
  revokedAt?: Date | null;
  createdAt: Opt<Date>;
}

export const PlatformSessionEntity = new EntitySchema<PlatformSession>({
  name: 'PlatformSession',
  tableName: 'platform_sessions',
  properties: {
    id: { type: 'uuid', primary: true, onCreate: () => crypto.randomUUID() },
    adminId: { type: 'uuid' },
    familyId: { type: 'uuid' },
    tokenHash: { type: 'string' },
    expiresAt: { type: 'Date', columnType: 'timestamptz' },
    usedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    revokedAt: { type: 'Date', columnType: 'timestamptz', nullable: true },
    createdAt: { type: 'Date', columnType: 'timestamptz', onCreate: () => new Date() },
  },
});
