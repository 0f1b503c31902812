import type { MikroORM } from '@mikro-orm/postgresql';
import type { TokenService } from './modules/auth/token.service.js';
import type { KeyStore } from './modules/keys/key-store.js';

/** What identity's route modules need; built once in server.ts (or a test) and passed to buildApp. */
export interface IdentityDeps {
  orm: MikroORM;
  keys: KeyStore;
  tokens: TokenService;
  /** Subject prefix ('' in production). */
  prefix: string;
  /** Mirrors a tenant's status to every service (the NATS KV bucket); called after commit. */
  publishTenantStatus(tenantId: string, status: 'active' | 'suspended'): Promise<void>;
}
