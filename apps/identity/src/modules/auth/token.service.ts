import { withPlatform, withTenant } from '@hongfan/db';
import { AppError, errors } from '@hongfan/errors';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { KeyStore } from '../keys/key-store.js';
import { PlatformAdminEntity } from '../platform-admins/platform-admin.entity.js';
import { PlatformSessionEntity } from '../platform-admins/platform-session.entity.js';
import { ServiceAccountEntity } from '../service-accounts/service-account.entity.js';
import { type Tenant, TenantEntity } from '../tenants/tenant.entity.js';
import { type User, UserEntity } from '../users/user.entity.js';
import type { LoginThrottle } from './login-throttle.js';
import { dummyHash, randomSecret, verifyPassword } from './password.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { sameHash, sha256 } from './secret-hash.js';
import type { TokenRequest, TokenResponse } from './token.schemas.js';

export interface TokenServiceOptions {
  orm: MikroORM;
  keys: KeyStore;
  throttle: LoginThrottle;
  accessTtlSec: number;
  refreshTtlSec: number;
}

const invalidGrant = (detail = 'The credentials are not valid') =>
  new AppError({ code: 'invalid_grant', status: 400, title: 'Invalid grant', detail });
const invalidClient = () =>
  new AppError({
    code: 'invalid_client',
    status: 401,
    title: 'Invalid client',
    detail: 'Unknown client or wrong secret',
  });
const suspended = () => errors.forbidden('This district tenant is suspended', 'tenant_suspended');

/** Refresh tokens name their realm (`platform` or a tenant id) so the lookup can run in the right tenant. */
const PLATFORM = 'platform';

/**
 * Issues tokens for the three grants. Access tokens are short-lived RS256 JWTs; refresh tokens are
 * opaque, stored hashed, rotated on every use, and a replayed one revokes its whole family.
 */
export class TokenService {
  constructor(private readonly o: TokenServiceOptions) {}

  async grant(body: TokenRequest): Promise<TokenResponse> {
    switch (body.grant_type) {
      case 'password':
        return body.tenant_code
          ? this.userPassword(body.tenant_code, body.username, body.password)
          : this.platformPassword(body.username, body.password);
      case 'refresh_token':
        return this.refresh(body.refresh_token);
      case 'client_credentials':
        return this.clientCredentials(body.client_id, body.client_secret, body.scope);
    }
  }

  /** Logout: revokes the token's whole family. Unknown tokens are ignored (RFC 7009). */
  async revoke(token: string): Promise<void> {
    const [kind, realm] = token.split('.');
    if (kind !== 'rt' || !realm) return;
    const tokenHash = sha256(token);
    if (realm === PLATFORM) {
      await withPlatform(this.o.orm, async (em) => {
        const row = await em.findOne(PlatformSessionEntity, { tokenHash });
        if (row)
          await em.nativeUpdate(PlatformSessionEntity, { familyId: row.familyId }, { revokedAt: new Date() });
      });
      return;
    }
    if (!isUuid(realm)) return;
    await withTenant(this.o.orm, realm, async (em) => {
      const row = await em.findOne(RefreshTokenEntity, { tokenHash });
      if (row)
        await em.nativeUpdate(RefreshTokenEntity, { familyId: row.familyId }, { revokedAt: new Date() });
    });
  }

  private async platformPassword(username: string, password: string): Promise<TokenResponse> {
    const key = `platform:${username}`;
    this.o.throttle.check(key);
    const admin = await withPlatform(this.o.orm, (em) => em.findOne(PlatformAdminEntity, { username }));
    if (!(await verifyPassword(password, admin?.passwordHash ?? (await dummyHash()))) || !admin) {
      this.o.throttle.fail(key);
      throw invalidGrant();
    }
    this.o.throttle.succeed(key);
    return withPlatform(this.o.orm, async (em) => {
      const refresh = this.newPlatformSession(em, admin.id, crypto.randomUUID());
      return this.response(
        { sub: admin.id, typ: 'platform', name: admin.displayName, roles: ['platform-admin'] },
        refresh,
      );
    });
  }

  private async userPassword(code: string, username: string, password: string): Promise<TokenResponse> {
    const key = `${code}:${username}`;
    this.o.throttle.check(key);
    const tenant = await this.tenantByCode(code);
    const user = tenant
      ? await withTenant(this.o.orm, tenant.id, (em) => em.findOne(UserEntity, { username }))
      : null;
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (!ok || !user || !tenant) {
      this.o.throttle.fail(key);
      throw invalidGrant();
    }
    if (tenant.status !== 'active') throw suspended();
    if (user.status !== 'active') throw invalidGrant('This account is disabled');
    this.o.throttle.succeed(key);
    return withTenant(this.o.orm, tenant.id, async (em) => {
      await em.nativeUpdate(UserEntity, { id: user.id }, { lastLoginAt: new Date() });
      const refresh = this.newUserRefresh(em, tenant.id, user.id, crypto.randomUUID());
      return this.response(userClaims(user), refresh);
    });
  }

