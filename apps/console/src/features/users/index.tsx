import { UserOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { can } from '../../auth/access';

export const userPages: ConsolePage[] = [
  {
    path: 'admin/users',
    element: lazy(() => import('./UsersPage')),
    allow: can.tenantAdmin,
    nav: { group: 'admin', label: 'users.title', icon: <UserOutlined />, order: 1 },
  },
];
