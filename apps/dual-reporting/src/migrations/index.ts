import { InitialDualReporting } from './0001-initial.js';
import { PlannerStatsDualReporting } from './0002-planner-stats.js';

/** The service's migrations, in order (a list, not a glob: the same works from src and dist). */
export const migrations = [
  { name: '0001-initial', class: InitialDualReporting },
  { name: '0002-planner-stats', class: PlannerStatsDualReporting },
];
