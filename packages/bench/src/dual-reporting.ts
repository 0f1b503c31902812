import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type LoadResult, measure, table } from './lib/autocannon.js';
import { ADMIN_URL, freshDatabase, json, NATS_URL } from './lib/env.js';
import { startNode, waitFor } from './lib/processes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The source's city: 140,000 in-service members across 200 work units, about 1,500 compounds. */
const UNITS = Number(process.env.BENCH_DR_UNITS ?? 200);
const PER_UNIT = Number(process.env.BENCH_DR_PER_UNIT ?? 700);
const STREETS = 6;
const COMMUNITIES_PER_STREET = 25;
const COMPOUNDS_PER_COMMUNITY = 10;
/** Uploads in flight at once (units importing at the same time). */
const IMPORT_CONCURRENCY = Number(process.env.BENCH_DR_IMPORT_CONCURRENCY ?? 2);
const LATENCY_SAMPLES = Number(process.env.BENCH_DR_LATENCY_SAMPLES ?? 200);

const PORTS = { identity: 4911, org: 4912, dual: 4913, uncached: 4914 };
/** The service's heap limit, as its package.json start script sets it (keeps RSS bounded under import churn). */
const DUAL_NODE_FLAGS = ['--max-old-space-size=192'];
const base = (p: number) => `http://127.0.0.1:${p}`;

/** A small deterministic PRNG, so every run imports the same city. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`${key}:\\s+(\\d+) kB`))?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * Issue #4's benchmark. identity, org and dual reporting run from their built code in their own
 * processes on one fresh database (each in its own schema) and one subject prefix. The city's
 * territory is imported into org by CSV and reaches dual reporting over NATS; then 200 units
 * import 700 members each by CSV (every row naming the member's compound, so each also files a
 * report and an outbox event), measuring rows/s and the service's peak RSS; then the statistics
 * endpoints under autocannon; then how long an org change takes to appear in dual reporting's
 * read model.
 */
