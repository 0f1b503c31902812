import { PieChartOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { can } from '../../auth/access';

export const coveragePages: ConsolePage[] = [
  {
    path: 'coverage',
    element: lazy(() => import('./CoveragePage')),
    allow: can.orgRead,
    nav: { group: 'coverage', label: 'coverage.title', icon: <PieChartOutlined />, order: 1 },
  },
];
