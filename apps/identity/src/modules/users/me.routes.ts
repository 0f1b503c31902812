import { ROLE_DISPLAY_NAMES } from '@hongfan/contracts';
import { problemSchema, requireAuth, type Service, withProblems } from '@hongfan/service-kit';
import { z } from 'zod';
import type { IdentityDeps } from '../../deps.js';
import { TenantService } from '../tenants/tenant.service.js';
import { changeOwnPasswordBody } from './user.schemas.js';
import { UserService } from './user.service.js';

const meView = z.object({
  id: z.string(),
  kind: z.enum(['user', 'service', 'platform']),
  name: z.string().nullable(),
  roles: z.array(z.string()),
  roleNames: z.array(z.string()),
  scope: z.record(z.string(), z.array(z.string())),
  tenant: z
    .object({ id: z.string(), code: z.string(), name: z.string(), city: z.string(), status: z.string() })
    .nullable(),
});

/** The caller's own identity (the console's session bootstrap) and their password. */
export async function meRoutes(app: Service, deps: IdentityDeps) {
  const tenants = new TenantService(deps);
  const users = new UserService(deps);

  app.get(
    '/v1/me',
    { schema: { tags: ['me'], summary: 'Who am I', response: withProblems({ 200: meView }) } },
    async (req) => {
      const auth = requireAuth(req);
      const tenant = auth.tenantId ? await tenants.get(auth.tenantId) : null;
      return {
        id: auth.subject,
        kind: auth.kind,
        name: auth.name ?? null,
        roles: auth.roles,
        roleNames: auth.roles.map((r) => ROLE_DISPLAY_NAMES[r as keyof typeof ROLE_DISPLAY_NAMES] ?? r),
        scope: auth.scope as Record<string, string[]>,
        tenant: tenant && {
          id: tenant.id,
          code: tenant.code,
          name: tenant.name,
          city: tenant.city,
          status: tenant.status,
        },
      };
    },
  );

  app.post(
    '/v1/me/password',
    {
      schema: {
        tags: ['me'],
        summary: 'Change my password',
        body: changeOwnPasswordBody,
        response: { 204: z.null(), 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (req, reply) => {
      await users.changeOwnPassword(req, req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
