import { CloudServerOutlined, ControlOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { can } from '../../auth/access';

export const tenantPages: ConsolePage[] = [
  {
    path: 'platform/tenants',
    element: lazy(() => import('./TenantsPage')),
    allow: can.platform,
    nav: { group: 'platform', label: 'tenants.title', icon: <CloudServerOutlined />, order: 1 },
  },
  {
    path: 'platform/tenants/:id',
    element: lazy(() => import('./TenantDetailPage')),
    allow: can.platform,
    menu: 'platform/tenants',
  },
  {
    path: 'admin/settings',
    element: lazy(() => import('./OwnSettingsPage')),
    allow: can.tenantAdmin,
    nav: { group: 'admin', label: 'settings.title', icon: <ControlOutlined />, order: 9 },
  },
];
