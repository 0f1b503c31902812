import type { AnswerCache } from '@hongfan/service-kit';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/** What org's route modules need; built once in compose.ts (or a test) and passed to buildApp. */
export interface OrgDeps {
  orm: MikroORM;
  /** Subject prefix ('' in production). */
  prefix: string;
  /** Largest CSV upload accepted, in bytes. */
  importMaxBytes: number;
  /** Recent coverage answers; every write of a tenant through this instance invalidates its own. */
  coverageCache: AnswerCache;
  /**
   * Call after any change to members (register, edit, archive, move, import), in the same
   * transaction, with the compounds whose rosters changed: branch formation re-evaluates them.
   */
  rosterChanged(em: EntityManager, tenantId: string, compoundIds: string[]): Promise<void>;
}
