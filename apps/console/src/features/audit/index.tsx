import { FileSearchOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { ConsolePage } from '../../app/registry';
import { can } from '../../auth/access';

export const auditPages: ConsolePage[] = [
  {
    path: 'admin/audit',
    element: lazy(() => import('./AuditLogPage')),
    allow: can.tenantAdmin,
    nav: { group: 'admin', label: 'audit.title', icon: <FileSearchOutlined />, order: 3 },
  },
];
