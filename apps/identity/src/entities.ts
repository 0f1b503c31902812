import { AuditEntryEntity } from '@hongfan/audit';
import { RefreshTokenEntity } from './modules/auth/refresh-token.entity.js';
import { SigningKeyEntity } from './modules/keys/signing-key.entity.js';
import { PlatformAdminEntity } from './modules/platform-admins/platform-admin.entity.js';
import { PlatformSessionEntity } from './modules/platform-admins/platform-session.entity.js';
import { ServiceAccountEntity } from './modules/service-accounts/service-account.entity.js';
import { TenantEntity } from './modules/tenants/tenant.entity.js';
import { UserEntity } from './modules/users/user.entity.js';

export const entities = [
  TenantEntity,
  PlatformAdminEntity,
  PlatformSessionEntity,
  SigningKeyEntity,
  UserEntity,
  ServiceAccountEntity,
  RefreshTokenEntity,
  AuditEntryEntity,
];
