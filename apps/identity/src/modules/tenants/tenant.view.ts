import type { z } from 'zod';
import type { Tenant } from './tenant.entity.js';
import type { tenantView } from './tenant.schemas.js';

const STATUS_NAMES = { active: '正常', suspended: '已停用' } as const;

export function toTenantView(t: Tenant): z.infer<typeof tenantView> {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    city: t.city,
    status: t.status,
    statusName: STATUS_NAMES[t.status],
    settings: t.settings,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    version: t.version,
  };
}
