import { AuditOutlined, BankOutlined, CheckSquareOutlined, SolutionOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { hasAnyRole } from '../../auth/access';

/** Roles as dual-reporting's guards name them (apps/dual-reporting/src/access.ts). */
const BRANCH_SIDE = ['tenant-admin', 'street-cadre', 'community-cadre', 'branch-secretary'];
const READERS = [...BRANCH_SIDE, 'grid-worker', 'work-unit-admin', 'viewer'];

export const dualPages: ConsolePage[] = [
  {
    path: 'dual/work-units',
    element: lazy(() => import('./WorkUnitsPage')),
    allow: (me) => hasAnyRole(me, READERS),
    nav: { group: 'dual', label: 'dual.units.title', icon: <BankOutlined />, order: 1 },
  },
  {
    path: 'dual/work-units/:id',
    element: lazy(() => import('./WorkUnitPage')),
    allow: (me) => hasAnyRole(me, READERS),
    menu: 'dual/work-units',
  },
  {
    path: 'dual/reports',
    element: lazy(() => import('./ReportsPage')),
    allow: (me) => hasAnyRole(me, BRANCH_SIDE),
    nav: { group: 'dual', label: 'dual.reports.title', icon: <AuditOutlined />, order: 2 },
  },
  {
    path: 'dual/tasks',
    element: lazy(() => import('./TasksPage')),
    allow: (me) => hasAnyRole(me, BRANCH_SIDE),
    nav: { group: 'dual', label: 'dual.tasks.title', icon: <CheckSquareOutlined />, order: 3 },
  },
  {
    path: 'dual/me',
    element: lazy(() => import('./MyServicePage')),
    allow: (me) => hasAnyRole(me, ['in-service-member']),
    nav: { group: 'dual', label: 'dual.me.title', icon: <SolutionOutlined />, order: 4 },
  },
];
