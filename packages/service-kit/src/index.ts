export { AnswerCache } from './answer-cache.js';
export {
  type AccessClaims,
  type AuthContext,
  accessClaims,
  type DataScope,
  dataScopeClaim,
} from './auth/auth-context.js';
export { JWT_ALGORITHM } from './auth/authenticate.js';
export {
  isDistrictWide,
  isEmptyScope,
  type ScopeFields,
  type ScopePath,
  scopeAllows,
  scopeWhere,
} from './auth/data-scope.js';
export { type AccessRule, allows, guard, requireAuth, requireTenant } from './auth/guards.js';
export { jwksKeyResolver, type KeyResolver, staticKeyResolver } from './auth/key-resolvers.js';
export { buildService, type Service, type ServiceOptions } from './build-service.js';
export { type Cursor, decodeCursor, encodeCursor, keysetAfter, pageFrom } from './pagination.js';
export type { ReadinessCheck } from './plugins/health.js';
export { RateLimiter } from './rate-limit.js';
export { runService } from './run-service.js';
export { idParams, pageOf, pageQuery, problemSchema, queryBool, withProblems } from './schemas.js';
export {
  type ConsumeOptions,
  openServiceInfra,
  type ServiceInfra,
  type ServiceInfraOptions,
} from './service-infra.js';
export {
  putTenantStatus,
  type TenantStatus,
  tenantStatusBucket,
  watchTenantStatus,
} from './tenant-status.js';
