import { GlobalOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth, useMe } from '../../auth/AuthProvider';
import { useI18n } from '../../i18n';
import { consolePages } from '../pages';
import { menuItems, selectedKey } from './nav';

const SIDER_WIDTH = 220;

function Brand() {
  const { t } = useI18n();
  return (
    <div className="brand">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="6" fill="#fff" />
        <path d="M9 25V7l14 9-14 2z" fill="#c8161d" />
      </svg>
      <span>{t('app.name')}</span>
    </div>
  );
}

/** The signed-in shell: a side menu on a desktop, a drawer behind a button on a phone. */
export function AppLayout() {
  const me = useMe();
  const { logout } = useAuth();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [drawer, setDrawer] = useState(false);
  const items = useMemo(() => menuItems(consolePages, me, t), [me, t]);
  const selected = selectedKey(consolePages, location.pathname);
  const openGroups = useMemo(
    () =>
      items
        .filter((i) => i && 'children' in i && i.children?.some((c) => c?.key === selected))
        .map((i) => String(i!.key)),
    [items, selected],
  );

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      defaultOpenKeys={openGroups}
      onClick={({ key }) => {
        setDrawer(false);
        navigate(key);
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );

  const who = me.name ?? me.id;
  const where = me.kind === 'platform' ? t('app.platform') : (me.tenant?.name ?? '');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <div style={{ background: '#001529' }}>
          <Layout.Sider
            width={SIDER_WIDTH}
            style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
          >
            <div style={{ padding: '16px 20px' }}>
              <Brand />
            </div>
            <nav aria-label={t('app.menu')}>{menu}</nav>
          </Layout.Sider>
        </div>
      )}
      {phone && (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={260}
          styles={{ body: { padding: 0, background: '#001529' }, header: { background: '#001529' } }}
          title={<Brand />}
          closable={false}
        >
          <nav aria-label={t('app.menu')}>{menu}</nav>
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: phone ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            position: 'sticky',
            top: 0,
            zIndex: 10,
            borderBottom: '1px solid #f0f0f0',
            height: 56,
            lineHeight: '56px',
          }}
        >
          {phone && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              aria-label={t('app.menu')}
              onClick={() => setDrawer(true)}
            />
          )}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
            {where}
            {!phone && me.tenant && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontWeight: 400 }}>
                {me.tenant.city} · {me.tenant.code}
              </Typography.Text>
            )}
          </Typography.Text>
          <Dropdown
            menu={{
              selectedKeys: [lang],
              items: [
                { key: 'zh', label: t('app.lang.zh') },
                { key: 'en', label: t('app.lang.en') },
              ],
              onClick: ({ key }) => setLang(key as 'zh' | 'en'),
            }}
          >
            <Button type="text" icon={<GlobalOutlined />} aria-label={t('app.lang')}>
              {phone ? null : lang === 'zh' ? '中' : 'EN'}
            </Button>
          </Dropdown>
          <Dropdown
            menu={{
              items: [
                {
                  key: 'roles',
                  disabled: true,
                  label: (
                    <Space wrap size={4}>
                      {me.roles.map((r) => (
                        <Tag key={r} color="red">
                          {t(`role.${r}` as never)}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
                { type: 'divider' },
                { key: 'account', icon: <UserOutlined />, label: t('app.account') },
                { key: 'logout', icon: <LogoutOutlined />, label: t('app.logout'), danger: true },
              ],
              onClick: ({ key }) => {
                if (key === 'account') navigate('/account');
                if (key === 'logout') void logout();
              },
            }}
          >
            <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
              {phone ? null : who}
            </Button>
          </Dropdown>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
