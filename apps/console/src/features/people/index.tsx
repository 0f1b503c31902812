import { CrownOutlined, MoneyCollectOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { can } from '../../auth/access';

export const peoplePages: ConsolePage[] = [
  {
    path: 'org/elections',
    element: lazy(() => import('./ElectionsPage')),
    allow: can.orgRead,
    nav: { group: 'org', label: 'elections.title', icon: <CrownOutlined />, order: 3 },
  },
  {
    path: 'org/grid-staff',
    element: lazy(() => import('./GridStaffPage')),
    allow: can.orgRead,
    nav: { group: 'org', label: 'staff.title', icon: <UsergroupAddOutlined />, order: 4 },
  },
  {
    path: 'org/funds',
    element: lazy(() => import('./FundsPage')),
    allow: can.orgRead,
    nav: { group: 'org', label: 'funds.title', icon: <MoneyCollectOutlined />, order: 5 },
  },
];
