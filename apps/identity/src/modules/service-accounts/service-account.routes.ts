import { recordAudit } from '@hongfan/audit';
import { errors } from '@hongfan/errors';
import {
  decodeCursor,
  guard,
  idParams,
  keysetAfter,
  pageFrom,
  pageOf,
  requireTenant,
  type Service,
  withProblems,
} from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { randomSecret } from '../auth/password.js';
import { sha256 } from '../auth/secret-hash.js';
import { TenantEntity } from '../tenants/tenant.entity.js';
import { type ServiceAccount, ServiceAccountEntity } from './service-account.entity.js';
import {
  createServiceAccountBody,
  listServiceAccountsQuery,
  serviceAccountView,
  serviceAccountWithSecret,
  updateServiceAccountBody,
} from './service-account.schemas.js';

const tenantAdmin = guard({ roles: ['tenant-admin'] });
const tags = ['service-accounts'];

function view(sa: ServiceAccount): z.infer<typeof serviceAccountView> {
  return {
    id: sa.id,
    name: sa.name,
    clientId: sa.clientId,
    scopes: sa.scopes,
    status: sa.status,
    lastUsedAt: sa.lastUsedAt?.toISOString() ?? null,
    createdAt: sa.createdAt.toISOString(),
    updatedAt: sa.updatedAt.toISOString(),
    version: sa.version,
  };
}

async function load(em: EntityManager, id: string) {
  const sa = await em.findOne(ServiceAccountEntity, { id });
  if (!sa) throw errors.notFound('Service account', id);
  return sa;
}

/** Integrations' client credentials. The client id starts with the tenant code so a token request finds its tenant. */
export async function serviceAccountRoutes(app: Service) {
  app.post(
    '/v1/service-accounts',
    {
      onRequest: tenantAdmin,
      schema: {
        tags,
        summary: 'Create a service account; the secret is shown only in this reply',
        body: createServiceAccountBody,
        response: withProblems({ 201: serviceAccountWithSecret }),
      },
    },
    async (req, reply) => {
      const tenantId = requireTenant(req);
      const secret = randomSecret();
      const sa = await req.tx(async (em) => {
        const tenant = await em.findOneOrFail(TenantEntity, { id: tenantId });
        const sa = em.create(ServiceAccountEntity, {
          tenantId,
          name: req.body.name,
          clientId: `${tenant.code}.${randomSecret(9)}`,
          secretHash: sha256(secret),
          scopes: [...new Set(req.body.scopes)],
        });
        await em.flush();
        recordAudit(em, req, {
          tenantId,
          action: 'service-account.created',
          targetType: 'service-account',
          targetId: sa.id,
          after: sa,
        });
        return sa;
      });
      return reply.status(201).send({ ...view(sa), clientSecret: secret });
    },
  );

  app.get(
    '/v1/service-accounts',
    {
      onRequest: tenantAdmin,
      schema: {
        tags,
        summary: 'List service accounts',
        querystring: listServiceAccountsQuery,
        response: withProblems({ 200: pageOf(serviceAccountView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const where: Record<string, unknown> = { ...keysetAfter('name', decodeCursor(q.cursor)) };
        if (q.status) where.status = q.status;
        const rows = await em.find(ServiceAccountEntity, where, {
          orderBy: { name: 'asc', id: 'asc' },
          limit: q.limit + 1,
        });
        const page = pageFrom(rows, q.limit, (s) => s.name);
        return { items: page.items.map(view), nextCursor: page.nextCursor };
      }),
  );

  app.get(
    '/v1/service-accounts/:id',
    {
      onRequest: tenantAdmin,
      schema: {
        tags,
        summary: 'Get a service account',
        params: idParams,
        response: withProblems({ 200: serviceAccountView }),
      },
    },
    async (req) => {
      const sa = await req.readRow(ServiceAccountEntity, { id: req.params.id });
      if (!sa) throw errors.notFound('Service account', req.params.id);
      return view(sa);
    },
  );

  const change = (
    req: FastifyRequest<{ Params: { id: string } }>,
    action: string,
    mutate: (sa: ServiceAccount) => void,
  ) =>
    req.tx(async (em) => {
      const sa = await load(em, req.params.id);
      if (sa.status === 'revoked')
        throw errors.unprocessable('revoked', 'A revoked service account cannot change');
      const before = { ...sa };
      mutate(sa);
      await em.flush();
      recordAudit(em, req, {
        tenantId: sa.tenantId,
        action,
        targetType: 'service-account',
        targetId: sa.id,
        before,
        after: sa,
      });
      return sa;
    });

  app.patch(
    '/v1/service-accounts/:id',
    {
      onRequest: tenantAdmin,
      schema: {
        tags,
        summary: 'Rename or change scopes',
        params: idParams,
        body: updateServiceAccountBody,
        response: withProblems({ 200: serviceAccountView }),
      },
    },
    async (req) =>
      view(
        await change(req, 'service-account.updated', (sa) => {
          if (req.body.name) sa.name = req.body.name;
          if (req.body.scopes) sa.scopes = [...new Set(req.body.scopes)];
        }),
      ),
  );

  app.post(
    '/v1/service-accounts/:id/rotate-secret',
    {
      onRequest: tenantAdmin,
      schema: {
        tags,
        summary: 'Issue a new secret (the old one stops working); shown only in this reply',
        params: idParams,
        response: withProblems({ 200: serviceAccountWithSecret }),
      },
    },
    async (req) => {
      const secret = randomSecret();
      const sa = await change(req, 'service-account.secret-rotated', (sa) => {
        sa.secretHash = sha256(secret);
      });
      return { ...view(sa), clientSecret: secret };
    },
  );

  app.post(
    '/v1/service-accounts/:id/revoke',
    {
      onRequest: tenantAdmin,
      schema: {
        tags,
        summary: 'Revoke a service account for good',
        params: idParams,
        response: withProblems({ 200: serviceAccountView }),
      },
    },
    async (req) =>
      view(
        await change(req, 'service-account.revoked', (sa) => {
          sa.status = 'revoked';
        }),
      ),
  );
}
