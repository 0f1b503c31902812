import {
  decodeCursor,
  guard,
  keysetAfter,
  pageFrom,
  pageOf,
  pageQuery,
  type Service,
  withProblems,
} from '@hongfan/service-kit';
import { z } from 'zod';
import { AuditEntryEntity } from './audit-entry.entity.js';

const auditView = z.object({
  id: z.uuid(),
  actorKind: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});

const auditQuery = pageQuery.extend({
  action: z.string().max(60).optional(),
  targetType: z.string().max(60).optional(),
  targetId: z.string().max(60).optional(),
  actorId: z.string().max(60).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/** The tenant's audit log, newest first; readable by the roles given (its admins, by default). */
export async function auditRoutes(app: Service, opts: { roles?: string[] } = {}) {
  app.get(
    '/v1/audit-log',
    {
      onRequest: guard({ roles: opts.roles ?? ['tenant-admin'] }),
      schema: {
        tags: ['audit'],
        summary: 'Admin actions in this tenant, newest first',
        querystring: auditQuery,
        response: withProblems({ 200: pageOf(auditView) }),
      },
    },
    async (req) =>
      req.tx(async (em) => {
        const q = req.query;
        const cursor = decodeCursor(q.cursor);
        const where: Record<string, unknown> = {
          ...keysetAfter(
            'createdAt',
            cursor && { ...cursor, v: cursor.v && (new Date(cursor.v) as never) },
            'desc',
          ),
        };
        for (const k of ['action', 'targetType', 'targetId', 'actorId'] as const) if (q[k]) where[k] = q[k];
        if (q.from || q.to)
          where.createdAt = {
            ...(q.from ? { $gte: new Date(q.from) } : {}),
            ...(q.to ? { $lt: new Date(q.to) } : {}),
          };
        const rows = await em.find(AuditEntryEntity, where, {
          orderBy: { createdAt: 'desc', id: 'desc' },
          limit: q.limit + 1,
        });
        const page = pageFrom(rows, q.limit, (r) => r.createdAt.toISOString());
        return {
          items: page.items.map((r) => ({
            id: r.id,
            actorKind: r.actorKind,
            actorId: r.actorId,
            actorName: r.actorName ?? null,
            action: r.action,
            targetType: r.targetType,
            targetId: r.targetId,
            before: r.before ?? null,
            after: r.after ?? null,
            requestId: r.requestId ?? null,
            createdAt: r.createdAt.toISOString(),
          })),
          nextCursor: page.nextCursor,
        };
      }),
  );
}
