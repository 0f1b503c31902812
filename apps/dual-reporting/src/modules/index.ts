import type { Service } from '@hongfan/service-kit';
import type { DualReportingDeps } from '../deps.js';
import { deedRoutes } from './deeds/deed.routes.js';
import { liaisonRoutes } from './liaison/liaison.routes.js';
import { memberRoutes } from './members/member.routes.js';
import { readModelRoutes } from './read-model/read-model.routes.js';
import { reportRoutes } from './reports/report.routes.js';
import { statsRoutes } from './stats/stats.routes.js';
import { taskRoutes } from './tasks/task.routes.js';
import { workUnitRoutes } from './work-units/work-unit.routes.js';

/** Every feature module's routes, in the order they appear in the API docs. */
export const dualReportingModules: Array<(app: Service, deps: DualReportingDeps) => Promise<void>> = [
  workUnitRoutes,
  liaisonRoutes,
  memberRoutes,
  reportRoutes,
  taskRoutes,
  deedRoutes,
  statsRoutes,
  readModelRoutes,
];
