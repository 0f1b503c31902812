import type { MikroORM } from '@mikro-orm/postgresql';

/** What org's route modules need; built once in compose.ts (or a test) and passed to buildApp. */
export interface OrgDeps {
  orm: MikroORM;
  /** Subject prefix ('' in production). */
  prefix: string;
  /** Largest CSV upload accepted, in bytes. */
  importMaxBytes: number;
}
