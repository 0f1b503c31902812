import type { Service } from '@hongfan/service-kit';
import type { OrgDeps } from '../../deps.js';

/** To be built (see issue #3). */
export async function secretaryRoutes(_app: Service, _deps: OrgDeps): Promise<void> {}