export async function dualReportingBench(): Promise<string> {
  const dbUrl = await freshDatabase('hf_bench_dual');
  const prefix = `benchdr${Date.now().toString(36)}.`;
  const common = {
    DATABASE_URL: dbUrl,
    NATS_URL,
    SUBJECT_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_TOKEN: '100000000',
    RATE_LIMIT_PER_TENANT: '100000000',
    NODE_ENV: 'production',
    IDENTITY_URL: base(PORTS.identity),
  };
  const admin = { username: 'bench', password: 'Bench-Pass-2026' };
  startNode(
    'identity',
    [`${root}apps/identity/dist/server.js`],
    {
      ...common,
      PORT: String(PORTS.identity),
      PLATFORM_ADMIN_USERNAME: admin.username,
      PLATFORM_ADMIN_PASSWORD: admin.password,
    },
    `${root}apps/identity`,
  );
  await waitFor(`${base(PORTS.identity)}/healthz`);
  // One after the other: they share the database, and each migrates its own schema at start.
  startNode(
    'org',
    [`${root}apps/org/dist/server.js`],
    { ...common, PORT: String(PORTS.org) },
    `${root}apps/org`,
  );
  await waitFor(`${base(PORTS.org)}/healthz`);
  const dual = startNode(
    'dual-reporting',
    [...DUAL_NODE_FLAGS, `${root}apps/dual-reporting/dist/server.js`],
    { ...common, PORT: String(PORTS.dual) },
    `${root}apps/dual-reporting`,
  );
  await waitFor(`${base(PORTS.dual)}/healthz`);
  const pid = dual.pid!;

  const idp = base(PORTS.identity);
  const token = async (body: object) =>
    (
      await json<{ access_token: string }>(`${idp}/v1/auth/token`, {
        method: 'POST',
        body: JSON.stringify(body),
      })
    ).access_token;
  const platform = await token({ grant_type: 'password', ...admin });
  await json(`${idp}/v1/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${platform}` },
    body: JSON.stringify({
      code: '370811',
      name: '基准区',
      city: '济宁市',
      admin: { username: 'admin', displayName: '管理员', password: 'Admin-Pass-1' },
    }),
  });
  const login = (username: string, password: string) =>
    token({ grant_type: 'password', tenant_code: '370811', username, password });
  let tenantAdmin = await login('admin', 'Admin-Pass-1');
  const auth = () => ({ authorization: `Bearer ${tenantAdmin}` });
  const csvPost = async (url: string, body: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'text/csv' },
      body,
    });
    if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${(await res.text()).slice(0, 500)}`);
    return res.json();
  };

  // 1. The city's territory, imported into org; its compound events build dual reporting's read model.
  const compounds: { community: string; name: string }[] = [];
  // org's import wants every column in the header, optional ones left empty.
  const territory = ['街道,社区,网格,小区,地址,纬度,经度,户数,楼栋数,物业公司'];
  for (let s = 1; s <= STREETS; s++)
    for (let c = 1; c <= COMMUNITIES_PER_STREET; c++)
      for (let k = 1; k <= COMPOUNDS_PER_COMMUNITY; k++) {
        const community = `第${s}街道第${c}社区`;
        const name = `${s}-${c}-${k}小区`;
        compounds.push({ community, name });
        territory.push(
          `第${s}街道,${community},第${k <= COMPOUNDS_PER_COMMUNITY / 2 ? 1 : 2}网格,${name},,,,,,`,
        );
      }
  const syncStarted = Date.now();
  await csvPost(`${base(PORTS.org)}/v1/territory/import`, territory.join('\n'));
  const last = compounds[compounds.length - 1];
  for (;;) {
    const page = await json<{ items: unknown[] }>(
      `${base(PORTS.dual)}/v1/compounds?q=${encodeURIComponent(last.name)}`,
      { headers: auth() },
    );
    if (page.items.length) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const syncMs = Date.now() - syncStarted;

  // 2. The work units, registered by the district.
  const units: string[] = [];
  for (let u = 1; u <= UNITS; u++)
    units.push(
      (
        await json<{ id: string }>(`${base(PORTS.dual)}/v1/work-units`, {
          method: 'POST',
          headers: auth(),
          body: JSON.stringify({
            name: `基准单位${u}`,
            kind: u % 3 === 0 ? 'enterprise' : u % 3 === 1 ? 'government-agency' : 'public-institution',
            partyOrgName: `基准单位${u}党委`,
          }),
        })
      ).id,
    );

  // 3. Each unit's roster, one CSV file per unit, every member reported to a compound.
  const rand = prng(4);
  const files = units.map((_, u) => {
    const lines = ['姓名,手机号,性别,党员类别,职务,社区,小区'];
    for (let i = 0; i < PER_UNIT; i++) {
      const c = compounds[Math.floor(rand() * compounds.length)];
      lines.push(
        `党员${u + 1}-${i + 1},13${String(u * 100_000 + i).padStart(9, '0')},${i % 2 ? '男' : '女'},${i % 10 ? '正式' : '预备'},科员,${c.community},${c.name}`,
      );
    }
    return lines.join('\n');
  });
  tenantAdmin = await login('admin', 'Admin-Pass-1');
  const fileMs: number[] = [];
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, rssOf(pid).rss);
  }, 100);
  const importStarted = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IMPORT_CONCURRENCY }, async () => {
      for (let i = next++; i < files.length; i = next++) {
        const t0 = Date.now();
        await csvPost(`${base(PORTS.dual)}/v1/in-service-members/import?workUnitId=${units[i]}`, files[i]);
        fileMs.push(Date.now() - t0);
      }
    }),
  );
  const importMs = Date.now() - importStarted;
  clearInterval(sampler);
  const rows = UNITS * PER_UNIT;
  const rowsPerSec = Math.round(rows / (importMs / 1000));
  peakRss = Math.max(peakRss, rssOf(pid).rss);
  const hwm = rssOf(pid).peak;

  // Let the relay publish the 140,000 "reported" events before measuring reads.
  const owner = new pg.Client({ connectionString: dbUrl });
  await owner.connect();
  const drainStarted = Date.now();
  for (;;) {
    const { rows: r } = await owner.query(
      'select count(*)::int as n from dual_reporting.hf_outbox where published_at is null',
    );
    if (r[0].n === 0) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  const drainMs = Date.now() - drainStarted;
  const members = (
    await owner.query(
      'select count(*)::int as n from dual_reporting.in_service_members where archived_at is null',
    )
  ).rows[0].n;

  // 4. Statistics under load: district-wide (a tenant admin) and one unit's (its own admin).
  tenantAdmin = await login('admin', 'Admin-Pass-1');
  await json(`${idp}/v1/users`, {
    method: 'POST',
    headers: auth(),
    body: JSON.stringify({
      username: 'unit1',
      displayName: '单位管理员',
      password: 'Unit-Pass-1',
      roles: ['work-unit-admin'],
      scope: { workUnits: [units[0]] },
    }),
  });
  const unitAdmin = await login('unit1', 'Unit-Pass-1');
  const statsCases = (port: number, note: string) =>
    [
      [`GET /v1/stats (district-wide overview)${note}`, `${base(port)}/v1/stats`, tenantAdmin],
      [
        `GET /v1/stats/reporting?by=unit (200 units)${note}`,
        `${base(port)}/v1/stats/reporting?by=unit`,
        tenantAdmin,
      ],
      [
        `GET /v1/stats/reporting?by=community (150)${note}`,
        `${base(port)}/v1/stats/reporting?by=community`,
        tenantAdmin,
      ],
      [
        `GET /v1/stats/reporting?by=compound (one unit's admin)${note}`,
        `${base(port)}/v1/stats/reporting?by=compound`,
        unitAdmin,
      ],
    ] as const;
  const loads: LoadResult[] = [];
  for (const [name, url, who] of statsCases(PORTS.dual, ''))
    loads.push(await measure({ name, url, headers: { authorization: `Bearer ${who}` } }));
  // The same questions with the answer cache off: every request runs its SQL (a second instance).
  const uncached = startNode(
    'dual-reporting-uncached',
    [...DUAL_NODE_FLAGS, `${root}apps/dual-reporting/dist/server.js`],
    { ...common, PORT: String(PORTS.uncached), STATS_CACHE_MS: '0' },
    `${root}apps/dual-reporting`,
  );
  await waitFor(`${base(PORTS.uncached)}/healthz`);
  const rawLoads: LoadResult[] = [];
  for (const [name, url, who] of statsCases(PORTS.uncached, ', cache off'))
    rawLoads.push(await measure({ name, url, headers: { authorization: `Bearer ${who}` } }));
  uncached.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 2000));

  // 5. An org change, from org's committed reply to its appearance in dual reporting's read model.
  const orgCompounds = await json<{ items: { id: string }[] }>(`${base(PORTS.org)}/v1/compounds?limit=100`, {
    headers: auth(),
  });
  const lags: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const id = orgCompounds.items[i % orgCompounds.items.length].id;
    const address = `基准路${i}号`;
    const res = await fetch(`${base(PORTS.org)}/v1/compounds/${id}`, {
      method: 'PATCH',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ address }),
    });
    if (!res.ok) throw new Error(`PATCH compound: ${res.status} ${await res.text()}`);
    const committed = performance.now();
    for (;;) {
      const c = await json<{ address: string | null }>(`${base(PORTS.dual)}/v1/compounds/${id}`, {
        headers: auth(),
      });
      if (c.address === address) break;
    }
    lags.push(performance.now() - committed);
  }
  await owner.end();

  const ok = (v: boolean) => (v ? 'met' : 'NOT MET');
  const statsP99 = Math.max(...loads.map((l) => l.p99));
  const rawP99 = Math.max(...rawLoads.map((l) => l.p99));
  const lagP99 = percentile(lags, 99);
  return [
    '### Dual reporting (issue #4)',
    '',
    `City: ${STREETS * COMMUNITIES_PER_STREET * COMPOUNDS_PER_COMMUNITY} compounds (org CSV import → ${syncMs} ms until the last was in dual reporting's read model), ${UNITS} work units, ${rows} in-service members.`,
    '',
    '| import | value |',
    '|---|---:|',
    `| rows (one file of ${PER_UNIT} per unit, ${IMPORT_CONCURRENCY} uploads at a time) | ${rows} (${members} on rosters after) |`,
    `| wall time | ${(importMs / 1000).toFixed(1)} s |`,
    `| rows/s | ${rowsPerSec} |`,
    `| per file p50 / p99 | ${percentile(fileMs, 50)} / ${percentile(fileMs, 99)} ms |`,
    `| service RSS peak during import (sampled every 100 ms) / process VmHWM | ${peakRss.toFixed(0)} / ${hwm.toFixed(0)} MB |`,
    `| outbox drained (${rows} reported events) after | ${(drainMs / 1000).toFixed(1)} s |`,
    '',
    table([...loads, ...rawLoads]),
    '',
    `org event → dual reporting read model (${LATENCY_SAMPLES} compound edits): p50 ${percentile(lags, 50).toFixed(1)} ms, p99 ${lagP99.toFixed(1)} ms, max ${Math.max(...lags).toFixed(1)} ms`,
    '',
    `import ≥ 2,000 rows/s: ${rowsPerSec} ${ok(rowsPerSec >= 2000)}; RSS ≤ 300 MB: ${hwm.toFixed(0)} ${ok(hwm <= 300)}; stats p99 ≤ 100 ms: ${statsP99} ${ok(statsP99 <= 100)} (cache off: ${rawP99} ${ok(rawP99 <= 100)}); event visible p99 ≤ 100 ms: ${lagP99.toFixed(1)} ${ok(lagP99 <= 100)}`,
    `(database ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}, 20 connections, 3 s warm-up + 10 s per stats case; load average at the end ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`,
  ].join('\n');
}
