import { auditPages } from '../features/audit';
import { coveragePages } from '../features/coverage';
import { dualPages } from '../features/dual';
import { orgPages } from '../features/org';
import { peoplePages } from '../features/people';
import { serviceAccountPages } from '../features/service-accounts';
import { tenantPages } from '../features/tenants';
import { userPages } from '../features/users';
import type { ConsolePage } from './registry';

/** Every feature's pages. A new service's console pages are one more line here. */
export const consolePages: ConsolePage[] = [
  ...tenantPages,
  ...orgPages,
  ...peoplePages,
  ...coveragePages,
  ...dualPages,
  ...userPages,
  ...serviceAccountPages,
  ...auditPages,
];
