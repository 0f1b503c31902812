import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { coverageFiguresQuery } from '../../../apps/org/src/modules/coverage/coverage.sql.js';
import { type LoadResult, measure, table } from './lib/autocannon.js';
import { freshDatabase, NATS_URL } from './lib/env.js';
import { identityStub } from './lib/identity-stub.js';
import { startNode, waitFor } from './lib/processes.js';
import { peakRss } from './lib/rss.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const STREETS = 8;
const COMMUNITIES_PER_STREET = 10;
const GRIDS_PER_COMMUNITY = 4;
const COMPOUNDS = 1600;
const MEMBERS = 11_000;

/**
 * Issue #3's benchmark: import 10,000 members from one CSV (rows/s, peak RSS of the org process),
 * then the coverage report for a district of 1,600 compounds and 11,000 members under load,
 * beside the raw SQL of the same report.
 */
export async function orgBench(): Promise<string> {
  const dbUrl = await freshDatabase('hf_bench_org');
  const stub = await identityStub(4951);
  const port = 4952;
  const prefix = `bench${Date.now().toString(36)}.`;
  const startOrg = (cacheMs: number) =>
    startNode(
      'org',
      [`${root}apps/org/dist/server.js`],
      {
        PORT: String(port),
        DATABASE_URL: dbUrl,
        NATS_URL,
        SUBJECT_PREFIX: prefix,
        IDENTITY_URL: stub.url,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_TOKEN: '100000000',
        RATE_LIMIT_PER_TENANT: '100000000',
        COVERAGE_CACHE_MS: String(cacheMs),
        NODE_ENV: 'production',
      },
      `${root}apps/org`,
    );
  let child = startOrg(2000);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`);
  const tenantId = crypto.randomUUID();
  const admin = stub.token(tenantId, ['tenant-admin']);
  const auth = { authorization: `Bearer ${admin}` };
  const post = async (path: string, body: string, type = 'text/csv') => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': type },
      body,
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 500)}`);
    return res.json() as Promise<Record<string, unknown>>;
  };

  // The district: 8 streets × 10 communities × 4 grids, 1,600 compounds.
  const compounds: Array<[string, string, string, string]> = [];
  for (let i = 0; i < COMPOUNDS; i++) {
    const s = i % STREETS;
    const c = Math.floor(i / STREETS) % COMMUNITIES_PER_STREET;
    const g = Math.floor(i / (STREETS * COMMUNITIES_PER_STREET)) % GRIDS_PER_COMMUNITY;
    compounds.push([`街道${s}`, `社区${s}-${c}`, `网格${g}`, `小区${i}`]);
  }
  await post(
    '/v1/territory/import',
    ['街道,社区,网格,小区', ...compounds.map((r) => r.join(','))].join('\n'),
  );

  const memberRows = (n: number, offset: number) => {
    const lines = [
      '姓名,性别,出生年份,手机号,街道,社区,小区,党员类别,管理方式,组织关系所在单位,是否业主,入党日期',
    ];
    for (let i = 0; i < n; i++) {
      const [street, community, , compound] = compounds[(i * 7 + offset) % COMPOUNDS];
      const self = i % 5 !== 0;
      lines.push(
        [
          `党员${offset + i}`,
          i % 2 ? '男' : '女',
          1950 + (i % 50),
          `13${String(100000000 + offset + i).slice(-9)}`,
          street,
          community,
          compound,
          i % 9 === 0 ? '预备' : '正式',
          self ? '自管' : '非自管',
          self ? '' : '济宁市第一中学',
          i % 3 ? '是' : '否',
          '2005-07-01',
        ].join(','),
      );
    }
    return lines.join('\n');
  };

  // (1) 10,000 members from one file.
  const csv = memberRows(10_000, 0);
  const started = performance.now();
  const { peakMb } = await peakRss(child.pid!, () => post('/v1/members/import', csv));
  const seconds = (performance.now() - started) / 1000;
  const rowsPerSec = Math.round(10_000 / seconds);
  // The rest of the 11,000, then branches for every compound per the rule.
  await post('/v1/members/import', memberRows(MEMBERS - 10_000, 10_000));
  const list = async (path: string) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await fetch(
        `${base}${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { headers: auth },
      );
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      ids.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    return ids;
  };
  // Branches hang under community Party committees, which hang under street working committees.
  for (const streetId of await list('/v1/streets'))
    await post('/v1/party-orgs', JSON.stringify({ level: 'street-committee', streetId }), 'application/json');
  for (const communityId of await list('/v1/communities'))
    await post(
      '/v1/party-orgs',
      JSON.stringify({ level: 'community-committee', communityId }),
      'application/json',
    );
  const compoundIds = await list('/v1/compounds');
  let applied = 0;
  for (const id of compoundIds.slice(0, Math.floor(COMPOUNDS * 0.98))) {
    const res = await fetch(`${base}/v1/formation/compounds/${id}/apply`, { method: 'POST', headers: auth });
    if (res.ok) applied++;
  }

  // One request first: a failure here says more than autocannon's error count.
  const probe = await fetch(`${base}/v1/coverage`, { headers: auth });
  if (!probe.ok) throw new Error(`coverage: ${probe.status} ${(await probe.text()).slice(0, 300)}`);
  const rows: LoadResult[] = [];
  const cov = (name: string, query = '') =>
    measure({ name, url: `${base}/v1/coverage${query}`, headers: auth });
  rows.push(await cov('GET /v1/coverage (district), 2 s answer cache'));
  rows.push(await cov('GET /v1/coverage?level=street, 2 s answer cache', '?level=street'));
  // The same without the cache: every request runs both queries.
  await stopChild(child);
  child = startOrg(0);
  await waitFor(`${base}/healthz`);
  rows.push(await cov('GET /v1/coverage (district), no cache'));
  await stopChild(child);
  await stub.close();
  rows.push(await rawCoverage(dbUrl, tenantId));
  return [
    '### Organisation (issue #3)',
    '',
    `Member import: 10,000 rows in ${seconds.toFixed(2)} s = **${rowsPerSec} rows/s** (target ≥ 2,000), org process peak RSS ${peakMb} MB.`,
    `Coverage for ${COMPOUNDS} compounds and ${MEMBERS} members (${applied} compounds given a branch by the rule):`,
    '',
    table(rows),
    '',
    `Target p99 ≤ 100 ms (API rows): ${rows.slice(0, 3).every((r) => r.p99 <= 100) ? 'met' : 'NOT MET'}.`,
  ].join('\n');
}

function stopChild(child: ReturnType<typeof startNode>): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * The raw SQL of the same report: org's own coverage query, run with pg as the app role in a
 * tenant transaction, by 20 concurrent loops for 10 s (after a 3 s warm-up), without HTTP.
 */
async function rawCoverage(dbUrl: string, tenantId: string): Promise<LoadResult> {
  const url = new URL(dbUrl);
  url.username = 'hongfan_app';
  url.password = 'hongfan-app-dev';
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  const { sql, params } = coverageFiguresQuery(tenantId, {}, 'street');
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  const once = async () => {
    const c = await pool.connect();
    try {
      await c.query('begin');
      await c.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      await c.query(text, params);
      await c.query('commit');
    } finally {
      c.release();
    }
  };
  const run = async (seconds: number) => {
    const times: number[] = [];
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (Date.now() < until) {
          const t = performance.now();
          await once();
          times.push(performance.now() - t);
        }
      }),
    );
    return times.sort((a, b) => a - b);
  };
  await run(3);
  const times = await run(10);
  await pool.end();
  const q = (p: number) =>
    Math.round(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]);
  return {
    name: 'raw SQL of the same report (pg, app role, 20 loops)',
    rps: Math.round(times.length / 10),
    p50: q(50),
    p99: q(99),
    errors: 0,
    non2xx: 0,
  };
}
