import { createVerifier } from 'fast-jwt';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, createTokenFactory, uniquePrefix } from '../src/index.js';

describe('createTokenFactory', () => {
  it('signs RS256 tokens with its kid that its key resolver verifies', async () => {
    const f = createTokenFactory();
    const token = f.user('00000000-0000-4000-8000-000000000001', ['viewer']);
    const [h] = token.split('.');
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: f.kid });
    const verify = createVerifier({
      key: await f.keys.getKey(f.kid),
      algorithms: ['RS256'] as never,
      allowedIss: f.issuer,
    });
    expect(verify(token)).toMatchObject({ typ: 'user', roles: ['viewer'] });
    await expect(f.keys.getKey('other')).rejects.toThrow(/unknown kid/);
  });
});

describe('createTestDatabase', () => {
  it('creates a fresh database and drops it', async () => {
    const db = await createTestDatabase('selftest');
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    expect((await c.query('select current_database() as d')).rows[0].d).toBe(db.name);
    await c.end();
    await db.drop();
    const again = new pg.Client({ connectionString: db.url });
    await expect(again.connect()).rejects.toThrow(/does not exist/);
  });

  it('gives unique subject prefixes', () => {
    expect(uniquePrefix()).not.toBe(uniquePrefix());
    expect(uniquePrefix()).toMatch(/^[a-z0-9]+\.$/);
  });
});
