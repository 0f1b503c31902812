import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useHasRoute } from '../../api/capabilities';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can } from '../../auth/access';
import { PageContainer } from '../../components/PageContainer';
import { NotBuilt, QueryView } from '../../components/States';
import { useT } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { MemberDrawer } from '../members/MemberDrawer';
import { MemberTable } from '../members/MembersPage';
import { BuildingsTab, PeopleTab, PlaquesTab } from './CompoundTabs';
import { FormationCard } from './FormationCard';
import type { FormationView } from './formation';
import type { Compound } from './territory';

export default function CompoundPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const me = useMe();
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [tab, setTab] = useState('members');
  const compound = useQuery({
    queryKey: ['org', '/v1/compounds', 'one', id],
    queryFn: () => api.get<Compound>('org', `/v1/compounds/${id}`),
  });
  const formationLive = useHasRoute('org', 'get', '/v1/formation/compounds/:id');
  const membersLive = useHasRoute('org', 'get', '/v1/members');
  const formation = useQuery({
    queryKey: ['org', 'formation', id],
    queryFn: () => api.get<FormationView>('org', `/v1/formation/compounds/${id}`),
    enabled: formationLive === true,
  });
  const f = formation.data;
  return (
    <QueryView query={compound}>
      {(c) => (
        <PageContainer
          title={c.name}
          subtitle={f ? `${f.streetName} / ${f.communityName} / ${f.gridName}` : c.address}
          crumbs={[{ title: t('org.tree.title'), to: '/org/tree' }, { title: c.name }]}
          extra={
            c.branchFormName ? (
              <Tag color="green">{c.branchFormName}</Tag>
            ) : (
              <Tag color="warning">{t('compound.noBranch')}</Tag>
            )
          }
        >
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={10}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <Card size="small" title={t('compound.overview')}>
                  <Descriptions column={{ xs: 1, sm: 2, lg: 1, xl: 2 }} size="small">
                    <Descriptions.Item label={t('org.field.address')}>{c.address ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('org.field.householdCount')}>
                      {formatNumber(c.householdCount)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('org.field.buildingCount')}>
                      {formatNumber(c.buildingCount)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('org.field.propertyCompany')}>
                      {c.propertyCompany ?? '—'}
                    </Descriptions.Item>
                  </Descriptions>
                </Card>
                {formationLive === false ? (
                  <NotBuilt what={t('compound.recommendation')} />
                ) : (
                  <FormationCard compoundId={id} />
                )}
              </Space>
            </Col>
            <Col xs={24} lg={14}>
              <Card>
                <Tabs
                  activeKey={tab}
                  onChange={setTab}
                  tabBarExtraContent={
                    tab === 'members' &&
                    membersLive &&
                    can.rosterWrite(me) && (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                        {t('members.add')}
                      </Button>
                    )
                  }
                  items={[
                    {
                      key: 'members',
                      label: t('compound.members'),
                      children:
                        membersLive === false ? (
                          <NotBuilt what="GET /api/org/v1/members" />
                        ) : (
                          <MemberTable filters={{ compoundId: id }} hideCompound />
                        ),
                    },
                    {
                      key: 'buildings',
                      label: t('compound.buildings'),
                      children: <BuildingsTab compoundId={id} compoundName={c.name} />,
                    },
                    {
                      key: 'plaques',
                      label: t('compound.plaques'),
                      children: <PlaquesTab compoundId={id} />,
                    },
                    {
                      key: 'people',
                      label: t('compound.people'),
                      children: <PeopleTab compoundId={id} formation={f} />,
                    },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <MemberDrawer open={adding} compoundId={id} onClose={() => setAdding(false)} />
        </PageContainer>
      )}
    </QueryView>
  );
}
