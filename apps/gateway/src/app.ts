import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import httpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import { consolePlaceholderPage, docsIndex, docsPage } from './pages.js';
import { sendProblem, sendUpstreamProblem } from './problem.js';

export interface GatewayOptions {
  /** Service name → base URL, e.g. `{ identity: 'http://127.0.0.1:4101' }`. */
  services: Record<string, string>;
  /** A built console (a folder with index.html); served at `/` as a single-page app. */
  consoleDir?: string;
  /** A pino-compatible logger, or `false` for none; by default JSON lines on stdout. */
  logger?: FastifyBaseLogger | false;
  logLevel?: string;
  /** How long an upstream may take to send its response headers. */
  upstreamTimeoutMs?: number;
}

// Accept the caller's request id only if it is a plain token; anything else could forge log lines.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function loggerOptions(opts: GatewayOptions): Pick<FastifyServerOptions, 'logger'> & {
  loggerInstance?: FastifyBaseLogger;
} {
  if (opts.logger === false) return { logger: false };
  if (opts.logger) return { loggerInstance: opts.logger };
  return {
    logger: {
      level: opts.logLevel ?? 'info',
      base: { service: 'gateway' },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label: string) => ({ level: label }) },
    },
  };
}

function forwardedFor(request: Pick<FastifyRequest, 'headers' | 'ip'>): string {
  const prior = request.headers['x-forwarded-for'];
  return prior ? `${String(prior)}, ${request.ip}` : request.ip;
}

/** The gateway: one public entry that proxies `/api/<service>/*` and serves the console. */
export function buildGateway(opts: GatewayOptions): FastifyInstance {
  const services = opts.services;
  const names = Object.keys(services).sort();
  const timeoutMs = opts.upstreamTimeoutMs ?? 30_000;
  const consoleRoot =
    opts.consoleDir && existsSync(join(opts.consoleDir, 'index.html')) ? resolve(opts.consoleDir) : undefined;

  const app = Fastify({
    ...loggerOptions(opts),
    requestIdHeader: false,
    // Our onResponse hook logs one line per request instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Health probes are frequent and dull: debug only.
  app.addHook('onResponse', async (request, reply) => {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (request.url.endsWith('/healthz')) request.log.debug(line, 'request');
    else request.log.info(line, 'request');
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return sendProblem(
        reply,
        status,
        'internal',
        'Internal error',
        'Something went wrong; quote the requestId when reporting it',
      );
    }
    return sendProblem(reply, status, (err.code ?? 'bad_request').toLowerCase(), 'Bad request', err.message);
  });

  app.get('/healthz', async () => ({ status: 'ok', service: 'gateway' }));

  const index = docsIndex(names);
  app.get('/docs/json', async () => ({ services: index }));
  for (const path of ['/docs', '/docs/']) {
    app.get(path, async (_request, reply) => reply.type('text/html; charset=utf-8').send(docsPage(index)));
  }

  for (const name of names) {
    const base = services[name]!.replace(/\/+$/, '');
    const prefix = `/api/${name}`;

    // Swagger UI builds its asset and spec URLs relative to a trailing slash only.
    app.get(`${prefix}/docs`, async (request, reply) => {
      const q = request.url.indexOf('?');
      return reply.redirect(`${prefix}/docs/${q >= 0 ? request.url.slice(q) : ''}`);
    });

    // The service's OpenAPI names its own address as server; point "Try it out" at the gateway.
    app.get(`${prefix}/docs/json`, async (request, reply) => {
      let res: Response;
      try {
        res = await fetch(`${base}/docs/json`, {
          headers: {
            accept: 'application/json',
            'x-request-id': request.id,
            ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
          },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        request.log.warn({ err, service: name }, 'upstream unreachable');
        return sendUpstreamProblem(reply, name, err);
      }
      const text = await res.text();
      if (!res.ok) {
        return reply
          .code(res.status)
          .type(res.headers.get('content-type') ?? 'text/plain')
          .send(text);
      }
      let doc: Record<string, unknown>;
      try {
        doc = JSON.parse(text);
      } catch {
        return sendProblem(
          reply,
          502,
          'bad_gateway',
          'Bad gateway',
          `${name} sent an OpenAPI document that is not JSON`,
        );
      }
      if (typeof doc.swagger === 'string') doc.basePath = prefix;
      else doc.servers = [{ url: prefix }];
      return reply.type('application/json; charset=utf-8').send(doc);
    });

    app.register(httpProxy, {
      upstream: base,
      prefix,
      disableRequestLogging: true,
      undici: { headersTimeout: timeoutMs },
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({
          ...headers,
          'x-request-id': request.id,
          'x-forwarded-for': forwardedFor(request),
          'x-forwarded-proto': request.protocol,
          'x-forwarded-host': request.headers.host ?? '',
          'x-forwarded-prefix': prefix,
        }),
        onError: (reply, { error }) => {
          reply.request.log.warn({ err: error, service: name }, 'upstream unreachable');
          sendUpstreamProblem(reply as unknown as FastifyReply, name, error);
        },
        // A service's own 503 (e.g. not ready) is its answer: pass it on rather than retry.
        retryDelay: () => null,
      },
    });
  }

  if (consoleRoot) {
    app.register(fastifyStatic, {
      root: consoleRoot,
      prefix: '/',
      wildcard: true,
      cacheControl: false,
      setHeaders: (res, path) => {
        // Vite fingerprints what it puts in assets/; index.html must always be revalidated.
        const hashed = path.includes(`${join(consoleRoot, 'assets')}`);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(consolePlaceholderPage()),
    );
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    if (path === '/api' || path.startsWith('/api/')) {
      const service = path.split('/')[2] ?? '';
      return sendProblem(
        reply,
        404,
        'service_not_found',
        'Not found',
        `No service named "${service}"; known services: ${names.join(', ')}`,
      );
    }
    // Client-side routes of the console (no file extension) get the app shell.
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !/\.[A-Za-z0-9]+$/.test(path);
    if (consoleRoot && isPage) return reply.sendFile('index.html');
    return sendProblem(reply, 404, 'not_found', 'Not found', `${request.method} ${path} is not a route`);
  });

  return app;
}
