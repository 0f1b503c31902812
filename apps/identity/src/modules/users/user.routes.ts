import { guard, idParams, pageOf, type Service, withProblems } from '@hongfan/service-kit';
import type { IdentityDeps } from '../../deps.js';
import {
  createUserBody,
  listUsersQuery,
  resetPasswordBody,
  updateUserBody,
  userView,
} from './user.schemas.js';
import { UserService } from './user.service.js';
import { toUserView } from './user.view.js';

const tenantAdmin = guard({ roles: ['tenant-admin'], scopes: ['identity:users:read'] });
const tenantAdminWrite = guard({ roles: ['tenant-admin'] });

export async function userRoutes(app: Service, deps: IdentityDeps) {
  const users = new UserService(deps);
  const tags = ['users'];

  app.post(
    '/v1/users',
    {
      onRequest: tenantAdminWrite,
      schema: {
        tags,
        summary: 'Create a user with roles and data scope',
        body: createUserBody,
        response: withProblems({ 201: userView }),
      },
    },
    async (req, reply) => reply.status(201).send(toUserView(await users.create(req, req.body))),
  );

  app.get(
    '/v1/users',
    {
      onRequest: tenantAdmin,
      schema: {
        tags,
        summary: 'List users',
        querystring: listUsersQuery,
        response: withProblems({ 200: pageOf(userView) }),
      },
    },
    async (req) => {
      const page = await users.list(req, req.query);
      return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/users/:id',
    {
      onRequest: tenantAdmin,
      schema: { tags, summary: 'Get a user', params: idParams, response: withProblems({ 200: userView }) },
    },
    async (req) => toUserView(await users.get(req, req.params.id)),
  );

  app.patch(
    '/v1/users/:id',
    {
      onRequest: tenantAdminWrite,
      schema: {
        tags,
        summary: 'Change name, phone, roles or data scope',
        params: idParams,
        body: updateUserBody,
        response: withProblems({ 200: userView }),
      },
    },
    async (req) => toUserView(await users.update(req, req.params.id, req.body)),
  );

  app.post(
    '/v1/users/:id/disable',
    {
      onRequest: tenantAdminWrite,
      schema: {
        tags,
        summary: 'Disable a user (ends their sessions)',
        params: idParams,
        response: withProblems({ 200: userView }),
      },
    },
    async (req) => toUserView(await users.setStatus(req, req.params.id, 'disabled')),
  );

  app.post(
    '/v1/users/:id/enable',
    {
      onRequest: tenantAdminWrite,
      schema: {
        tags,
        summary: 'Enable a disabled user',
        params: idParams,
        response: withProblems({ 200: userView }),
      },
    },
    async (req) => toUserView(await users.setStatus(req, req.params.id, 'active')),
  );

  app.post(
    '/v1/users/:id/reset-password',
    {
      onRequest: tenantAdminWrite,
      schema: {
        tags,
        summary: "Set a user's password (ends their sessions)",
        params: idParams,
        body: resetPasswordBody,
        response: withProblems({ 200: userView }),
      },
    },
    async (req) => toUserView(await users.resetPassword(req, req.params.id, req.body.password)),
  );
}

export { UserService };
