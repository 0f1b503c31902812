import { Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { visibleNav } from '../../app/layout/nav';
import { consolePages } from '../../app/pages';
import { useMe } from '../../auth/AuthProvider';
import { isDistrictWide } from '../../auth/access';
import { PageContainer } from '../../components/PageContainer';
import { useT } from '../../i18n';

/** Who you are, where you work, and the pages you may use. */
export function HomePage() {
  const me = useMe();
  const t = useT();
  const groups = visibleNav(consolePages, me);
  const scopeKinds = Object.entries(me.scope ?? {}).filter(([, ids]) => ids && ids.length > 0);
  return (
    <PageContainer title={t('home.welcome', { name: me.name ?? '' })} subtitle={t('app.subtitle')}>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, md: 3 }} size="small">
          {me.tenant && (
            <Descriptions.Item label={t('account.tenant')}>
              {me.tenant.city} {me.tenant.name}（{me.tenant.code}）
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('home.roles')}>
            <Space wrap size={4}>
              {me.roles.map((r) => (
                <Tag key={r} color="red">
                  {t(`role.${r}` as never)}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          {me.kind === 'user' && (
            <Descriptions.Item label={t('home.scope')}>
              {isDistrictWide(me)
                ? t('home.scope.all')
                : scopeKinds.map(([kind, ids]) => `${t(`scope.${kind}` as never)} ${ids!.length}`).join('，')}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      {groups.map((g) => (
        <div key={g.key} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>{t(g.label)}</Typography.Title>
          <Row gutter={[12, 12]}>
            {g.pages.map((p) => (
              <Col key={p.path} xs={12} sm={8} lg={6} xl={4}>
                <Link to={`/${p.path}`}>
                  <Card hoverable size="small" style={{ height: '100%' }}>
                    <Space orientation="vertical" size={4}>
                      <span style={{ fontSize: 22, color: '#c8161d' }}>{p.nav!.icon}</span>
                      <Typography.Text strong>{t(p.nav!.label)}</Typography.Text>
                      {p.shortcut && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {t(p.shortcut.description)}
                        </Typography.Text>
                      )}
                    </Space>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </div>
      ))}
    </PageContainer>
  );
}
