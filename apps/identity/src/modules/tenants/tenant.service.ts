import { recordAudit } from '@hongfan/audit';
import {
  defaultTenantSettings,
  tenantCreated,
  tenantReactivated,
  tenantSettingsChanged,
  tenantSettingsSchema,
  tenantSuspended,
  tenantUpdated,
  userCreated,
} from '@hongfan/contracts';
import { bindTenant, escapeLike, withPlatform } from '@hongfan/db';
import { errors } from '@hongfan/errors';
import { decodeCursor, keysetAfter, pageFrom } from '@hongfan/service-kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { IdentityDeps } from '../../deps.js';
import { publish } from '../../events.js';
import { hashPassword } from '../auth/password.js';
import { UserEntity } from '../users/user.entity.js';
import { userEventData } from '../users/user.view.js';
import { type Tenant, TenantEntity } from './tenant.entity.js';
import type {
  createTenantBody,
  listTenantsQuery,
  settingsPatch,
  updateTenantBody,
} from './tenant.schemas.js';

/** Validates a settings change against the current settings; field paths name the request body. */
export function mergeSettings(
  current: Tenant['settings'],
  patch: z.infer<typeof settingsPatch> | undefined,
  /** Where the settings sit in the request body (`body` for a settings change, `body.settings` on create). */
  at = 'body',
) {
  const merged = {
    ...current,
    ...Object.fromEntries(Object.entries(patch ?? {}).filter(([, v]) => v !== undefined)),
  };
  const r = tenantSettingsSchema.safeParse(merged);
  if (!r.success)
    throw errors.validation(
      r.error.issues.map((i) => ({ path: [at, ...i.path.map(String)].join('.'), message: i.message })),
    );
  return r.data;
}

/** Tenants are platform rows: every operation runs with no tenant bound (withPlatform). */
export class TenantService {
  constructor(private readonly deps: IdentityDeps) {}

  async create(req: FastifyRequest, body: z.infer<typeof createTenantBody>): Promise<Tenant> {
    const settings = mergeSettings(defaultTenantSettings(), body.settings, 'body.settings');
    const tenant = await withPlatform(this.deps.orm, async (em) => {
      const t = em.create(TenantEntity, {
        code: body.code,
        name: body.name,
        city: body.city,
        status: 'active',
        settings,
      });
      await em.flush();
      // The tenant's own rows (its first admin, its audit entry) need the transaction bound to it.
      await bindTenant(em, t.id);
      if (body.admin) {
        const user = em.create(UserEntity, {
          tenantId: t.id,
          username: body.admin.username,
          displayName: body.admin.displayName,
          passwordHash: await hashPassword(body.admin.password),
          roles: ['tenant-admin'],
          scope: {},
        });
        await em.flush();
        await publish(em, req, this.deps.prefix, userCreated, t.id, userEventData(user));
      }
      recordAudit(em, req, {
        tenantId: t.id,
        action: 'tenant.created',
        targetType: 'tenant',
        targetId: t.id,
        after: t,
      });
      await publish(em, req, this.deps.prefix, tenantCreated, t.id, {
        tenantId: t.id,
        code: t.code,
        name: t.name,
        city: t.city,
        status: t.status,
        settings: t.settings,
      });
      return t;
    });
    await this.deps.publishTenantStatus(tenant.id, 'active');
    return tenant;
  }

  async list(q: z.infer<typeof listTenantsQuery>) {
    const cursor = decodeCursor(q.cursor);
    const where: Record<string, unknown> = { ...keysetAfter(q.sort, cursor) };
    if (q.status) where.status = q.status;
    if (q.city) where.city = q.city;
    if (q.q)
      where.$and = [{ $or: [{ code: { $like: `${q.q}%` } }, { name: { $ilike: `%${escapeLike(q.q)}%` } }] }];
    const rows = await withPlatform(this.deps.orm, (em) =>
      em.find(TenantEntity, where, { orderBy: { [q.sort]: 'asc', id: 'asc' }, limit: q.limit + 1 }),
    );
    return pageFrom(rows, q.limit, (t) => {
      const v = t[q.sort];
      return v instanceof Date ? v.toISOString() : v;
    });
  }

  async get(id: string): Promise<Tenant> {
    const t = await withPlatform(this.deps.orm, (em) => em.findOne(TenantEntity, { id }));
    if (!t) throw errors.notFound('Tenant', id);
    return t;
  }

  async update(req: FastifyRequest, id: string, body: z.infer<typeof updateTenantBody>): Promise<Tenant> {
    return this.change(req, id, 'tenant.updated', (t, em) => {
      Object.assign(t, body);
      return publish(em, req, this.deps.prefix, tenantUpdated, t.id, {
        tenantId: t.id,
        code: t.code,
        name: t.name,
        city: t.city,
      });
    });
  }

  async changeSettings(
    req: FastifyRequest,
    id: string,
    patch: z.infer<typeof settingsPatch>,
  ): Promise<Tenant> {
    return this.change(req, id, 'tenant.settings-changed', (t, em) => {
      const previous = t.settings;
      t.settings = mergeSettings(previous, patch);
      return publish(em, req, this.deps.prefix, tenantSettingsChanged, t.id, {
        tenantId: t.id,
        settings: t.settings,
        previous,
      });
    });
  }

  async setStatus(req: FastifyRequest, id: string, status: Tenant['status']): Promise<Tenant> {
    const t = await this.change(
      req,
      id,
      status === 'suspended' ? 'tenant.suspended' : 'tenant.reactivated',
      (t, em) => {
        if (t.status === status)
          throw errors.unprocessable(
            `already_${status}`,
            `The tenant is already ${status === 'active' ? 'active' : 'suspended'}`,
          );
        t.status = status;
        return publish(
          em,
          req,
          this.deps.prefix,
          status === 'suspended' ? tenantSuspended : tenantReactivated,
          t.id,
          {
            tenantId: t.id,
          },
        );
      },
    );
    await this.deps.publishTenantStatus(t.id, status);
    return t;
  }

  /** Loads, mutates, audits (before/after) and publishes in one transaction. */
  private async change(
    req: FastifyRequest,
    id: string,
    action: string,
    mutate: (t: Tenant, em: EntityManager) => Promise<unknown>,
  ): Promise<Tenant> {
    return withPlatform(this.deps.orm, async (em) => {
      const t = await em.findOne(TenantEntity, { id });
      if (!t) throw errors.notFound('Tenant', id);
      const before = { ...t };
      await mutate(t, em);
      await em.flush();
      await bindTenant(em, t.id);
      recordAudit(em, req, {
        tenantId: t.id,
        action,
        targetType: 'tenant',
        targetId: t.id,
        before,
        after: t,
      });
      return t;
    });
  }
}
