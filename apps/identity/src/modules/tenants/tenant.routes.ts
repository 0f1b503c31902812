import { defaultTenantSettings } from '@hongfan/contracts';
import { errors } from '@hongfan/errors';
import { guard, idParams, pageOf, requireAuth, type Service, withProblems } from '@hongfan/service-kit';
import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../../deps.js';
import {
  createTenantBody,
  listTenantsQuery,
  settingsPatch,
  settingsView,
  tenantView,
  updateTenantBody,
} from './tenant.schemas.js';
import { TenantService } from './tenant.service.js';
import { toTenantView } from './tenant.view.js';

const platformOnly = guard({ platform: true });
/** Platform admins, and a tenant's own admins for their own tenant (checked per request). */
const platformOrTenantAdmin = guard({ platform: true, roles: ['tenant-admin'] });

/** A tenant admin may act only on their own tenant; another tenant's id is a 404, as if it did not exist. */
function ensureOwnTenant(req: FastifyRequest, id: string) {
  const auth = requireAuth(req);
  if (auth.kind !== 'platform' && auth.tenantId !== id) throw errors.notFound('Tenant', id);
}

export async function tenantRoutes(app: Service, deps: IdentityDeps) {
  const tenants = new TenantService(deps);
  const tags = ['tenants'];

  app.post(
    '/v1/tenants',
    {
      onRequest: platformOnly,
      schema: {
        tags,
        summary: 'Create a district tenant (and its first admin)',
        body: createTenantBody,
        response: withProblems({ 201: tenantView }),
      },
    },
    async (req, reply) => reply.status(201).send(toTenantView(await tenants.create(req, req.body))),
  );

  app.get(
    '/v1/tenants',
    {
      onRequest: platformOnly,
      schema: {
        tags,
        summary: 'List tenants',
        querystring: listTenantsQuery,
        response: withProblems({ 200: pageOf(tenantView) }),
      },
    },
    async (req) => {
      const page = await tenants.list(req.query);
      return { items: page.items.map(toTenantView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/tenants/:id',
    {
      onRequest: platformOrTenantAdmin,
      schema: {
        tags,
        summary: 'Get a tenant',
        params: idParams,
        response: withProblems({ 200: tenantView }),
      },
    },
    async (req) => {
      ensureOwnTenant(req, req.params.id);
      return toTenantView(await tenants.get(req.params.id));
    },
  );

  app.patch(
    '/v1/tenants/:id',
    {
      onRequest: platformOnly,
      schema: {
        tags,
        summary: 'Rename a tenant or change its city',
        params: idParams,
        body: updateTenantBody,
        response: withProblems({ 200: tenantView }),
      },
    },
    async (req) => toTenantView(await tenants.update(req, req.params.id, req.body)),
  );

  app.get(
    '/v1/tenants/:id/settings',
    {
      onRequest: platformOrTenantAdmin,
      schema: {
        tags,
        summary: 'Tenant settings with their defaults',
        params: idParams,
        response: withProblems({ 200: settingsView }),
      },
    },
    async (req) => {
      ensureOwnTenant(req, req.params.id);
      return { settings: (await tenants.get(req.params.id)).settings, defaults: defaultTenantSettings() };
    },
  );

  app.patch(
    '/v1/tenants/:id/settings',
    {
      onRequest: platformOrTenantAdmin,
      schema: {
        tags,
        summary: 'Change settings (only the fields given); published to every service',
        params: idParams,
        body: settingsPatch,
        response: withProblems({ 200: settingsView }),
      },
    },
    async (req) => {
      ensureOwnTenant(req, req.params.id);
      const t = await tenants.changeSettings(req, req.params.id, req.body);
      return { settings: t.settings, defaults: defaultTenantSettings() };
    },
  );

  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['reactivate', 'active'],
  ] as const) {
    app.post(
      `/v1/tenants/:id/${action}`,
      {
        onRequest: platformOnly,
        schema: {
          tags,
          summary: `${action[0].toUpperCase()}${action.slice(1)} a tenant`,
          params: idParams,
          response: withProblems({ 200: tenantView }),
        },
      },
      async (req) => toTenantView(await tenants.setStatus(req, req.params.id, status)),
    );
  }
}
