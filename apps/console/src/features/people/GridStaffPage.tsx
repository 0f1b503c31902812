import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { RequiresApi } from '../../api/capabilities';
import type { Page } from '../../api/client';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can } from '../../auth/access';
import { AreaFilter, areaToQuery } from '../../components/AreaFilter';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { indexTree, useTerritoryTree } from '../org/tree';

export const GRID_STAFF_ROLES = [
  'liaison-cadre',
  'full-time-grid-worker',
  'part-time-grid-worker',
  'compound-police',
  'urban-management',
  'public-welfare-post',
] as const;

interface Staffing {
  gridId: string;
  gridName: string;
  count: number;
  status: 'ok' | 'too-few' | 'too-many';
  statusName: string;
  message: string;
  byRole: { role: string; roleName: string; count: number }[];
}
interface StaffingList {
  range: { min: number; max: number };
  summary: { grids: number; ok: number; tooFew: number; tooMany: number };
  items: Staffing[];
  nextCursor: string | null;
}
interface Staff {
  id: string;
  name: string;
  phone: string | null;
  roleName: string;
  startedOn: string;
  current: boolean;
}

const STATUS_COLOR = { ok: 'green', 'too-few': 'orange', 'too-many': 'red' } as const;

function GridPeople({ gridId, writable }: { gridId: string; writable: boolean }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const staff = useQuery({
    queryKey: ['org', '/v1/grid-staff', gridId],
    queryFn: () => api.get<Page<Staff>>('org', '/v1/grid-staff', { gridId, limit: 100 }),
  });
  const end = useMutation({
    mutationFn: (id: string) =>
      api.post('org', `/v1/grid-staff/${id}/end`, { endedOn: dayjs().format('YYYY-MM-DD') }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['org'] }),
    onError: (err) => message.error((err as Error).message),
  });
  if (staff.error) return <ErrorState error={staff.error} />;
  return (
    <Table<Staff>
      size="small"
      rowKey="id"
      loading={staff.isPending}
      dataSource={staff.data?.items ?? []}
      pagination={false}
      columns={[
        { title: t('staff.name'), dataIndex: 'name' },
        { title: t('staff.role'), dataIndex: 'roleName', render: (r: string) => <Tag>{r}</Tag> },
        { title: t('staff.phone'), dataIndex: 'phone', render: (p) => p ?? '—', responsive: ['md'] },
        { title: t('staff.startedOn'), dataIndex: 'startedOn', render: formatDate, responsive: ['md'] },
        ...(writable
          ? [
              {
                title: t('table.actions'),
                key: 'a',
                render: (_: unknown, s: Staff) => (
                  <Popconfirm title={`${t('staff.end')} ${s.name}？`} onConfirm={() => end.mutateAsync(s.id)}>
                    <Button type="link" size="small" danger>
                      {t('staff.end')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

function AssignModal({ grid, onClose }: { grid: Staffing | null; onClose: () => void }) {
  const api = useApi();
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: { name: string; phone?: string; role: string; startedOn: Dayjs }) =>
      api.post('org', '/v1/grid-staff', {
        gridId: grid!.gridId,
        name: v.name,
        role: v.role,
        startedOn: dayjs(v.startedOn).format('YYYY-MM-DD'),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['org'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <Modal
      open={!!grid}
      title={`${t('staff.add')} · ${grid?.gridName ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ role: 'full-time-grid-worker', startedOn: dayjs() }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="name"
          label={t('staff.name')}
          rules={[{ required: true, message: t('error.field.required') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="role" label={t('staff.role')}>
          <Select options={GRID_STAFF_ROLES.map((r) => ({ value: r, label: t(`staff.role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="phone" label={t('staff.phone')}>
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        <Form.Item
          name="startedOn"
          label={t('staff.startedOn')}
          rules={[{ required: true, message: t('error.field.required') }]}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function GridStaffPage() {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const [area, setArea] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [assigning, setAssigning] = useState<Staffing | null>(null);
  const q = areaToQuery(area);
  const staffing = useQuery({
    queryKey: ['org', '/v1/grid-staffing', q, status],
    queryFn: () =>
      api.get<StaffingList>('org', '/v1/grid-staffing', {
        streetId: q.streetId,
        communityId: q.communityId,
        status,
        limit: 100,
      }),
  });
  const range = staffing.data?.range;
  const writable = can.treeWrite(me);
  const tree = useTerritoryTree();
  const names = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  return (
    <PageContainer title={t('staff.title')} subtitle={range ? t('staff.subtitle', range) : undefined}>
      <RequiresApi service="org" path="/v1/grid-staffing">
        <Card>
          <Space wrap style={{ marginBottom: 12 }}>
            <AreaFilter value={area} onChange={setArea} maxKind="community" />
            <Select
              allowClear
              placeholder={t('table.status')}
              value={status}
              onChange={setStatus}
              style={{ width: 140 }}
              options={[
                { value: 'too-few', label: t('staff.tooFew') },
                { value: 'too-many', label: t('staff.tooMany') },
                { value: 'ok', label: t('staff.ok') },
              ]}
            />
          </Space>
          {staffing.data && (
            <Alert
              style={{ marginBottom: 12 }}
              type={staffing.data.summary.tooFew + staffing.data.summary.tooMany > 0 ? 'warning' : 'success'}
              showIcon
              title={t('staff.summary', {
                grids: staffing.data.summary.grids,
                ok: staffing.data.summary.ok,
                few: staffing.data.summary.tooFew,
                many: staffing.data.summary.tooMany,
              })}
            />
          )}
          {staffing.error ? (
            <ErrorState error={staffing.error} onRetry={() => staffing.refetch()} />
          ) : (
            <Table<Staffing>
              rowKey="gridId"
              loading={staffing.isFetching}
              dataSource={staffing.data?.items ?? []}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: <EmptyState description={t('staff.empty')} /> }}
              expandable={{ expandedRowRender: (g) => <GridPeople gridId={g.gridId} writable={writable} /> }}
              columns={[
                {
                  title: t('staff.grid'),
                  dataIndex: 'gridName',
                  render: (n: string, g) => (
                    <span>
                      <strong>{n}</strong>{' '}
                      <Typography.Text type="secondary">
                        {names
                          .get(g.gridId)
                          ?.path.map((p) => p.name)
                          .join(' / ')}
                      </Typography.Text>
                    </span>
                  ),
                },
                { title: t('staff.count'), dataIndex: 'count' },
                {
                  title: t('table.status'),
                  key: 's',
                  render: (_, g) => (
                    <Space orientation="vertical" size={0}>
                      <Tag color={STATUS_COLOR[g.status]}>{g.statusName}</Tag>
                      {g.status !== 'ok' && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {g.message}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                {
                  title: t('staff.byRole'),
                  key: 'r',
                  responsive: ['md'],
                  render: (_, g) => (
                    <Space size={[4, 4]} wrap>
                      {g.byRole
                        .filter((r) => r.count > 0)
                        .map((r) => (
                          <Tag key={r.role}>
                            {r.roleName} {r.count}
                          </Tag>
                        ))}
                    </Space>
                  ),
                },
                ...(writable
                  ? [
                      {
                        title: t('table.actions'),
                        key: 'a',
                        render: (_: unknown, g: Staffing) => (
                          <Button size="small" icon={<PlusOutlined />} onClick={() => setAssigning(g)}>
                            {t('staff.add')}
                          </Button>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          )}
        </Card>
      </RequiresApi>
      <AssignModal grid={assigning} onClose={() => setAssigning(null)} />
    </PageContainer>
  );
}
