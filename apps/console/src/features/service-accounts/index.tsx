import { KeyOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { can } from '../../auth/access';

export const serviceAccountPages: ConsolePage[] = [
  {
    path: 'admin/service-accounts',
    element: lazy(() => import('./ServiceAccountsPage')),
    allow: can.tenantAdmin,
    nav: { group: 'admin', label: 'sa.title', icon: <KeyOutlined />, order: 2 },
  },
];
