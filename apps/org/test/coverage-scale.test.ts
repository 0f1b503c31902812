import { withTenant } from '@hongfan/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageFigures, uncoveredCompounds } from '../src/modules/coverage/coverage.sql.js';
import { reevaluate } from '../src/modules/formation/formation.service.js';
import { ownerQuery } from './helpers/formation.js';
import { startTestOrg, type TestOrg } from './helpers/org.js';

/*
 * The coverage report at the scale of the source's city district: 1,600 compounds, 11,000 members,
 * ~98% covered. Generated straight into the database (twice: a second tenant of the same size, so
 * the tenant predicate has to do real work), then timed through the whole HTTP stack (auth,
 * transaction with RLS, two aggregate queries, serialisation). Times are printed, never asserted;
 * the figures are asserted against the generator's own counts.
 */

let t: TestOrg;
beforeAll(async () => {
  t = await startTestOrg();
});
afterAll(() => t.close());

const STREETS = 8;
const COMMUNITIES = 10; // per street
const GRIDS = 4; // per community
const COMPOUNDS = 5; // per grid → 1,600
const MEMBERS = 11_000;

interface Generated {
  compounds: number;
  covered: number;
  own: number;
  jointBranches: number;
  members: number;
  managed: number;
  streetIds: string[];
  communityIds: string[];
}

