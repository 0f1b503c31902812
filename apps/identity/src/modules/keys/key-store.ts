import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { withPlatform } from '@hongfan/db';
import type { KeyResolver } from '@hongfan/service-kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createSigner } from 'fast-jwt';

type Signer = (claims: Record<string, unknown>) => string;

import { type SigningKey, SigningKeyEntity } from './signing-key.entity.js';

export interface PublishedKey {
  kid: string;
  jwk: Record<string, unknown>;
  pem: string;
}

/**
 * Identity's signing keys, kept in its database so every instance signs and verifies with the same
 * set. Rotation adds a new active key and retires the old one, which stays in the JWKS for
 * `retireGraceSec` (longer than any access token lives): no token in flight fails.
 */
export class KeyStore implements KeyResolver {
  private active?: { kid: string; privatePem: string };
  private published = new Map<string, PublishedKey>();
  private signers = new Map<string, Signer>();

  constructor(
    private readonly orm: MikroORM,
    private readonly opts: {
      issuer: string;
      audience: string;
      accessTtlSec: number;
      retireGraceSec?: number;
    },
  ) {}

  /** Loads the keys; creates the first one on a fresh database. */
  async init(): Promise<void> {
    await this.reload();
    if (!this.active) await this.rotate();
  }

  async reload(): Promise<void> {
    const grace = (this.opts.retireGraceSec ?? this.opts.accessTtlSec + 300) * 1000;
    const keys = await withPlatform(this.orm, (em) =>
      em.find(SigningKeyEntity, {}, { orderBy: { createdAt: 'desc' } }),
    );
    const now = Date.now();
    const published = new Map<string, PublishedKey>();
    let active: SigningKey | undefined;
    for (const k of keys) {
      if (!k.retiredAt && !active) active = k;
      if (!k.retiredAt || now - k.retiredAt.getTime() < grace)
        published.set(k.kid, { kid: k.kid, jwk: k.publicJwk, pem: toPem(k.publicJwk) });
    }
    this.published = published;
    this.active = active && { kid: active.kid, privatePem: active.privatePem };
  }

  /** Makes a new key the signing key and retires the previous ones. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const jwk = {
      ...(publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
      kid,
      alg: 'RS256',
      use: 'sig',
    };
    await withPlatform(this.orm, async (em) => {
      await em.nativeUpdate(SigningKeyEntity, { retiredAt: null }, { retiredAt: new Date() });
      em.create(SigningKeyEntity, {
        kid,
        privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        publicJwk: jwk,
      });
    });
    await this.reload();
    return kid;
  }

  /** Signs an access token with the active key. */
  sign(claims: Record<string, unknown>): string {
    if (!this.active) throw new Error('key store not initialised');
    const { kid, privatePem } = this.active;
    let signer = this.signers.get(kid);
    if (!signer) {
      signer = createSigner<Record<string, unknown>>({
        key: privatePem,
        algorithm: 'RS256',
        kid,
        iss: this.opts.issuer,
        aud: this.opts.audience,
        expiresIn: this.opts.accessTtlSec * 1000,
      });
      this.signers.set(kid, signer);
    }
    return signer(claims);
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [...this.published.values()].map((k) => k.jwk) };
  }

  /** KeyResolver for identity's own routes; an unknown kid reloads once (another instance rotated). */
  async getKey(kid: string | undefined): Promise<string> {
    if (!kid) throw new Error('token has no kid');
    if (!this.published.has(kid)) await this.reload();
    const key = this.published.get(kid);
    if (!key) throw new Error(`unknown kid ${kid}`);
    return key.pem;
  }
}

function toPem(jwk: Record<string, unknown>): string {
  return createPublicKey({ key: jwk as never, format: 'jwk' }).export({
    type: 'spki',
    format: 'pem',
  }) as string;
}
