import type { AnswerCache } from '@hongfan/service-kit';
import type { MikroORM } from '@mikro-orm/postgresql';

/** What the route modules need; built once in compose.ts (or a test) and passed to buildApp. */
export interface DualReportingDeps {
  orm: MikroORM;
  /** Subject prefix ('' in production). */
  prefix: string;
  /** Largest CSV upload accepted, in bytes. */
  importMaxBytes: number;
  /** Most rows one CSV import may hold. */
  importMaxRows: number;
  /** Recent statistics answers (see AnswerCache). */
  statsCache: AnswerCache;
}
