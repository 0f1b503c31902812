export { type CreateEnvelopeInput, createEnvelope } from './create-envelope.js';
export { type DataScope, dataScopeSchema } from './data-scope.js';
export {
  defineEvent,
  type EventData,
  type EventDataInput,
  type EventDefinition,
  type EventSpec,
} from './define-event.js';
export { type EventEnvelope, eventEnvelopeSchema, parseEnvelope } from './envelope.js';
export { createEventRegistry, type EventRegistry } from './event-registry.js';
export * from './events/dual-reporting.js';
export * from './events/identity.js';
export * from './events/org.js';
export { uuidSchema } from './ids.js';
export {
  type AnyRole,
  anyRoleSchema,
  PLATFORM_ADMIN,
  ROLE_DISPLAY_NAMES,
  ROLES,
  type Role,
  roleSchema,
} from './roles.js';
export { SERVICES, type ServiceName } from './services.js';
export {
  aggregateSubjects,
  dlqStreamName,
  dlqStreamSubjects,
  dlqSubject,
  normalizePrefix,
  streamName,
  streamSubjects,
  subject,
} from './subjects.js';
export {
  defaultTenantSettings,
  type TenantSettings,
  type TenantSettingsInput,
  tenantSettingsSchema,
} from './tenant-settings.js';
