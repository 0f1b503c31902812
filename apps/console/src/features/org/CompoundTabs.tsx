import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useHasRoute } from '../../api/capabilities';
import type { Page } from '../../api/client';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can } from '../../auth/access';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState, Loading, NotBuilt } from '../../components/States';
import { useT } from '../../i18n';
import { formatDate } from '../../i18n/format';
import type { FormationView } from './formation';
import { TerritoryFormModal, type TerritoryFormTarget } from './TerritoryFormModal';
import type { Building, Household } from './territory';

const day = (d: Dayjs | undefined) => (d ? dayjs(d).format('YYYY-MM-DD') : undefined);

interface Leader {
  id: string;
  name: string;
  memberName: string;
  phone: string | null;
  termStart: string;
  current: boolean;
}

function BuildingLeader({ buildingId }: { buildingId: string }) {
  const api = useApi();
  const t = useT();
  const leaders = useQuery({
    queryKey: ['org', 'leaders', buildingId],
    queryFn: () => api.get<Page<Leader>>('org', `/v1/buildings/${buildingId}/leaders`, { limit: 1 }),
  });
  const current = leaders.data?.items.find((l) => l.current);
  if (leaders.isPending) return <Typography.Text type="secondary">…</Typography.Text>;
  return current ? (
    <span>
      {current.name} <Tag>{current.memberName}</Tag>
    </span>
  ) : (
    <Typography.Text type="secondary">{t('compound.noLeader')}</Typography.Text>
  );
}

export function BuildingsTab({ compoundId, compoundName }: { compoundId: string; compoundName: string }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const [target, setTarget] = useState<TerritoryFormTarget | null>(null);
  const leadersLive = useHasRoute('org', 'get', '/v1/buildings/:id/leaders');
  const buildings = useQuery({
    queryKey: ['org', '/v1/buildings', 'of', compoundId],
    queryFn: () => api.get<Page<Building>>('org', '/v1/buildings', { compoundId, limit: 100 }),
  });
  if (buildings.error) return <ErrorState error={buildings.error} onRetry={() => buildings.refetch()} />;
  return (
    <>
      {can.treeWrite(me) && (
        <Button
          icon={<PlusOutlined />}
          style={{ marginBottom: 12 }}
          onClick={() =>
            setTarget({ kind: 'building', mode: 'create', parentId: compoundId, parentName: compoundName })
          }
        >
          {t('compound.addBuilding')}
        </Button>
      )}
      <Table<Building>
        rowKey="id"
        size="middle"
        loading={buildings.isPending}
        dataSource={buildings.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <EmptyState description={t('compound.noBuildings')} /> }}
        columns={[
          { title: t('org.field.name'), dataIndex: 'name' },
          { title: t('org.field.unitCount'), dataIndex: 'unitCount', render: (v) => v ?? '—' },
          { title: t('org.field.floorCount'), dataIndex: 'floorCount', render: (v) => v ?? '—' },
          ...(leadersLive
            ? [
                {
                  title: t('compound.leader'),
                  key: 'leader',
                  render: (_: unknown, b: Building) => <BuildingLeader buildingId={b.id} />,
                },
              ]
            : []),
          ...(leadersLive
            ? [
                {
                  title: t('table.actions'),
                  key: 'a',
                  render: (_: unknown, b: Building) => (
                    <Link to={`/org/elections?buildingId=${b.id}&compoundId=${compoundId}`}>
                      {t('compound.election')}
                    </Link>
                  ),
                },
              ]
            : []),
        ]}
      />
      <TerritoryFormModal target={target} onClose={() => setTarget(null)} />
    </>
  );
}

interface Plaque {
  id: string;
  kind: string;
  householdId: string;
  room: string | null;
  buildingName: string | null;
  hungOn: string;
  removedOn: string | null;
  current: boolean;
}

