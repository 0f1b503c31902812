import { fileURLToPath } from 'node:url';
import { type LoadResult, measure, table } from './lib/autocannon.js';
import { ADMIN_URL, freshDatabase, json, NATS_URL } from './lib/env.js';
import { startNode, waitFor } from './lib/processes.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const tsx = ['--conditions=@hongfan/source', '--import', 'tsx'];

/**
 * Issue #2's benchmark: (a) bare Fastify, (b) an authenticated identity route with no database
 * work, (c) an authenticated tenant-scoped read through MikroORM under RLS, (d) raw Fastify + pg
 * with the same SQL. Each server runs in its own process, from built code where we have it.
 */
export async function foundationBench(): Promise<string> {
  const dbUrl = await freshDatabase('hf_bench_identity');
  const prefix = `bench${Date.now().toString(36)}.`;
  const admin = { username: 'bench', password: 'Bench-Pass-2026' };
  startNode(
    'identity',
    [`${root}apps/identity/dist/server.js`],
    {
      PORT: '4901',
      DATABASE_URL: dbUrl,
      NATS_URL,
      SUBJECT_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      PLATFORM_ADMIN_USERNAME: admin.username,
      PLATFORM_ADMIN_PASSWORD: admin.password,
      RATE_LIMIT_PER_TOKEN: '100000000',
      RATE_LIMIT_PER_TENANT: '100000000',
      NODE_ENV: 'production',
    },
    `${root}apps/identity`,
  );
  startNode('hello', [...tsx, here('./servers/hello.ts')], { PORT: '4902' });
  await waitFor('http://127.0.0.1:4901/healthz');
  await waitFor('http://127.0.0.1:4902/hello');

  const base = 'http://127.0.0.1:4901';
  const token = (body: object) =>
    json<{ access_token: string }>(`${base}/v1/auth/token`, { method: 'POST', body: JSON.stringify(body) });
  const platform = (await token({ grant_type: 'password', ...admin })).access_token;
  const tenant = await json<{ id: string }>(`${base}/v1/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${platform}` },
    body: JSON.stringify({
      code: '370899',
      name: '基准区',
      city: '济宁市',
      admin: { username: 'admin', displayName: '管理员', password: 'Admin-Pass-1' },
    }),
  });
  const tenantAdmin = (
    await token({
      grant_type: 'password',
      tenant_code: '370899',
      username: 'admin',
      password: 'Admin-Pass-1',
    })
  ).access_token;
  const me = await json<{ id: string }>(`${base}/v1/me`, {
    headers: { authorization: `Bearer ${tenantAdmin}` },
  });

  const appUrl = new URL(dbUrl);
  appUrl.username = 'hongfan_app';
  appUrl.password = 'hongfan-app-dev';
  startNode('raw-pg', [...tsx, here('./servers/raw-pg.ts')], {
    PORT: '4903',
    APP_DATABASE_URL: appUrl.toString(),
  });
  await waitFor(`http://127.0.0.1:4903/raw/${tenant.id}/users/${me.id}`);

  const rows: LoadResult[] = [];
  rows.push(await measure({ name: '(a) bare fastify hello', url: 'http://127.0.0.1:4902/hello' }));
  rows.push(
    await measure({
      name: '(b) identity GET /v1/me (JWT, no DB)',
      url: `${base}/v1/me`,
      headers: { authorization: `Bearer ${platform}` },
    }),
  );
  rows.push(
    await measure({
      name: '(c) identity GET /v1/users/:id (JWT, MikroORM readRow, RLS)',
      url: `${base}/v1/users/${me.id}`,
      headers: { authorization: `Bearer ${tenantAdmin}` },
    }),
  );
  rows.push(
    await measure({
      name: '(d) raw fastify + pg, same SQL',
      url: `http://127.0.0.1:4903/raw/${tenant.id}/users/${me.id}`,
    }),
  );
  const [a, b, c, d] = rows;
  const ba = b.rps / a.rps;
  const cd = c.rps / d.rps;
  return [
    '### Foundation (issue #2)',
    '',
    table(rows),
    '',
    `b/a = ${ba.toFixed(2)} (target ≥ 0.6) ${ba >= 0.6 ? 'met' : 'NOT MET'}; c/d = ${cd.toFixed(2)} (target ≥ 0.5) ${cd >= 0.5 ? 'met' : 'NOT MET'}`,
    `(database ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}, 20 connections, 3 s warm-up + 10 s per case)`,
  ].join('\n');
}
