import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { can } from '../../auth/access';

export const orgPages: ConsolePage[] = [
  {
    path: 'org/tree',
    element: lazy(() => import('./OrgTreePage')),
    allow: can.orgRead,
    nav: { group: 'org', label: 'org.tree.title', icon: <ApartmentOutlined />, order: 1 },
  },
  {
    path: 'org/compounds/:id',
    element: lazy(() => import('./CompoundPage')),
    allow: can.orgRead,
    menu: 'org/tree',
  },
  {
    path: 'org/import',
    element: lazy(() => import('./TerritoryImportPage')),
    allow: can.treeWrite,
    menu: 'org/tree',
  },
  {
    path: 'org/members',
    element: lazy(() => import('../members/MembersPage')),
    allow: can.orgRead,
    nav: { group: 'org', label: 'members.title', icon: <TeamOutlined />, order: 2 },
  },
  {
    path: 'org/members/import',
    element: lazy(() => import('../members/MemberImportPage')),
    allow: can.rosterWrite,
    menu: 'org/members',
  },
];
