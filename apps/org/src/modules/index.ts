import type { Service } from '@hongfan/service-kit';
import type { OrgDeps } from '../deps.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { territoryRoutes } from './territory/territory.routes.js';

/** Every org feature module's routes, in the order they appear in the API docs. */
export const orgModules: Array<(app: Service, deps: OrgDeps) => Promise<void>> = [
  territoryRoutes,
  settingsRoutes,
];