/** One district: territory, members spread unevenly, own branches where the rule says so, joint ones elsewhere. */
async function generate(tenantId: string): Promise<Generated> {
  const uuid = () => crypto.randomUUID();
  const streets: string[][] = [];
  const communities: string[][] = [];
  const grids: string[][] = [];
  const compounds: Array<{ id: string; s: string; c: string; g: string; name: string }> = [];
  for (let s = 0; s < STREETS; s++) {
    const sid = uuid();
    streets.push([sid, `街道${s + 1}`]);
    for (let c = 0; c < COMMUNITIES; c++) {
      const cid = uuid();
      communities.push([cid, sid, `社区${s + 1}-${c + 1}`]);
      for (let g = 0; g < GRIDS; g++) {
        const gid = uuid();
        grids.push([gid, sid, cid, `网格${g + 1}`]);
        for (let p = 0; p < COMPOUNDS; p++)
          compounds.push({
            id: uuid(),
            s: sid,
            c: cid,
            g: gid,
            name: `小区${s + 1}-${c + 1}-${g + 1}-${p + 1}`,
          });
      }
    }
  }
  // Members: skewed so some compounds have many, some none; a quarter probationary or non-self-managed.
  const members: Array<{ id: string; p: (typeof compounds)[number]; status: string; management: string }> =
    [];
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < MEMBERS; i++) {
    const p = compounds[Math.floor(rnd() ** 1.6 * compounds.length)];
    members.push({
      id: uuid(),
      p: p as (typeof compounds)[number],
      status: i % 7 === 0 ? 'probationary' : 'full',
      management: i % 5 === 0 ? 'non-self' : 'self',
    });
  }
  const selfFull = new Map<string, number>();
  const total = new Map<string, number>();
  for (const m of members) {
    total.set(m.p.id, (total.get(m.p.id) ?? 0) + 1);
    if (m.status === 'full' && m.management === 'self') selfFull.set(m.p.id, (selfFull.get(m.p.id) ?? 0) + 1);
  }
  // Branches: every 50th compound uncovered (98% coverage); ≥3 self full → own, else the grid's joint branch.
  const orgs: string[][] = [];
  const jointOf = new Map<string, string>();
  const branchOf = new Map<string, [string, string]>();
  compounds.forEach((p, i) => {
    if (i % 50 === 0) return;
    if ((selfFull.get(p.id) ?? 0) >= 3) {
      const id = uuid();
      orgs.push([id, 'compound-branch', `${p.name}党支部`, p.s, p.c, p.g, p.id]);
      branchOf.set(p.id, [id, 'own-branch']);
    } else {
      let id = jointOf.get(p.g);
      if (!id) {
        id = uuid();
        jointOf.set(p.g, id);
        orgs.push([id, 'grid-branch', `${p.g}联合党支部`, p.s, p.c, p.g, '']);
      }
      branchOf.set(p.id, [id, 'joint-branch']);
    }
  });

  const col = <T>(rows: T[][], i: number) => rows.map((r) => r[i]);
  await ownerQuery(
    t,
    `insert into org.streets (id, tenant_id, name) select u.id, $1, u.name from unnest($2::uuid[], $3::text[]) u(id, name)`,
    [tenantId, col(streets, 0), col(streets, 1)],
  );
  await ownerQuery(
    t,
    `insert into org.communities (id, tenant_id, street_id, name)
     select u.id, $1, u.s, u.name from unnest($2::uuid[], $3::uuid[], $4::text[]) u(id, s, name)`,
    [tenantId, col(communities, 0), col(communities, 1), col(communities, 2)],
  );
  await ownerQuery(
    t,
    `insert into org.grids (id, tenant_id, street_id, community_id, name)
     select u.id, $1, u.s, u.c, u.name from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) u(id, s, c, name)`,
    [tenantId, col(grids, 0), col(grids, 1), col(grids, 2), col(grids, 3)],
  );
  await ownerQuery(
    t,
    `insert into org.compounds (id, tenant_id, street_id, community_id, grid_id, name)
     select u.id, $1, u.s, u.c, u.g, u.name from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[]) u(id, s, c, g, name)`,
    [
      tenantId,
      compounds.map((p) => p.id),
      compounds.map((p) => p.s),
      compounds.map((p) => p.c),
      compounds.map((p) => p.g),
      compounds.map((p) => p.name),
    ],
  );
  await ownerQuery(
    t,
    `insert into org.party_orgs (id, tenant_id, level, name, street_id, community_id, grid_id, compound_id)
     select u.id, $1, u.level, u.name, u.s, u.c, u.g, nullif(u.p, '')::uuid
       from unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[]) u(id, level, name, s, c, g, p)`,
    [
      tenantId,
      col(orgs, 0),
      col(orgs, 1),
      col(orgs, 2),
      col(orgs, 3),
      col(orgs, 4),
      col(orgs, 5),
      col(orgs, 6),
    ],
  );
  const covered = [...branchOf.entries()];
  await ownerQuery(
    t,
    `update org.compounds c set branch_id = u.b, branch_form = u.f
       from unnest($1::uuid[], $2::uuid[], $3::text[]) u(id, b, f) where c.id = u.id`,
    [covered.map(([id]) => id), covered.map(([, [b]]) => b), covered.map(([, [, f]]) => f)],
  );
  await ownerQuery(
    t,
    `insert into org.members (id, tenant_id, street_id, community_id, grid_id, compound_id, name, gender, birth_year,
                              phone, status, management, joined_on)
     select u.id, $1, u.s, u.c, u.g, u.p, '党员', 'male', 1970, '1' || lpad(u.n::text, 10, '0'), u.status, u.management, '2000-01-01'
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::text[], $9::text[])
            u(id, s, c, g, p, n, status, management)`,
    [
      tenantId,
      members.map((m) => m.id),
      members.map((m) => m.p.s),
      members.map((m) => m.p.c),
      members.map((m) => m.p.g),
      members.map((m) => m.p.id),
      members.map((_, i) => i),
      members.map((m) => m.status),
      members.map((m) => m.management),
    ],
  );
  // Written past the API, so do what the roster listener does after a roster change: keep counts.
  await withTenant(t.org.deps.orm, tenantId, (em) => reevaluate(em, tenantId, null, '党员名册变更'));
  return {
    compounds: compounds.length,
    covered: covered.length,
    own: covered.filter(([, [, f]]) => f === 'own-branch').length,
    jointBranches: jointOf.size,
    members: members.length,
    managed: members.filter((m) => branchOf.has(m.p.id)).length,
    streetIds: col(streets, 0) as string[],
    communityIds: col(communities, 0) as string[],
  };
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
  return {
    n: s.length,
    p50: q(50).toFixed(1),
    p95: q(95).toFixed(1),
    p99: q(99).toFixed(1),
    max: q(100).toFixed(1),
  };
}

async function timeRequests(token: string, url: string, n: number, concurrency: number) {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const start = performance.now();
      const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      times.push(performance.now() - start);
      if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode}: ${res.body}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats(times);
}

