import { tenantSettingsSchema } from '@hongfan/contracts';
import { requireTenant, type Service, withProblems } from '@hongfan/service-kit';
import { canRead } from '../../access.js';
import { tenantSettings } from './settings.service.js';

/** The settings org applies for the caller's tenant (as identity last published them). */
export async function settingsRoutes(app: Service) {
  app.get(
    '/v1/settings',
    {
      onRequest: canRead,
      schema: {
        tags: ['settings'],
        summary: 'Settings in force (threshold, fund, staff ranges)',
        response: withProblems({ 200: tenantSettingsSchema }),
      },
    },
    async (req) => req.tx((em) => tenantSettings(em, requireTenant(req))),
  );
}