export function PlaquesTab({ compoundId }: { compoundId: string }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const live = useHasRoute('org', 'get', '/v1/plaques');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ buildingId: string; householdId: string; kind: string; hungOn: Dayjs }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const building = Form.useWatch('buildingId', form);
  const plaques = useQuery({
    queryKey: ['org', '/v1/plaques', compoundId],
    queryFn: () => api.get<Page<Plaque>>('org', '/v1/plaques', { compoundId, limit: 100 }),
    enabled: live === true,
  });
  const buildings = useQuery({
    queryKey: ['org', '/v1/buildings', 'of', compoundId],
    queryFn: () => api.get<Page<Building>>('org', '/v1/buildings', { compoundId, limit: 100 }),
    enabled: open,
  });
  const households = useQuery({
    queryKey: ['org', '/v1/households', 'of', building],
    queryFn: () => api.get<Page<Household>>('org', '/v1/households', { buildingId: building, limit: 100 }),
    enabled: !!building,
  });
  const add = useMutation({
    mutationFn: (v: { householdId: string; kind: string; hungOn: Dayjs }) =>
      api.post('org', '/v1/plaques', { householdId: v.householdId, kind: v.kind, hungOn: day(v.hungOn) }),
    onSuccess: () => {
      message.success(t('state.created'));
      queryClient.invalidateQueries({ queryKey: ['org', '/v1/plaques'] });
      setOpen(false);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      api.post('org', `/v1/plaques/${id}/remove`, { removedOn: dayjs().format('YYYY-MM-DD') }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org', '/v1/plaques'] }),
    onError: (err) => message.error((err as Error).message),
  });
  if (live === undefined) return <Loading />;
  if (!live) return <NotBuilt what="GET /api/org/v1/plaques" />;
  if (plaques.error) return <ErrorState error={plaques.error} onRetry={() => plaques.refetch()} />;
  const writable = can.rosterWrite(me);
  return (
    <>
      {writable && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setOpen(true)}>
          {t('compound.plaque.add')}
        </Button>
      )}
      <Table<Plaque>
        rowKey="id"
        size="middle"
        loading={plaques.isPending}
        dataSource={plaques.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <EmptyState description={t('compound.plaque.empty')} /> }}
        columns={[
          {
            title: t('compound.plaque.kind'),
            dataIndex: 'kind',
            render: (k: string) => <Tag color="red">{k}</Tag>,
          },
          {
            title: t('compound.plaque.household'),
            key: 'h',
            render: (_, p) => [p.buildingName, p.room].filter(Boolean).join(' '),
          },
          { title: t('compound.plaque.hungOn'), dataIndex: 'hungOn', render: formatDate },
          ...(writable
            ? [
                {
                  title: t('table.actions'),
                  key: 'a',
                  render: (_: unknown, p: Plaque) =>
                    p.current && (
                      <Button type="link" size="small" onClick={() => remove.mutate(p.id)}>
                        {t('compound.plaque.remove')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={open}
        title={t('compound.plaque.add')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={add.isPending}
        destroyOnHidden
      >
        {add.error && <ProblemAlert error={add.error} issues={other} />}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: '共产党员户', hungOn: dayjs() }}
          onFinish={(v) => add.mutate(v)}
        >
          <Form.Item
            name="buildingId"
            label={t('members.building')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Select
              options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
              loading={buildings.isFetching}
              onChange={() => form.setFieldValue('householdId', undefined)}
            />
          </Form.Item>
          <Form.Item
            name="householdId"
            label={t('compound.plaque.household')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Select
              disabled={!building}
              options={(households.data?.items ?? []).map((h) => ({ value: h.id, label: h.room }))}
              loading={households.isFetching}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('compound.plaque.kind')} rules={[{ required: true }]}>
            <Radio.Group options={['共产党员户', '共产党员光荣'].map((k) => ({ value: k, label: k }))} />
          </Form.Item>
          <Form.Item
            name="hungOn"
            label={t('compound.plaque.hungOn')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface Term {
  id: string;
  personName: string;
  personKindName: string;
  concurrent: boolean;
  concurrentName: string | null;
  isHomeowner: boolean;
  startedOn: string;
  current: boolean;
}

interface Candidate {
  rank: number;
  personKind: 'member' | 'liaison-cadre' | 'committee-member';
  personKindName: string;
  memberId: string | null;
  liaisonId: string | null;
  committeeMemberId: string | null;
  name: string;
  isHomeowner: boolean | null;
  concurrent: boolean;
  suitable: boolean;
  reason: string;
}

function SecretaryCard({ branchId }: { branchId: string }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [choosing, setChoosing] = useState(false);
  const [override, setOverride] = useState('');
  const terms = useQuery({
    queryKey: ['org', 'secretaries', branchId],
    queryFn: () => api.get<Page<Term>>('org', `/v1/party-orgs/${branchId}/secretaries`, { limit: 5 }),
  });
  const candidates = useQuery({
    queryKey: ['org', 'secretary-candidates', branchId],
    queryFn: () =>
      api.get<{ message: string; items: Candidate[]; suitableMemberExists: boolean }>(
        'org',
        `/v1/party-orgs/${branchId}/secretary-candidates`,
        { limit: 10 },
      ),
    enabled: choosing,
  });
  const appoint = useMutation({
    mutationFn: (c: Candidate) => {
      const id =
        c.personKind === 'member'
          ? { memberId: c.memberId }
          : c.personKind === 'liaison-cadre'
            ? { liaisonId: c.liaisonId }
            : { committeeMemberId: c.committeeMemberId };
      return api.post('org', `/v1/party-orgs/${branchId}/secretary`, {
        personKind: c.personKind,
        ...id,
        startedOn: dayjs().format('YYYY-MM-DD'),
        ...(override.trim() ? { override: { reason: override.trim() } } : {}),
      });
    },
    onSuccess: () => {
      message.success(t('state.saved'));
      queryClient.invalidateQueries({ queryKey: ['org'] });
      setChoosing(false);
    },
  });
  const current = terms.data?.items.find((x) => x.current);
  return (
    <Card
      size="small"
      title={t('compound.secretary')}
      extra={
        can.treeWrite(me) && (
          <Button size="small" onClick={() => setChoosing(true)}>
            {t('compound.secretary.appoint')}
          </Button>
        )
      }
    >
      {terms.isPending ? (
        <Loading rows={1} />
      ) : terms.error ? (
        <ErrorState error={terms.error} />
      ) : current ? (
        <Space wrap>
          <Typography.Text strong data-testid="secretary-name">
            {current.personName}
          </Typography.Text>
          <Tag>{current.personKindName}</Tag>
          {current.concurrent && (
            <Tag color="orange">{current.concurrentName ?? t('compound.secretary.concurrent')}</Tag>
          )}
          {current.isHomeowner && <Tag color="green">{t('members.isHomeowner')}</Tag>}
          <Typography.Text type="secondary">
            {t('compound.secretary.since', { date: formatDate(current.startedOn) })}
          </Typography.Text>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('compound.noSecretary')}</Typography.Text>
      )}
      <Modal
        open={choosing}
        title={t('compound.secretary.candidates')}
        onCancel={() => setChoosing(false)}
        footer={null}
        destroyOnHidden
      >
        {appoint.error ? <ProblemAlert error={appoint.error} /> : null}
        {candidates.isPending ? (
          <Loading />
        ) : candidates.error ? (
          <ErrorState error={candidates.error} />
        ) : (
          <>
            <Alert type="info" showIcon title={candidates.data?.message} style={{ marginBottom: 12 }} />
            <Input.TextArea
              placeholder={t('compound.secretary.override.help')}
              value={override}
              onChange={(e) => setOverride(e.target.value)}
              rows={2}
              style={{ marginBottom: 12 }}
              aria-label={t('compound.secretary.override')}
            />
            <List
              dataSource={candidates.data?.items ?? []}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    <Button
                      key="a"
                      size="small"
                      type={c.suitable ? 'primary' : 'default'}
                      loading={appoint.isPending}
                      onClick={() => appoint.mutate(c)}
                    >
                      {t('compound.secretary.appoint')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space wrap size={4}>
                        {c.name}
                        <Tag>{c.personKindName}</Tag>
                        {c.concurrent && <Tag color="orange">{t('compound.secretary.concurrent')}</Tag>}
                        {c.isHomeowner && <Tag color="green">{t('members.isHomeowner')}</Tag>}
                      </Space>
                    }
                    description={c.reason}
                  />
                </List.Item>
              )}
            />
          </>
        )}
      </Modal>
    </Card>
  );
}

interface Liaison {
  id: string;
  cadreKindName: string;
  cadreName: string;
  cadrePhone: string | null;
  startedOn: string;
  current: boolean;
}

function LiaisonCard({ compoundId }: { compoundId: string }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const list = useQuery({
    queryKey: ['org', '/v1/liaisons', compoundId],
    queryFn: () => api.get<Page<Liaison>>('org', '/v1/liaisons', { compoundId, limit: 10 }),
  });
  const add = useMutation({
    mutationFn: (v: { cadreKind: string; cadreName: string; cadrePhone?: string; startedOn: Dayjs }) =>
      api.post('org', '/v1/liaisons', {
        compoundId,
        cadreKind: v.cadreKind,
        cadreName: v.cadreName,
        ...(v.cadrePhone?.trim() ? { cadrePhone: v.cadrePhone.trim() } : {}),
        startedOn: day(v.startedOn),
      }),
    onSuccess: () => {
      message.success(t('state.created'));
      queryClient.invalidateQueries({ queryKey: ['org'] });
      setOpen(false);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const end = useMutation({
    mutationFn: (id: string) =>
      api.post('org', `/v1/liaisons/${id}/end`, {
        endedOn: dayjs().format('YYYY-MM-DD'),
        reason: '调整包保',
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org'] }),
    onError: (err) => message.error((err as Error).message),
  });
  const writable = can.treeWrite(me);
  return (
    <Card
      size="small"
      title={t('compound.liaison')}
      extra={
        writable && (
          <Button size="small" onClick={() => setOpen(true)}>
            {t('compound.liaison.add')}
          </Button>
        )
      }
    >
      {list.isPending ? (
        <Loading rows={1} />
      ) : list.error ? (
        <ErrorState error={list.error} />
      ) : (list.data?.items ?? []).length === 0 ? (
        <Typography.Text type="secondary">{t('compound.noLiaison')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={list.data?.items ?? []}
          renderItem={(l) => (
            <List.Item
              actions={
                writable && l.current
                  ? [
                      <Button key="e" size="small" type="link" onClick={() => end.mutate(l.id)}>
                        {t('compound.liaison.end')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space wrap>
                <Typography.Text strong>{l.cadreName}</Typography.Text>
                <Tag>{l.cadreKindName}</Tag>
                {l.cadrePhone}
                <Typography.Text type="secondary">
                  {t('compound.secretary.since', { date: formatDate(l.startedOn) })}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={open}
        title={t('compound.liaison.add')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={add.isPending}
        destroyOnHidden
      >
        {add.error && <ProblemAlert error={add.error} issues={other} />}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ cadreKind: 'street-cadre', startedOn: dayjs() }}
          onFinish={(v) => add.mutate(v)}
        >
          <Form.Item name="cadreKind" label={t('compound.liaison.kind')}>
            <Radio.Group
              options={(['street-cadre', 'community-committee'] as const).map((k) => ({
                value: k,
                label: t(`compound.liaison.kind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="cadreName"
            label={t('compound.liaison.name')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="cadrePhone" label={t('compound.liaison.phone')}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
          <Form.Item
            name="startedOn"
            label={t('compound.liaison.startedOn')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function PeopleTab({ compoundId, formation }: { compoundId: string; formation?: FormationView }) {
  const t = useT();
  const liaisonsLive = useHasRoute('org', 'get', '/v1/liaisons');
  const secretariesLive = useHasRoute('org', 'get', '/v1/party-orgs/:id/secretaries');
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {secretariesLive === false ? (
        <NotBuilt what={t('compound.secretary')} />
      ) : formation?.current ? (
        <SecretaryCard branchId={formation.current.branchId} />
      ) : (
        <Alert type="info" showIcon title={t('compound.secretary.noBranch')} />
      )}
      {liaisonsLive === false ? (
        <NotBuilt what={t('compound.liaison')} />
      ) : (
        <LiaisonCard compoundId={compoundId} />
      )}
    </Space>
  );
}
