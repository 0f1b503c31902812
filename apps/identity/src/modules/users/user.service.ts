import { recordAudit } from '@hongfan/audit';
import { userCreated, userDisabled, userUpdated } from '@hongfan/contracts';
import { escapeLike } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import { decodeCursor, keysetAfter, pageFrom, requireAuth } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { IdentityDeps } from '../../deps.js';
import { publish } from '../../events.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { RefreshTokenEntity } from '../auth/refresh-token.entity.js';
import { type User, UserEntity } from './user.entity.js';
import type { createUserBody, listUsersQuery, updateUserBody } from './user.schemas.js';
import { userEventData } from './user.view.js';

/** Users of the caller's tenant; every method runs in the request's tenant transaction (RLS). */
export class UserService {
  constructor(private readonly deps: IdentityDeps) {}

  create(req: FastifyRequest, body: z.infer<typeof createUserBody>): Promise<User> {
    return req.tx(async (em) => {
      const tenantId = requireAuth(req).tenantId!;
      const user = em.create(UserEntity, {
        tenantId,
        username: body.username,
        displayName: body.displayName,
        phone: body.phone ?? null,
        passwordHash: await hashPassword(body.password),
        roles: [...new Set(body.roles)],
        scope: body.scope,
      });
      await em.flush();
      recordAudit(em, req, {
        tenantId,
        action: 'user.created',
        targetType: 'user',
        targetId: user.id,
        after: user,
      });
      await publish(em, req, this.deps.prefix, userCreated, tenantId, userEventData(user));
      return user;
    });
  }

  list(req: FastifyRequest, q: z.infer<typeof listUsersQuery>) {
    return req.tx(async (em) => {
      const where: Record<string, unknown> = { ...keysetAfter(q.sort, decodeCursor(q.cursor)) };
      if (q.status) where.status = q.status;
      if (q.role) where.roles = { $contains: [q.role] };
      if (q.q)
        where.$and = [
          {
            $or: [
              { username: { $ilike: `%${escapeLike(q.q)}%` } },
              { displayName: { $ilike: `%${escapeLike(q.q)}%` } },
            ],
          },
        ];
      const rows = await em.find(UserEntity, where, {
        orderBy: { [q.sort]: 'asc', id: 'asc' },
        limit: q.limit + 1,
      });
      return pageFrom(rows, q.limit, (u) => {
        const v = u[q.sort];
        return v instanceof Date ? v.toISOString() : v;
      });
    });
  }

  /** A read that only answers: the row in one round trip, not a managed entity (readRow). */
  async get(req: FastifyRequest, id: string): Promise<User> {
    const u = await req.readRow(UserEntity, { id });
    if (!u) throw errors.notFound('User', id);
    return u;
  }

  update(req: FastifyRequest, id: string, body: z.infer<typeof updateUserBody>): Promise<User> {
    return this.change(req, id, 'user.updated', async (u) => {
      if (
        body.roles &&
        u.id === req.auth?.subject &&
        !body.roles.includes('tenant-admin') &&
        u.roles.includes('tenant-admin')
      )
        throw errors.unprocessable('cannot_demote_self', 'You cannot remove your own tenant-admin role');
      if (body.displayName !== undefined) u.displayName = body.displayName;
      if (body.phone !== undefined) u.phone = body.phone;
      if (body.roles) u.roles = [...new Set(body.roles)];
      if (body.scope) u.scope = body.scope;
      return userUpdated;
    });
  }

  setStatus(req: FastifyRequest, id: string, status: User['status']): Promise<User> {
    return this.change(req, id, status === 'disabled' ? 'user.disabled' : 'user.enabled', async (u, em) => {
      if (u.id === req.auth?.subject)
        throw errors.unprocessable('cannot_disable_self', 'You cannot disable your own account');
      if (u.status === status)
        throw errors.unprocessable(`already_${status}`, `The user is already ${status}`);
      u.status = status;
      // A disabled account keeps no session.
      if (status === 'disabled')
        await em.nativeUpdate(
          RefreshTokenEntity,
          { userId: u.id, revokedAt: null },
          { revokedAt: new Date() },
        );
      return status === 'disabled' ? userDisabled : userUpdated;
    });
  }

  resetPassword(req: FastifyRequest, id: string, password: string): Promise<User> {
    return this.change(req, id, 'user.password-reset', async (u, em) => {
      u.passwordHash = await hashPassword(password);
      await em.nativeUpdate(RefreshTokenEntity, { userId: u.id, revokedAt: null }, { revokedAt: new Date() });
      return null;
    });
  }

  /** A user changing their own password must know the current one. */
  async changeOwnPassword(req: FastifyRequest, current: string, next: string): Promise<void> {
    const auth = requireAuth(req);
    await req.tx(async (em) => {
      const u = await this.load(em, auth.subject);
      if (!(await verifyPassword(current, u.passwordHash)))
        throw errors.validation([{ path: 'body.currentPassword', message: 'is not your current password' }]);
      u.passwordHash = await hashPassword(next);
      recordAudit(em, req, {
        tenantId: u.tenantId,
        action: 'user.password-changed',
        targetType: 'user',
        targetId: u.id,
      });
    });
  }

  private async load(em: EntityManager, id: string): Promise<User> {
    const u = await em.findOne(UserEntity, { id });
    if (!u) throw errors.notFound('User', id);
    return u;
  }

  private change(
    req: FastifyRequest,
    id: string,
    action: string,
    mutate: (u: User, em: EntityManager) => Promise<typeof userUpdated | typeof userDisabled | null>,
  ): Promise<User> {
    return req.tx(async (em) => {
      const u = await this.load(em, id);
      const before = { ...u };
      const event = await mutate(u, em);
      await em.flush();
      recordAudit(em, req, {
        tenantId: u.tenantId,
        action,
        targetType: 'user',
        targetId: u.id,
        before,
        after: u,
      });
      if (event === userDisabled)
        await publish(em, req, this.deps.prefix, userDisabled, u.tenantId, { userId: u.id });
      else if (event) await publish(em, req, this.deps.prefix, userUpdated, u.tenantId, userEventData(u));
      return u;
    });
  }
}
