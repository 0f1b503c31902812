import { createPublicKey, type JsonWebKey } from 'node:crypto';
import buildGetJwks from 'get-jwks';

/** Finds the public key (PEM) for a token's `kid`; throws when the kid is unknown. */
export interface KeyResolver {
  getKey(kid: string | undefined): Promise<string>;
}

/**
 * Resolves keys from identity's JWKS. Unknown kids trigger a refetch (get-jwks does that on a cache
 * miss), so a key rotation in identity needs no restart and fails no request here.
 */
export function jwksKeyResolver(identityUrl: string): KeyResolver {
  const jwks = buildGetJwks({ max: 50, ttl: 10 * 60_000, jwksPath: '/.well-known/jwks.json' });
  const domain = identityUrl.replace(/\/$/, '');
  return {
    async getKey(kid) {
      if (!kid) throw new Error('token has no kid');
      return jwks.getPublicKey({ domain, alg: 'RS256', kid });
    },
  };
}

/** Resolves keys from an in-process set of JWKs: identity itself, and tests. */
export function staticKeyResolver(
  keys: () => Map<string, JsonWebKey> | Promise<Map<string, JsonWebKey>>,
): KeyResolver {
  const pemCache = new Map<string, string>();
  return {
    async getKey(kid) {
      if (!kid) throw new Error('token has no kid');
      const cached = pemCache.get(kid);
      if (cached) return cached;
      const jwk = (await keys()).get(kid);
      if (!jwk) throw new Error(`unknown kid ${kid}`);
      const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({
        type: 'spki',
        format: 'pem',
      }) as string;
      pemCache.set(kid, pem);
      return pem;
    },
  };
}
