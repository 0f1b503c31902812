import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGateway } from '../src/app.js';

/** An upstream that echoes what reached it, so tests can see what the gateway forwarded. */
async function startAlpha(): Promise<FastifyInstance> {
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/docs/json', async () => ({
    openapi: '3.0.3',
    info: { title: 'alpha', version: '1' },
    servers: [{ url: `http://127.0.0.1:${port(app)}` }],
    paths: { '/v1/items': { get: { responses: { 200: { description: 'ok' } } } } },
  }));
  app.get('/docs/', async (_req, reply) => reply.type('text/html').send('<html>swagger ui of alpha</html>'));
  app.get('/moved', async (_req, reply) => reply.redirect('/v1/elsewhere'));
  app.get('/v1/teapot', async (_req, reply) =>
    reply.code(418).header('x-upstream', 'alpha').send({ short: 'and stout' }),
  );
  app.all('/v1/*', async (req, reply) => {
    const status = Number((req.query as { status?: string }).status ?? 200);
    return reply
      .code(status)
      .send({ method: req.method, url: req.url, headers: req.headers, body: req.body ?? null });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

async function startBeta(): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/healthz', async () => ({ status: 'ok', service: 'beta' }));
  app.get('/v1/slow', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    return { late: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

function port(app: FastifyInstance): number {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

/** A port nothing listens on: bind one, then let it go. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function expectProblem(
  res: { headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

describe('gateway', () => {
  let alpha: FastifyInstance;
  let beta: FastifyInstance;
  let gateway: FastifyInstance;

  beforeAll(async () => {
    alpha = await startAlpha();
    beta = await startBeta();
    gateway = buildGateway({
      services: {
        alpha: `http://127.0.0.1:${port(alpha)}`,
        beta: `http://127.0.0.1:${port(beta)}/`,
        gamma: `http://127.0.0.1:${await deadPort()}`,
      },
      logger: false,
      upstreamTimeoutMs: 500,
    });
    await gateway.ready();
  });

  afterAll(async () => {
    await gateway?.close();
    await alpha?.close();
    await beta?.close();
  });

  it('answers its own health check', async () => {
    const res = await gateway.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', service: 'gateway' });
  });

  it('proxies method, path, query, headers and body with the prefix stripped', async () => {
    const res = await gateway.inject({
      method: 'POST',
      url: '/api/alpha/v1/items?x=1&status=201',
      headers: { authorization: 'Bearer abc', 'x-request-id': 'req-123', 'content-type': 'application/json' },
      payload: { name: '红帆', n: 1 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-123');
    const seen = res.json();
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/items?x=1&status=201');
    expect(seen.headers.authorization).toBe('Bearer abc');
    expect(seen.headers['x-request-id']).toBe('req-123');
    expect(seen.headers['x-forwarded-prefix']).toBe('/api/alpha');
    expect(JSON.parse(seen.body)).toEqual({ name: '红帆', n: 1 });
  });

  it('proxies other methods and non-JSON bodies, and gives every request an id', async () => {
    const put = await gateway.inject({
      method: 'PUT',
      url: '/api/alpha/v1/items/7',
      headers: { 'content-type': 'text/plain' },
      payload: 'plain text',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ method: 'PUT', url: '/v1/items/7', body: 'plain text' });
    const id = put.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(put.json().headers['x-request-id']).toBe(id);

    const del = await gateway.inject({ method: 'DELETE', url: '/api/alpha/v1/items/7?status=204' });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
  });

  it('replaces a request id that is not a plain token', async () => {
    const res = await gateway.inject({
      method: 'GET',
      url: '/api/alpha/v1/items',
      headers: { 'x-request-id': 'evil id {"level":60}' },
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json().headers['x-request-id']).toBe(res.headers['x-request-id']);
  });

  it("passes the upstream's status, headers and body through", async () => {
    const res = await gateway.inject({ method: 'GET', url: '/api/alpha/v1/teapot' });
    expect(res.statusCode).toBe(418);
    expect(res.headers['x-upstream']).toBe('alpha');
    expect(res.json()).toEqual({ short: 'and stout' });
  });

  it('rewrites redirects to stay under the service prefix', async () => {
    const res = await gateway.inject({ method: 'GET', url: '/api/alpha/moved' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/api/alpha/v1/elsewhere');
  });

  it("serves a service's OpenAPI with servers pointing at the gateway", async () => {
    const res = await gateway.inject({ method: 'GET', url: '/api/alpha/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.servers).toEqual([{ url: '/api/alpha' }]);
    expect(doc.info.title).toBe('alpha');
    expect(Object.keys(doc.paths)).toEqual(['/v1/items']);
  });

  it("sends /api/<svc>/docs to the service's Swagger UI with a trailing slash", async () => {
    const redirect = await gateway.inject({ method: 'GET', url: '/api/alpha/docs' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/api/alpha/docs/');
    const ui = await gateway.inject({ method: 'GET', url: '/api/alpha/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger ui of alpha');
  });

  it('lists every service at /docs and /docs/json', async () => {
    const json = await gateway.inject({ method: 'GET', url: '/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.json().services.map((s: { name: string }) => s.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(json.json().services[0]).toEqual({
      name: 'alpha',
      docs: '/api/alpha/docs/',
      openapi: '/api/alpha/docs/json',
      health: '/api/alpha/healthz',
    });

    const html = await gateway.inject({ method: 'GET', url: '/docs' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    for (const name of ['alpha', 'beta', 'gamma']) expect(html.body).toContain(`href="/api/${name}/docs/"`);
  });

  it('strips a base URL given with a trailing slash', async () => {
    const res = await gateway.inject({ method: 'GET', url: '/api/beta/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', service: 'beta' });
  });

  it('answers 503 problem+json when a service is down', async () => {
    // Over a real socket: light-my-request cannot stand in for a request body the proxy abandons.
    const url = await gateway.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${url}/api/gamma/v1/things`, {
      method: 'POST',
      headers: { 'x-request-id': 'down-1', 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(res.status).toBe(503);
    const headers = Object.fromEntries(res.headers);
    const text = await res.text();
    const body = expectProblem({ headers, json: () => JSON.parse(text) }, 503, 'service_unavailable');
    expect(body.requestId).toBe('down-1');
    expect(body.detail).toContain('gamma');

    const docs = await gateway.inject({ method: 'GET', url: '/api/gamma/docs/json' });
    expect(docs.statusCode).toBe(503);
    expectProblem(docs, 503, 'service_unavailable');
    const get = await gateway.inject({ method: 'GET', url: '/api/gamma/healthz' });
    expect(get.statusCode).toBe(503);
    expectProblem(get, 503, 'service_unavailable');
  });

  it('answers 504 problem+json when a service is too slow', async () => {
    const res = await gateway.inject({ method: 'GET', url: '/api/beta/v1/slow' });
    expect(res.statusCode).toBe(504);
    expectProblem(res, 504, 'gateway_timeout');
  });

  it('answers 404 problem+json for an unknown service', async () => {
    const res = await gateway.inject({ method: 'GET', url: '/api/nope/v1/x' });
    expect(res.statusCode).toBe(404);
    const body = expectProblem(res, 404, 'service_not_found');
    expect(body.detail).toContain('nope');
  });

  it('serves a placeholder page at / when there is no console build', async () => {
    const res = await gateway.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="root">');
    expect(res.body).toContain('href="/docs"');

    const other = await gateway.inject({ method: 'GET', url: '/somewhere' });
    expect(other.statusCode).toBe(404);
    expectProblem(other, 404, 'not_found');
  });
});

describe('gateway with a console build', () => {
  let dir: string;
  let gateway: FastifyInstance;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hongfan-console-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><div id="root"></div><script src="/assets/app.js"></script>',
    );
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log("hongfan")');
    gateway = buildGateway({
      services: { alpha: `http://127.0.0.1:${await deadPort()}` },
      consoleDir: dir,
      logger: false,
    });
    await gateway.ready();
  });

  afterAll(async () => {
    await gateway?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and files by path', async () => {
    const index = await gateway.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<div id="root"></div>');
    expect(index.headers['cache-control']).toBe('no-cache');

    const asset = await gateway.inject({ method: 'GET', url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('falls back to index.html for client-side routes but not for files or /api', async () => {
    const route = await gateway.inject({ method: 'GET', url: '/org/compounds/42?tab=members' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toContain('<div id="root"></div>');

    const missing = await gateway.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missing.statusCode).toBe(404);

    const api = await gateway.inject({ method: 'GET', url: '/api/unknown/thing' });
    expect(api.statusCode).toBe(404);
    expectProblem(api, 404, 'service_not_found');

    const docs = await gateway.inject({ method: 'GET', url: '/docs' });
    expect(docs.body).toContain('href="/api/alpha/docs/"');
  });
});
