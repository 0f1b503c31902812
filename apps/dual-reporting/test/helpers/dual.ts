import { parseEnv } from '@hongfan/config';
import {
  type CompoundState,
  compoundCreated,
  createEnvelope,
  type EventDefinition,
  streamName,
  streamSubjects,
} from '@hongfan/contracts';
import type { Logger } from '@hongfan/logger';
import { createLogger } from '@hongfan/logger';
import { connectNats, ensureStream } from '@hongfan/messaging';
import type { Service } from '@hongfan/service-kit';
import {
  cleanupPrefix,
  createTestDatabase,
  createTokenFactory,
  natsUrl,
  type TokenFactory,
  testNats,
  uniquePrefix,
} from '@hongfan/testing';
import { expect } from 'vitest';
import type { z } from 'zod';
import { composeDualReporting, type DualReporting } from '../../src/compose.js';
import { dualReportingEnv } from '../../src/config.js';

/** What a reply looks like to tests (light-my-request's Response, narrowed to what we read). */
export interface InjectResult {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json(): unknown;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Reply<T> = { status: number; body: T; res: InjectResult };
// biome-ignore lint/suspicious/noExplicitAny: test replies are read loosely
type Json = Record<string, any>;

/** The little of org's own wiring these tests use (org's compose.ts and config.ts). */
interface Org {
  app: Service;
  shutdown(): Promise<void>;
}
type ComposeOrg = (env: unknown, logger: Logger, opts: { keys: TokenFactory['keys'] }) => Promise<Org>;

/**
 * Loads the real org service from its source at run time (as `import('../../../org/src/compose.js')`
 * would), typed by the interface above: this package's type check then never depends on the
 * state of org's code, which its own team is changing.
 */
async function loadOrg(): Promise<{ composeOrg: ComposeOrg; orgEnv: z.ZodType }> {
  const src = (file: string) => new URL(`../../../org/src/${file}`, import.meta.url).href;
  const [compose, config] = await Promise.all([
    import(/* @vite-ignore */ src('compose.ts')),
    import(/* @vite-ignore */ src('config.ts')),
  ]);
  return { composeOrg: compose.composeOrg, orgEnv: config.orgEnv };
}

/**
 * packages/db's ensureAppRole serialises ALTER ROLE with an advisory lock, but advisory locks are
 * per database while roles are cluster-wide: services of other test files starting at the same
 * moment on other databases can make it fail with "tuple concurrently updated". Retry start-up.
 */
async function retrying<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= 5 || !/tuple concurrently updated/.test(String((err as Error).message))) throw err;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

const quiet = {
  NATS_URL: natsUrl(),
  PORT: '0',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_TOKEN: '1000000',
  RATE_LIMIT_PER_TENANT: '1000000',
};

/**
 * The real org and dual-reporting services, each on its own fresh database, sharing one NATS
 * subject prefix and one token factory (standing in for identity): org's compound events reach
 * dual reporting's read model through JetStream exactly as in production.
 */
