import { generateKeyPairSync } from 'node:crypto';
import { createSigner } from 'fast-jwt';

export interface TokenClaims {
  sub?: string;
  typ?: 'user' | 'service' | 'platform';
  tid?: string;
  roles?: string[];
  scope?: Record<string, string[]>;
  scp?: string[];
  name?: string;
  [k: string]: unknown;
}

export interface SignOptions {
  kid?: string;
  iss?: string;
  aud?: string;
  expiresInSec?: number;
  algorithm?: string;
  key?: string;
}

/**
 * Issues test tokens signed like identity's (RS256 with a kid), for any tenant, role and scope, and
 * the KeyResolver a service under test verifies them with. Also signs deliberately bad tokens.
 */
export function createTokenFactory(opts: { issuer?: string; audience?: string } = {}) {
  const issuer = opts.issuer ?? 'hongfan-identity';
  const audience = opts.audience ?? 'hongfan';
  const kid = `test-${Math.random().toString(36).slice(2, 8)}`;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  // Structurally a service-kit KeyResolver (kept free of that import: service-kit tests use this package).
  const keys = {
    async getKey(k: string | undefined): Promise<string> {
      if (k !== kid) throw new Error(`unknown kid ${k}`);
      return publicPem;
    },
  };

  function sign(claims: TokenClaims, o: SignOptions = {}): string {
    const signer = createSigner({
      key: o.key ?? privatePem,
      algorithm: (o.algorithm ?? 'RS256') as never,
      kid: o.kid ?? kid,
      iss: o.iss ?? issuer,
      aud: o.aud ?? audience,
      expiresIn: (o.expiresInSec ?? 600) * 1000,
    });
    return signer({ typ: 'user', roles: [], scope: {}, scp: [], sub: crypto.randomUUID(), ...claims });
  }

  return {
    kid,
    keys,
    issuer,
    audience,
    privatePem,
    publicPem,
    sign,
    user: (tenantId: string, roles: string[], scope: Record<string, string[]> = {}, sub?: string) =>
      sign({ typ: 'user', tid: tenantId, roles, scope, sub: sub ?? crypto.randomUUID() }),
    service: (tenantId: string, scp: string[]) => sign({ typ: 'service', tid: tenantId, scp }),
    platformAdmin: () => sign({ typ: 'platform', roles: ['platform-admin'] }),
    bearer: (token: string) => ({ authorization: `Bearer ${token}` }),
  };
}
export type TokenFactory = ReturnType<typeof createTokenFactory>;
