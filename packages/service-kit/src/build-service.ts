import type { Database } from '@hongfan/db';
import { readRow, withTenant } from '@hongfan/db';
import type { Logger } from '@hongfan/logger';
import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NatsConnection } from '@nats-io/transport-node';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authenticatePlugin } from './auth/authenticate.js';
import { requireTenant } from './auth/guards.js';
import type { KeyResolver } from './auth/key-resolvers.js';
import { errorsPlugin } from './plugins/errors.js';
import { healthPlugin, type ReadinessCheck } from './plugins/health.js';
import { metricsPlugin } from './plugins/metrics.js';
import { openapiPlugin } from './plugins/openapi.js';
import { RateLimiter } from './rate-limit.js';
import { responseSerializerCompiler } from './response-serializer.js';
import type { TenantStatus } from './tenant-status.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Logs each request once, when it completes (with status and time), not also when it arrives. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
}

export interface ServiceOptions {
  /** Short name: `identity`, `org`, … (logs, metrics, docs). */
  name: string;
  title: string;
  description: string;
  version?: string;
  logger: Logger;
  db?: Database;
  nats?: NatsConnection;
  keys: KeyResolver;
  tenantStatus: TenantStatus;
  jwt: { issuer: string; audience: string };
  bodyLimit?: number;
  rateLimit?: { perToken: number; perTenant: number };
  extraReadiness?: ReadinessCheck[];
}

export type Service = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * Builds a service's Fastify instance with everything every service shares: request ids, pino
 * logging, problem+json errors, JWT authentication with tenant context, rate limits, body limit,
 * health, metrics and OpenAPI. The service registers its own routes on the result; nothing here
 * reads the environment or listens.
 */
export async function buildService(opts: ServiceOptions): Promise<Service> {
  const app = Fastify({
    loggerInstance: opts.logger,
    bodyLimit: opts.bodyLimit ?? 1_048_576,
    // The gateway's x-request-id ties log lines across services; a value that is not a plain
    // token is replaced, so a caller cannot forge log content through it.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    logController: new OneLinePerRequest({ requestIdLogLabel: 'requestId' }),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);
  // Set on arrival, so every answer carries it, refusals and errors included. (Hooks here are in
  // callback style: an async hook costs a promise and a microtask on every request.)
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });

  await app.register(errorsPlugin);
  await app.register(metricsPlugin, { service: opts.name });
  const checks: ReadinessCheck[] = [...(opts.extraReadiness ?? [])];
  if (opts.db) checks.push({ name: 'database', check: () => opts.db!.ping() });
  if (opts.nats)
    checks.push({ name: 'nats', check: () => !opts.nats!.isClosed() && opts.nats!.info !== undefined });
  await app.register(healthPlugin, { checks });
  await app.register(openapiPlugin, {
    title: opts.title,
    description: opts.description,
    version: opts.version ?? '0.1.0',
  });
  await app.register(authenticatePlugin, {
    keys: opts.keys,
    issuer: opts.jwt.issuer,
    audience: opts.jwt.audience,
    tenantStatus: opts.tenantStatus,
    limits: {
      perToken: new RateLimiter(opts.rateLimit?.perToken ?? 600),
      perTenant: new RateLimiter(opts.rateLimit?.perTenant ?? 6000),
    },
  });

  if (opts.db) {
    const orm = opts.db.orm;
    // Each request's database work runs in one transaction bound to the caller's tenant.
    app.decorateRequest('tx', function tx<T>(this: FastifyRequest, fn: (em: EntityManager) => Promise<T>) {
      return withTenant(orm, requireTenant(this), fn);
    });
    // A lookup that only answers needs no request transaction: one round trip (see readRow).
    app.decorateRequest('readRow', function read<
      T extends object,
    >(this: FastifyRequest, entity: EntityName<T>, where: Partial<T>) {
      return readRow(orm, requireTenant(this), entity, where);
    });
  }
  return app as unknown as Service;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Runs `fn` in a transaction with `app.tenant_id` set to the caller's tenant. */
    tx<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
    /** One row of the caller's tenant by equality on some properties, as a plain object (readRow). */
    readRow<T extends object>(entity: EntityName<T>, where: Partial<T>): Promise<T | null>;
  }
}