export async function startTestDual(opts: { importMaxRows?: number } = {}): Promise<TestDual> {
  const prefix = uniquePrefix();
  const tokens: TokenFactory = createTokenFactory();
  const { composeOrg, orgEnv } = await loadOrg();
  const [orgDb, db] = await Promise.all([createTestDatabase('org'), createTestDatabase('dual')]);
  const nats = await connectNats({ servers: natsUrl(), name: 'dual-test' });
  // Identity's stream must exist for org's consumer; in production identity creates it.
  await ensureStream(nats.jsm, {
    name: streamName(prefix, 'identity'),
    subjects: streamSubjects(prefix, 'identity'),
  });
  const logger = (service: string) => createLogger({ service, level: 'silent' });
  const org: Org = await retrying(() =>
    composeOrg(
      parseEnv(orgEnv, { ...quiet, DATABASE_URL: orgDb.url, SUBJECT_PREFIX: prefix }),
      logger('org'),
      {
        keys: tokens.keys,
      },
    ),
  );
  const dual: DualReporting = await retrying(() =>
    composeDualReporting(
      parseEnv(dualReportingEnv, {
        ...quiet,
        DATABASE_URL: db.url,
        SUBJECT_PREFIX: prefix,
        ...(opts.importMaxRows ? { IMPORT_MAX_ROWS: String(opts.importMaxRows) } : {}),
      }),
      logger('dual-reporting'),
      { keys: tokens.keys },
    ),
  );
  await Promise.all([org.app.ready(), dual.app.ready()]);

  const inject =
    (app: Service) =>
    async <T = Json>(
      token: string,
      method: Method,
      url: string,
      payload?: unknown,
      expected?: number,
    ): Promise<Reply<T>> => {
      const res = await app.inject({
        method,
        url,
        payload: payload as never,
        headers: { authorization: `Bearer ${token}` },
      });
      if (expected !== undefined && res.statusCode !== expected)
        throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
      const json = res.headers['content-type']?.toString().includes('json');
      return {
        status: res.statusCode,
        body: (res.body && json ? res.json() : res.body) as T,
        res: res as unknown as InjectResult,
      };
    };
  const call = inject(dual.app);
  const orgCall = inject(org.app);

  const rand = () => Math.random().toString(36).slice(2, 7);

  /** A tenant (district) with an admin token. */
  const tenant = () => {
    const id = crypto.randomUUID();
    return { id, admin: tokens.user(id, ['tenant-admin']) };
  };

  /** Waits until dual reporting's read model holds the compound (as org last described it). */
  const synced = async (admin: string, compoundId: string, check?: (c: Json) => boolean) => {
    await expect
      .poll(
        async () => {
          const r = await call(admin, 'GET', `/v1/compounds/${compoundId}`);
          return r.status === 200 && (!check || check(r.body));
        },
        { timeout: 10_000, interval: 25 },
      )
      .toBe(true);
    return (await call(admin, 'GET', `/v1/compounds/${compoundId}`, undefined, 200)).body;
  };

  /** street → community → grid → compound through org's API; waits until dual reporting has the compound. */
  const territory = async (
    admin: string,
    names: Partial<Record<'street' | 'community' | 'grid' | 'compound', string>> = {},
    within?: { streetId?: string; communityId?: string; gridId?: string },
  ) => {
    const streetId =
      within?.streetId ??
      (await orgCall(admin, 'POST', '/v1/streets', { name: names.street ?? `街道${rand()}` }, 201)).body.id;
    const communityId =
      within?.communityId ??
      (
        await orgCall(
          admin,
          'POST',
          '/v1/communities',
          { streetId, name: names.community ?? `社区${rand()}` },
          201,
        )
      ).body.id;
    const gridId =
      within?.gridId ??
      (await orgCall(admin, 'POST', '/v1/grids', { communityId, name: names.grid ?? `网格${rand()}` }, 201))
        .body.id;
    const compound = (
      await orgCall(admin, 'POST', '/v1/compounds', { gridId, name: names.compound ?? `小区${rand()}` }, 201)
    ).body;
    await synced(admin, compound.id);
    return { streetId, communityId, gridId, compound };
  };

  /** A work unit registered by the tenant admin, and a work-unit-admin token scoped to it. */
  const unit = async (tenantId: string, admin: string, name = `单位${rand()}`) => {
    const u = (
      await call(
        admin,
        'POST',
        '/v1/work-units',
        { name, kind: 'government-agency', partyOrgName: `${name}机关党委` },
        201,
      )
    ).body;
    return { unit: u, admin: tokens.user(tenantId, ['work-unit-admin'], { workUnits: [u.id] }) };
  };

  let phoneSeq = 0;
  const phone = () =>
    `139${String(process.pid % 1000).padStart(3, '0')}${String(phoneSeq++).padStart(5, '0')}`;

  /** A member on a unit's roster; with `user` the member gets an account linked to the record. */
  const member = async (token: string, workUnitId: string, extra: Json = {}) =>
    (
      await call(
        token,
        'POST',
        '/v1/in-service-members',
        { workUnitId, name: `党员${rand()}`, phone: phone(), ...extra },
        201,
      )
    ).body;

  /** Publishes a compound event onto org's stream as org's relay would (for duplicate delivery tests). */
  const publishCompound = async (tenantId: string, state: CompoundState, id?: string) => {
    const env = createEnvelope(compoundCreated, { tenantId, data: state, id });
    await nats.js.publish(compoundCreated.subject(prefix), JSON.stringify(env), { msgID: env.id });
    return env;
  };

  /** Publishes any org event as org's relay would (e.g. Party branches, which org's formation module forms). */
  const publishOrg = async <D extends z.ZodType>(
    def: EventDefinition<string, D>,
    tenantId: string,
    data: z.input<D>,
  ) => {
    const env = createEnvelope(def, { tenantId, data });
    await nats.js.publish(def.subject(prefix), JSON.stringify(env), { msgID: env.id });
    return env;
  };

  /** A compound's state as org would publish it, from the read model's view plus overrides. */
  const compoundState = (c: Json, over: Partial<CompoundState> = {}): CompoundState => ({
    compoundId: c.id,
    name: c.name,
    address: c.address ?? null,
    streetId: c.streetId,
    streetName: c.streetName,
    communityId: c.communityId,
    communityName: c.communityName,
    gridId: c.gridId,
    gridName: c.gridName,
    lat: null,
    lng: null,
    householdCount: null,
    buildingCount: null,
    propertyCompany: null,
    branchId: c.branchId ?? null,
    branchForm: c.branchForm ?? null,
    archived: c.archived ?? false,
    ...over,
  });

  const csv = async (token: string, url: string, body: string) => {
    const res = await dual.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    });
    return { status: res.statusCode, body: res.json() as Json, res: res as unknown as InjectResult };
  };

  return {
    app: dual.app,
    dual,
    org,
    db,
    orgDb,
    prefix,
    tokens,
    nats,
    call,
    orgCall,
    csv,
    tenant,
    territory,
    synced,
    unit,
    member,
    phone,
    rand,
    publishCompound,
    publishOrg,
    compoundState,
    async close() {
      await dual.app.close();
      await org.app.close();
      await dual.shutdown();
      await org.shutdown();
      const nc = await testNats();
      await cleanupPrefix(nc, prefix);
      await nc.close();
      await nats.nc.close();
      await Promise.all([db.drop(), orgDb.drop()]);
    },
  };
}

