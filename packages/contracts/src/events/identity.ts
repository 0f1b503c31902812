import { z } from 'zod';
import { dataScopeSchema } from '../data-scope.js';
import { defineEvent } from '../define-event.js';
import { createEventRegistry } from '../event-registry.js';
import { uuidSchema } from '../ids.js';
import { anyRoleSchema } from '../roles.js';
import { tenantSettingsSchema } from '../tenant-settings.js';

export const TENANT_STATUSES = ['active', 'suspended'] as const;
export const tenantStatusSchema = z.enum(TENANT_STATUSES);
export type TenantStatus = z.output<typeof tenantStatusSchema>;

const tenantProfile = {
  tenantId: uuidSchema,
  code: z.string().min(1),
  name: z.string().min(1),
  city: z.string().min(1),
};

const userState = {
  userId: uuidSchema,
  username: z.string().min(1),
  roles: z.array(anyRoleSchema),
  scope: dataScopeSchema,
};

export const tenantCreated = defineEvent({
  service: 'identity',
  aggregate: 'tenant',
  event: 'created',
  version: 1,
  data: z.object({ ...tenantProfile, status: tenantStatusSchema, settings: tenantSettingsSchema }),
});

export const tenantUpdated = defineEvent({
  service: 'identity',
  aggregate: 'tenant',
  event: 'updated',
  version: 1,
  data: z.object(tenantProfile),
});

export const tenantSettingsChanged = defineEvent({
  service: 'identity',
  aggregate: 'tenant',
  event: 'settings-changed',
  version: 1,
  data: z.object({ tenantId: uuidSchema, settings: tenantSettingsSchema, previous: tenantSettingsSchema }),
});

export const tenantSuspended = defineEvent({
  service: 'identity',
  aggregate: 'tenant',
  event: 'suspended',
  version: 1,
  data: z.object({ tenantId: uuidSchema }),
});

export const tenantReactivated = defineEvent({
  service: 'identity',
  aggregate: 'tenant',
  event: 'reactivated',
  version: 1,
  data: z.object({ tenantId: uuidSchema }),
});

export const userCreated = defineEvent({
  service: 'identity',
  aggregate: 'user',
  event: 'created',
  version: 1,
  data: z.object(userState),
});

/** Carries the user's full new state, so read models can overwrite rather than merge. */
export const userUpdated = defineEvent({
  service: 'identity',
  aggregate: 'user',
  event: 'updated',
  version: 1,
  data: z.object(userState),
});

export const userDisabled = defineEvent({
  service: 'identity',
  aggregate: 'user',
  event: 'disabled',
  version: 1,
  data: z.object({ userId: uuidSchema }),
});

export const identityEvents = {
  tenantCreated,
  tenantUpdated,
  tenantSettingsChanged,
  tenantSuspended,
  tenantReactivated,
  userCreated,
  userUpdated,
  userDisabled,
} as const;

export const identityEventRegistry = createEventRegistry(...Object.values(identityEvents));
