import type { InjectResult, TestOrg } from './org.js';

/** A compound as the API returns it (the fields tests read). */
export interface Compound {
  id: string;
  name: string;
  streetId: string;
  communityId: string;
  gridId: string;
}

let phoneSeq = 0;
/** A mainland mobile number no other test in this worker uses. */
export const nextPhone = () =>
  `139${String(process.pid % 10_000).padStart(4, '0')}${String(++phoneSeq).padStart(4, '0')}`;

/** A valid registration body for a compound; override any field. */
export function memberBody(compoundId: string, over: Record<string, unknown> = {}) {
  return {
    name: '张三',
    gender: 'male',
    birthYear: 1970,
    phone: nextPhone(),
    compoundId,
    status: 'full',
    management: 'self',
    isHomeowner: false,
    joinedOn: '1995-07-01',
    ...over,
  };
}

/** Registers a member through the API (201 expected). */
export async function registerMember(
  t: TestOrg,
  token: string,
  compoundId: string,
  over: Record<string, unknown> = {},
) {
  return (await t.call(token, 'POST', '/v1/members', memberBody(compoundId, over), 201)).body;
}

/** A building and a household in a compound. */
export async function flat(t: TestOrg, admin: string, compoundId: string, building = '1号楼', room = '101') {
  const b = (await t.call(admin, 'POST', '/v1/buildings', { compoundId, name: building }, 201)).body;
  const h = (await t.call(admin, 'POST', '/v1/households', { buildingId: b.id, room }, 201)).body;
  return { building: b, household: h };
}

/** Posts a CSV file to the member import. */
export async function importCsv(t: TestOrg, token: string, csv: string): Promise<InjectResult> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/members/import',
    payload: csv,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
  });
  return res as unknown as InjectResult;
}

/** Records every rosterChanged call (formation's hook) until `stop()`. */
export function spyRosterChanged(t: TestOrg) {
  const calls: Array<{ tenantId: string; compoundIds: string[] }> = [];
  const original = t.org.deps.rosterChanged;
  t.org.deps.rosterChanged = async (em, tenantId, compoundIds) => {
    calls.push({ tenantId, compoundIds: [...compoundIds].sort() });
    return original(em, tenantId, compoundIds);
  };
  return {
    calls,
    stop() {
      t.org.deps.rosterChanged = original;
    },
  };
}

/** Collects the envelopes published on one org member subject while `fn` runs (waits for `count`). */
export async function collectEvents(
  t: TestOrg,
  event: 'registered' | 'changed' | 'moved',
  count: number,
  fn: () => Promise<unknown>,
  match: (env: { tenantId: string; data: Record<string, unknown> }) => boolean = () => true,
) {
  const sub = t.nats.nc.subscribe(`${t.prefix}hf.org.member.${event}`);
  const got: Array<{ tenantId: string; correlationId: string | null; data: Record<string, unknown> }> = [];
  const done = (async () => {
    for await (const m of sub) {
      const env = m.json<{ tenantId: string; correlationId: string | null; data: Record<string, unknown> }>();
      if (!match(env)) continue;
      got.push(env);
      if (got.length >= count) break;
    }
  })();
  await fn();
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000));
  await Promise.race([done, timeout]);
  sub.unsubscribe();
  return got;
}

/**
 * Builds streets, communities, grids and compounds from [street, community, compound] names (one
 * grid per community) through the territory import; returns the compounds by name.
 */
export async function places(t: TestOrg, admin: string, names: string[][]) {
  // The territory import wants every one of its columns in the header, even empty ones.
  const csv = [
    '街道,社区,网格,小区,地址,纬度,经度,户数,楼栋数,物业公司',
    ...names.map(([s, c, p]) => `${s},${c},${c}一网格,${p},,,,,,`),
  ].join('\n');
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/territory/import',
    payload: csv,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
  });
  if (res.statusCode !== 201) throw new Error(`territory import → ${res.statusCode}: ${res.body}`);
  const byName = new Map<string, Compound>();
  let cursor: string | null = null;
  do {
    const page: { items: Compound[]; nextCursor: string | null } = (
      await t.call(
        admin,
        'GET',
        `/v1/compounds?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        200,
      )
    ).body as never;
    for (const c of page.items) byName.set(c.name, c);
    cursor = page.nextCursor;
  } while (cursor);
  return byName;
}
