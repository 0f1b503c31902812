import { describe, expect, it } from 'vitest';
import { type AuthContext, scopeAllows, scopeWhere } from '../src/index.js';

const S = '00000000-0000-4000-8000-000000000001';
const C = '00000000-0000-4000-8000-000000000002';
const user = (roles: string[], scope: AuthContext['scope'] = {}): AuthContext => ({
  subject: 'u',
  kind: 'user',
  tenantId: 't',
  roles,
  scope,
  apiScopes: [],
});

describe('data scope', () => {
  it('lets a tenant admin and an unscoped viewer see the whole district', () => {
    expect(scopeAllows(user(['tenant-admin']), { streetId: 'x' })).toBe(true);
    expect(scopeWhere(user(['viewer']), { streets: 'streetId' })).toEqual({});
  });

  it('lets a street cadre see everything under their street and nothing else', () => {
    const cadre = user(['street-cadre'], { streets: [S] });
    expect(scopeAllows(cadre, { streetId: S, communityId: 'any', compoundId: 'any' })).toBe(true);
    expect(scopeAllows(cadre, { streetId: 'other', communityId: C })).toBe(false);
    expect(scopeWhere(cadre, { streets: 'streetId', communities: 'communityId' })).toEqual({
      streetId: { $in: [S] },
    });
  });

  it('combines several scope kinds with OR', () => {
    const u = user(['community-cadre'], { streets: [S], communities: [C] });
    expect(scopeWhere(u, { streets: 'streetId', communities: 'communityId' })).toEqual({
      $or: [{ streetId: { $in: [S] } }, { communityId: { $in: [C] } }],
    });
  });

  it('gives a scoped role with an empty scope nothing', () => {
    const u = user(['community-cadre']);
    expect(scopeAllows(u, { communityId: C })).toBe(false);
    expect(scopeWhere(u, { communities: 'communityId' })).toEqual({ id: { $in: [] } });
  });
});