  private async refresh(token: string): Promise<TokenResponse> {
    const [kind, realm] = token.split('.');
    if (kind !== 'rt' || !realm) throw invalidGrant('Unknown refresh token');
    const tokenHash = sha256(token);
    const now = new Date();
    if (realm === PLATFORM) {
      const out = await withPlatform(this.o.orm, async (em) => {
        const row = await em.findOne(PlatformSessionEntity, { tokenHash });
        if (!row || row.revokedAt || row.expiresAt < now) return 'invalid' as const;
        if (row.usedAt) {
          await em.nativeUpdate(PlatformSessionEntity, { familyId: row.familyId }, { revokedAt: now });
          return 'reused' as const;
        }
        row.usedAt = now;
        const admin = await em.findOneOrFail(PlatformAdminEntity, { id: row.adminId });
        const refresh = this.newPlatformSession(em, admin.id, row.familyId);
        return this.response(
          { sub: admin.id, typ: 'platform', name: admin.displayName, roles: ['platform-admin'] },
          refresh,
        );
      });
      if (typeof out === 'string') throw invalidGrant('The refresh token is no longer valid');
      return out;
    }
    if (!isUuid(realm)) throw invalidGrant('Unknown refresh token');
    const out = await withTenant(this.o.orm, realm, async (em) => {
      const row = await em.findOne(RefreshTokenEntity, { tokenHash });
      if (!row || row.revokedAt || row.expiresAt < now) return 'invalid' as const;
      if (row.usedAt) {
        // Replay of a used token: someone else holds this family. End it for everyone.
        await em.nativeUpdate(RefreshTokenEntity, { familyId: row.familyId }, { revokedAt: now });
        return 'reused' as const;
      }
      const tenant = await em.findOne(TenantEntity, { id: realm });
      if (tenant?.status !== 'active') return 'suspended' as const;
      const user = await em.findOne(UserEntity, { id: row.userId });
      if (!user || user.status !== 'active') return 'invalid' as const;
      row.usedAt = now;
      const refresh = this.newUserRefresh(em, realm, user.id, row.familyId);
      return this.response(userClaims(user), refresh);
    });
    if (out === 'suspended') throw suspended();
    if (typeof out === 'string') throw invalidGrant('The refresh token is no longer valid');
    return out;
  }

  private async clientCredentials(clientId: string, secret: string, scope?: string): Promise<TokenResponse> {
    const code = clientId.split('.')[0];
    const tenant = /^\d{6}$/.test(code) ? await this.tenantByCode(code) : null;
    if (!tenant) throw invalidClient();
    if (tenant.status !== 'active') throw suspended();
    return withTenant(this.o.orm, tenant.id, async (em) => {
      const sa = await em.findOne(ServiceAccountEntity, { clientId });
      if (!sa || sa.status !== 'active' || !sameHash(sha256(secret), sa.secretHash)) throw invalidClient();
      const requested = scope ? scope.split(/\s+/).filter(Boolean) : sa.scopes;
      const extra = requested.filter((s) => !sa.scopes.includes(s));
      if (extra.length)
        throw new AppError({
          code: 'invalid_scope',
          status: 400,
          title: 'Invalid scope',
          detail: `Not granted to this client: ${extra.join(' ')}`,
        });
      sa.lastUsedAt = new Date();
      const res = this.response({
        sub: sa.id,
        typ: 'service',
        tid: tenant.id,
        name: sa.name,
        scp: requested,
      });
      return { ...res, scope: requested.join(' ') };
    });
  }

  private async tenantByCode(code: string): Promise<Tenant | null> {
    return withPlatform(this.o.orm, (em) => em.findOne(TenantEntity, { code }));
  }

  private newUserRefresh(em: EntityManager, tenantId: string, userId: string, familyId: string): string {
    const token = `rt.${tenantId}.${randomSecret()}`;
    em.create(RefreshTokenEntity, {
      tenantId,
      userId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + this.o.refreshTtlSec * 1000),
    });
    return token;
  }

  private newPlatformSession(em: EntityManager, adminId: string, familyId: string): string {
    const token = `rt.${PLATFORM}.${randomSecret()}`;
    em.create(PlatformSessionEntity, {
      adminId,
      familyId,
      tokenHash: sha256(token),
      expiresAt: new Date(Date.now() + this.o.refreshTtlSec * 1000),
    });
    return token;
  }

  private response(claims: Record<string, unknown>, refresh?: string): TokenResponse {
    return {
      access_token: this.o.keys.sign({ ...claims, jti: crypto.randomUUID() }),
      token_type: 'Bearer',
      expires_in: this.o.accessTtlSec,
      ...(refresh ? { refresh_token: refresh } : {}),
    };
  }
}

function userClaims(user: User): Record<string, unknown> {
  return {
    sub: user.id,
    typ: 'user',
    tid: user.tenantId,
    name: user.displayName,
    roles: user.roles,
    scope: user.scope,
  };
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
