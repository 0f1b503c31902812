import {
  ApartmentOutlined,
  BarChartOutlined,
  CloudServerOutlined,
  HomeOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { matchPath } from 'react-router';
import type { Me } from '../../auth/access';
import type { MessageKey } from '../../i18n';
import type { ConsolePage, NavGroupKey } from '../registry';

const GROUPS: { key: NavGroupKey; label: MessageKey; icon: ReactNode }[] = [
  { key: 'platform', label: 'nav.platform', icon: <CloudServerOutlined /> },
  { key: 'org', label: 'nav.org', icon: <ApartmentOutlined /> },
  { key: 'coverage', label: 'nav.coverage', icon: <BarChartOutlined /> },
  { key: 'dual', label: 'nav.dual', icon: <TeamOutlined /> },
  { key: 'admin', label: 'nav.admin', icon: <SettingOutlined /> },
];

/** The pages this user may open, grouped for the menu; groups with nothing for them are left out. */
export function visibleNav(pages: ConsolePage[], me: Me) {
  const allowed = pages.filter((p) => p.nav && p.allow(me));
  return GROUPS.map((g) => ({
    ...g,
    pages: allowed.filter((p) => p.nav!.group === g.key).sort((a, b) => a.nav!.order - b.nav!.order),
  })).filter((g) => g.pages.length > 0);
}

export function menuItems(
  pages: ConsolePage[],
  me: Me,
  t: (k: MessageKey) => string,
): NonNullable<MenuProps['items']> {
  const groups = visibleNav(pages, me);
  const home = { key: '/', icon: <HomeOutlined />, label: t('nav.home') };
  // One group with few pages reads better flat (a work-unit admin, a platform admin).
  const flat = groups.length === 1;
  return [
    home,
    ...groups.flatMap((g) => {
      const single = flat || g.pages.length === 1;
      const children = g.pages.map((p) => ({
        key: `/${p.path}`,
        icon: single ? p.nav!.icon : undefined,
        label: t(p.nav!.label),
      }));
      // A group of one page is that page (no submenu to open).
      return single ? children : [{ key: `group:${g.key}`, icon: g.icon, label: t(g.label), children }];
    }),
  ];
}

/** The menu key of the page a path belongs to (the longest nav path that prefixes it). */
export function selectedKey(pages: ConsolePage[], pathname: string): string {
  for (const p of pages) if (!p.nav && p.menu && matchPath(`/${p.path}`, pathname)) return `/${p.menu}`;
  let best = '/';
  for (const p of pages) {
    if (!p.nav) continue;
    const key = `/${p.path}`;
    if ((pathname === key || pathname.startsWith(`${key}/`)) && key.length > best.length) best = key;
  }
  return best;
}
