import { parseEnv } from '@hongfan/config';
import { createLogger } from '@hongfan/logger';
import { cleanupPrefix, createTestDatabase, natsUrl, testNats, uniquePrefix } from '@hongfan/testing';
import { composeIdentity, type Identity } from '../../src/compose.js';
import { identityEnv } from '../../src/config.js';

export const ADMIN = { username: 'root', password: 'Root-Pass-2026' };

/** A real identity (database, NATS, relay, keys) on a fresh database and subject prefix. */
export async function startTestIdentity(overrides: Record<string, string> = {}) {
  const db = await createTestDatabase('identity');
  const prefix = uniquePrefix();
  const env = parseEnv(identityEnv, {
    DATABASE_URL: db.url,
    NATS_URL: natsUrl(),
    SUBJECT_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: 'silent',
    PLATFORM_ADMIN_USERNAME: ADMIN.username,
    PLATFORM_ADMIN_PASSWORD: ADMIN.password,
    RATE_LIMIT_PER_TOKEN: '100000',
    RATE_LIMIT_PER_TENANT: '100000',
    ...overrides,
  });
  const identity: Identity = await composeIdentity(
    env,
    createLogger({ service: 'identity', level: 'silent' }),
  );
  await identity.app.ready();
  const app = identity.app;

  const token = async (body: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/token', payload: body });
    if (res.statusCode !== 200) throw new Error(`token ${res.statusCode}: ${res.body}`);
    return res.json() as { access_token: string; refresh_token?: string };
  };
  const platformToken = async () => (await token({ grant_type: 'password', ...ADMIN })).access_token;

  /** Creates a tenant with its first admin; returns its id, code and the admin's token. */
  const createTenant = async (code: string, name = `测试区${code}`) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: { authorization: `Bearer ${await platformToken()}` },
      payload: {
        code,
        name,
        city: '济宁市',
        admin: { username: 'admin', displayName: '区管理员', password: 'Admin-Pass-1' },
      },
    });
    if (res.statusCode !== 201) throw new Error(`create tenant ${res.statusCode}: ${res.body}`);
    const tenant = res.json() as { id: string; code: string };
    const adminToken = (
      await token({ grant_type: 'password', tenant_code: code, username: 'admin', password: 'Admin-Pass-1' })
    ).access_token;
    return { ...tenant, adminToken };
  };

  return {
    app,
    identity,
    db,
    prefix,
    token,
    platformToken,
    createTenant,
    auth: (t: string) => ({ authorization: `Bearer ${t}` }),
    async close() {
      await app.close();
      await identity.shutdown();
      const nc = await testNats();
      await cleanupPrefix(nc, prefix);
      await nc.close();
      await db.drop();
    },
  };
}
export type TestIdentity = Awaited<ReturnType<typeof startTestIdentity>>;