describe('coverage at district scale (1,600 compounds, 11,000 members)', () => {
  it('reports the generated figures; prints its latency', { timeout: 180_000 }, async () => {
    const { id: tenantId, admin } = t.tenant();
    const started = performance.now();
    const g = await generate(tenantId);
    await generate(t.tenant().id);
    await ownerQuery(t, 'vacuum analyze org.members');
    await ownerQuery(t, 'vacuum analyze org.compounds');
    await ownerQuery(t, 'analyze org.party_orgs');
    const generatedIn = performance.now() - started;

    const district = (await t.call(admin, 'GET', '/v1/coverage', undefined, 200)).body;
    expect(district.totals).toEqual({
      compounds: g.compounds,
      coveredCompounds: g.covered,
      uncoveredCompounds: g.compounds - g.covered,
      coveragePercent: Math.round((g.covered * 1000) / g.compounds) / 10,
      ownBranches: g.own,
      jointBranches: g.jointBranches,
      jointBranchCompounds: g.covered - g.own,
      members: g.members,
      membersUnderManagement: g.managed,
    });
    expect(district.breakdown).toHaveLength(STREETS);
    expect(district.uncovered).toMatchObject({ total: 32, limit: 50 });
    expect(district.uncovered.items).toHaveLength(32);

    const results: Record<string, ReturnType<typeof stats>> = {};
    const cases: Array<[string, string, number, number]> = [
      ['baseline: GET /v1/settings, 10 concurrent', '/v1/settings', 200, 10],
      ['district, sequential', '/v1/coverage', 200, 1],
      ['district, 10 concurrent', '/v1/coverage', 300, 10],
      ['district by community (80 rows), 10 concurrent', '/v1/coverage?groupBy=community', 100, 10],
      ['street, 10 concurrent', `/v1/coverage?streetId=${g.streetIds[3]}`, 100, 10],
      ['community, 10 concurrent', `/v1/coverage?communityId=${g.communityIds[17]}`, 100, 10],
      ['formation list page of 50, sequential', '/v1/formation?limit=50', 50, 1],
      ['formation list page of 50, 10 concurrent', '/v1/formation?limit=50', 100, 10],
    ];
    await timeRequests(admin, '/v1/coverage', 20, 1); // warm-up
    for (const [name, url, n, concurrency] of cases)
      results[name] = await timeRequests(admin, url, n, concurrency);
    // The two coverage queries alone, in a tenant transaction.
    const sqlTimes: number[] = [];
    for (let i = 0; i < 100; i++)
      await withTenant(t.org.deps.orm, tenantId, async (em) => {
        const start = performance.now();
        await coverageFigures(em, tenantId, {}, 'street');
        await uncoveredCompounds(em, tenantId, {}, 50);
        sqlTimes.push(performance.now() - start);
      });
    results['coverage SQL only (2 queries), sequential'] = stats(sqlTimes);

    // The settings listener's work: every compound of the tenant re-judged in one statement.
    const reevalStart = performance.now();
    const changed = await withTenant(t.org.deps.orm, tenantId, (em) =>
      reevaluate(em, tenantId, null, '区县设置变更'),
    );
    const reevalMs = performance.now() - reevalStart;

    const sql = await ownerQuery(
      t,
      `explain (analyze, format text) select compound_id, count(*) from org.members
        where tenant_id = $1 and archived_at is null group by compound_id`,
      [tenantId],
    );
    console.log(
      [
        `coverage at scale: generated 2 × (${g.compounds} compounds, ${g.members} members) in ${generatedIn.toFixed(0)} ms`,
        'case | n | p50 ms | p95 ms | p99 ms | max ms',
        '--- | --- | --- | --- | --- | ---',
        ...Object.entries(results).map(
          ([k, s]) => `${k} | ${s.n} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max}`,
        ),
        `re-evaluate all ${g.compounds} compounds (one statement): ${reevalMs.toFixed(1)} ms, ${changed.length} flags changed`,
        `member aggregate plan: ${sql.map((r) => r['QUERY PLAN']).join(' / ')}`,
      ].join('\n'),
    );
    expect(changed).toEqual([]);
  });
});