type Call = <T = Json>(
  token: string,
  method: Method,
  url: string,
  payload?: unknown,
  expected?: number,
) => Promise<Reply<T>>;
type Names = Partial<Record<'street' | 'community' | 'grid' | 'compound', string>>;

export interface TestDual {
  app: Service;
  dual: DualReporting;
  org: Org;
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  orgDb: Awaited<ReturnType<typeof createTestDatabase>>;
  prefix: string;
  tokens: TokenFactory;
  nats: Awaited<ReturnType<typeof connectNats>>;
  /** Calls dual reporting / org with a bearer token; `expected` throws on another status. */
  call: Call;
  orgCall: Call;
  csv(token: string, url: string, body: string): Promise<Reply<Json>>;
  tenant(): { id: string; admin: string };
  territory(
    admin: string,
    names?: Names,
    within?: { streetId?: string; communityId?: string; gridId?: string },
  ): Promise<{ streetId: string; communityId: string; gridId: string; compound: Json }>;
  synced(admin: string, compoundId: string, check?: (c: Json) => boolean): Promise<Json>;
  unit(tenantId: string, admin: string, name?: string): Promise<{ unit: Json; admin: string }>;
  member(token: string, workUnitId: string, extra?: Json): Promise<Json>;
  phone(): string;
  rand(): string;
  publishCompound(tenantId: string, state: CompoundState, id?: string): Promise<{ id: string }>;
  publishOrg<D extends z.ZodType>(
    def: EventDefinition<string, D>,
    tenantId: string,
    data: z.input<D>,
  ): Promise<{ id: string }>;
  compoundState(c: Json, over?: Partial<CompoundState>): CompoundState;
  close(): Promise<void>;
}
