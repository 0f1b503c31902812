import type { Service } from '@hongfan/service-kit';
import type { OrgDeps } from '../deps.js';
import { committeeRoutes } from './committee/committee.routes.js';
import { coverageRoutes } from './coverage/coverage.routes.js';
import { electionRoutes } from './elections/election.routes.js';
import { formationRoutes } from './formation/formation.routes.js';
import { fundRoutes } from './funds/fund.routes.js';
import { gridStaffRoutes } from './grid-staff/grid-staff.routes.js';
import { memberRoutes } from './members/member.routes.js';
import { partyOrgRoutes } from './party-orgs/party-org.routes.js';
import { secretaryRoutes } from './secretaries/secretary.routes.js';
import { settingsRoutes } from './settings/settings.routes.js';
import { territoryRoutes } from './territory/territory.routes.js';

/** Every org feature module's routes, in the order they appear in the API docs. */
export const orgModules: Array<(app: Service, deps: OrgDeps) => Promise<void>> = [
  territoryRoutes,
  settingsRoutes,
  memberRoutes,
  partyOrgRoutes,
  formationRoutes,
  coverageRoutes,
  committeeRoutes,
  secretaryRoutes,
  electionRoutes,
  gridStaffRoutes,
  fundRoutes,
];
