import { parseEnv } from '@hongfan/config';
import {
  createEnvelope,
  defaultTenantSettings,
  streamName,
  streamSubjects,
  type TenantSettings,
  tenantCreated,
  tenantSettingsChanged,
} from '@hongfan/contracts';
import { createLogger } from '@hongfan/logger';
import { connectNats, ensureStream } from '@hongfan/messaging';
import {
  cleanupPrefix,
  createTestDatabase,
  createTokenFactory,
  natsUrl,
  testNats,
  uniquePrefix,
} from '@hongfan/testing';
import { composeOrg, type Org } from '../../src/compose.js';
import { orgEnv } from '../../src/config.js';

/**
 * A real org service (database, NATS, relay, consumers) on a fresh database and subject prefix,
 * with a token factory standing in for identity. Helpers build territory through the API.
 */
export async function startTestOrg(): Promise<TestOrgHandle> {
  const db = await createTestDatabase('org');
  const prefix = uniquePrefix();
  const tokens = createTokenFactory();
  const env = parseEnv(orgEnv, {
    DATABASE_URL: db.url,
    NATS_URL: natsUrl(),
    SUBJECT_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_TOKEN: '1000000',
    RATE_LIMIT_PER_TENANT: '1000000',
  });
  // Identity's stream must exist for org's consumer; in production identity creates it.
  const nats = await connectNats({ servers: natsUrl(), name: 'org-test' });
  await ensureStream(nats.jsm, {
    name: streamName(prefix, 'identity'),
    subjects: streamSubjects(prefix, 'identity'),
  });
  const org: Org = await composeOrg(env, createLogger({ service: 'org', level: 'silent' }), {
    keys: tokens.keys,
  });
  await org.app.ready();
  const app = org.app;

  const call: TestOrgHandle['call'] = async <T = Record<string, any>>(
    token: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    expected?: number,
  ) => {
    const res = await app.inject({
      method,
      url,
      payload: payload as never,
      headers: { authorization: `Bearer ${token}` },
    });
    if (expected !== undefined && res.statusCode !== expected)
      throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return {
      status: res.statusCode,
      body: (res.body ? res.json() : undefined) as T,
      res: res as unknown as InjectResult,
    };
  };

  /** A tenant (district) with an admin token. */
  const tenant = () => {
    const id = crypto.randomUUID();
    return { id, admin: tokens.user(id, ['tenant-admin']) };
  };

  /** street → community → grid → compound, created through the API. */
  const territory = async (
    admin: string,
    names: Partial<Record<'street' | 'community' | 'grid' | 'compound', string>> = {},
  ) => {
    const street = (await call(admin, 'POST', '/v1/streets', { name: names.street ?? `街道${rand()}` }, 201))
      .body;
    const community = (
      await call(
        admin,
        'POST',
        '/v1/communities',
        { streetId: street.id, name: names.community ?? `社区${rand()}` },
        201,
      )
    ).body;
    const grid = (
      await call(
        admin,
        'POST',
        '/v1/grids',
        { communityId: community.id, name: names.grid ?? `网格${rand()}` },
        201,
      )
    ).body;
    const compound = (
      await call(
        admin,
        'POST',
        '/v1/compounds',
        { gridId: grid.id, name: names.compound ?? `小区${rand()}` },
        201,
      )
    ).body;
    return { street, community, grid, compound };
  };

  /** Publishes identity's tenant events as identity would, for org's consumer. */
  const publishSettings = async (
    tenantId: string,
    settings: Partial<TenantSettings>,
    kind: 'created' | 'changed' = 'changed',
  ) => {
    const full = { ...defaultTenantSettings(), ...settings };
    const env =
      kind === 'created'
        ? createEnvelope(tenantCreated, {
            tenantId,
            data: {
              tenantId,
              code: '370811',
              name: '任城区',
              city: '济宁市',
              status: 'active',
              settings: full,
            },
          })
        : createEnvelope(tenantSettingsChanged, {
            tenantId,
            data: { tenantId, settings: full, previous: defaultTenantSettings() },
          });
    const def = kind === 'created' ? tenantCreated : tenantSettingsChanged;
    await nats.js.publish(def.subject(prefix), JSON.stringify(env), { msgID: env.id });
    return env;
  };

  return {
    app,
    org,
    db,
    prefix,
    tokens,
    nats,
    call,
    tenant,
    territory,
    publishSettings,
    async close() {
      await app.close();
      await org.shutdown();
      const nc = await testNats();
      await cleanupPrefix(nc, prefix);
      await nc.close();
      await nats.nc.close();
      await db.drop();
    },
  };
}
export type TestOrg = TestOrgHandle;

export const rand = () => Math.random().toString(36).slice(2, 7);

/** What a reply looks like to tests (light-my-request's Response, narrowed to what we read). */
export interface InjectResult {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

export interface TestOrgHandle {
  app: Org['app'];
  org: Org;
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  prefix: string;
  tokens: ReturnType<typeof createTokenFactory>;
  nats: Awaited<ReturnType<typeof connectNats>>;
  call<T = Record<string, any>>(
    token: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    expected?: number,
  ): Promise<{ status: number; body: T; res: InjectResult }>;
  tenant(): { id: string; admin: string };
  territory(
    admin: string,
    names?: Partial<Record<'street' | 'community' | 'grid' | 'compound', string>>,
  ): Promise<Record<'street' | 'community' | 'grid' | 'compound', Record<string, any>>>;
  publishSettings(
    tenantId: string,
    settings: Partial<TenantSettings>,
    kind?: 'created' | 'changed',
  ): Promise<{ id: string }>;
  close(): Promise<void>;
}
