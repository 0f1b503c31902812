import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { RequiresApi } from '../../api/capabilities';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi } from '../../auth/AuthProvider';
import { CursorPager } from '../../components/CursorPager';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { DrCompoundPicker } from './DrCompoundPicker';
import { type Deed, SERVICE_MODES, STATUS_COLOR, type Task } from './types';

function CreateTask({ open, onClose }: { open: boolean; onClose: () => void }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const create = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const opt = (s: unknown) => (typeof s === 'string' && s.trim() ? s.trim() : undefined);
      return api.post('dual-reporting', '/v1/tasks', {
        compoundId: v.compoundId,
        title: v.title,
        need: v.need,
        mode: v.mode,
        residentName: opt(v.residentName),
        residentContact: opt(v.residentContact),
        address: opt(v.address),
        dueOn: v.dueOn ? dayjs(v.dueOn as Dayjs).format('YYYY-MM-DD') : undefined,
      });
    },
    onSuccess: () => {
      message.success(t('state.created'));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const required = { required: true, message: t('error.field.required') };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 520 : '100%'}
      title={t('dual.tasks.create')}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            {t('action.save')}
          </Button>
        </Space>
      }
    >
      {create.error && <ProblemAlert error={create.error} issues={other} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ mode: 'volunteer-help' }}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="compoundId" label={t('level.compound')} rules={[required]}>
          <DrCompoundPicker />
        </Form.Item>
        <Form.Item name="title" label={t('dual.tasks.titleField')} rules={[required]}>
          <Input maxLength={100} placeholder="代办老年人优待证" />
        </Form.Item>
        <Form.Item name="need" label={t('dual.tasks.need')} rules={[required]}>
          <Input.TextArea maxLength={1000} rows={3} />
        </Form.Item>
        <Form.Item name="mode" label={t('dual.tasks.mode')} rules={[required]}>
          <Select options={SERVICE_MODES.map((m) => ({ value: m, label: t(`dual.tasks.mode.${m}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="residentName" label={t('dual.tasks.resident')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="residentContact" label={t('dual.tasks.residentContact')}>
            <Input maxLength={40} />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={t('dual.tasks.address')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('dual.tasks.dueOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function ReasonAction({
  label,
  danger,
  onSubmit,
}: {
  label: string;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Button size="small" danger={danger} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        onCancel={() => setOpen(false)}
        confirmLoading={busy}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={async () => {
          setBusy(true);
          try {
            await onSubmit(reason.trim());
            setOpen(false);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
        destroyOnHidden
      >
        {error ? <ProblemAlert error={error} /> : null}
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          maxLength={200}
          placeholder={t('dual.tasks.reason')}
          aria-label={t('dual.tasks.reason')}
        />
      </Modal>
    </>
  );
}

export function TaskTable({
  filters,
  actions,
}: {
  filters: Record<string, string | undefined>;
  actions: (task: Task) => React.ReactNode;
}) {
  const t = useT();
  const list = useCursorList<Task>('dual-reporting', '/v1/tasks', filters);
  if (list.query.error) return <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />;
  return (
    <>
      <Table<Task>
        rowKey="id"
        loading={list.query.isFetching}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <EmptyState description={t('dual.tasks.empty')} /> }}
        expandable={{
          expandedRowRender: (r) => (
            <Space orientation="vertical" size={2}>
              <span>{r.need}</span>
              {(r.residentName || r.address) && (
                <Typography.Text type="secondary">
                  {[r.residentName, r.residentContact, r.address].filter(Boolean).join(' · ')}
                </Typography.Text>
              )}
              {r.resultNote && <span>✔ {r.resultNote}</span>}
              {r.returnReason && <Typography.Text type="danger">{r.returnReason}</Typography.Text>}
            </Space>
          ),
        }}
        columns={[
          {
            title: t('dual.tasks.titleField'),
            dataIndex: 'title',
            render: (v: string) => <strong>{v}</strong>,
          },
          {
            title: t('dual.tasks.mode'),
            dataIndex: 'modeName',
            render: (m: string) => <Tag>{m}</Tag>,
            responsive: ['md'],
          },
          { title: t('level.compound'), dataIndex: 'compoundName' },
          {
            title: t('dual.tasks.member'),
            key: 'm',
            render: (_, r) => (r.memberName ? `${r.memberName}（${r.workUnitName}）` : '—'),
            responsive: ['md'],
          },
          { title: t('dual.tasks.hours'), dataIndex: 'hours', render: (h) => h ?? '—', responsive: ['lg'] },
          { title: t('dual.tasks.dueOn'), dataIndex: 'dueOn', render: formatDate, responsive: ['lg'] },
          {
            title: t('table.status'),
            dataIndex: 'statusName',
            render: (s: string, r) => <Tag color={STATUS_COLOR[r.status]}>{s}</Tag>,
          },
          { title: t('table.actions'), key: 'a', render: (_, r) => actions(r) },
        ]}
      />
      <CursorPager
        page={list.page}
        hasPrev={list.hasPrev}
        hasNext={list.hasNext}
        onPrev={list.prev}
        onNext={list.next}
        loading={list.query.isFetching}
      />
    </>
  );
}

export function DeedTable({
  filters,
  actions,
}: {
  filters: Record<string, string | undefined>;
  actions?: (deed: Deed) => React.ReactNode;
}) {
  const t = useT();
  const list = useCursorList<Deed>('dual-reporting', '/v1/deeds', filters);
  if (list.query.error) return <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />;
  return (
    <>
      <Table<Deed>
        rowKey="id"
        loading={list.query.isFetching}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <EmptyState description={t('dual.deeds.empty')} /> }}
        columns={[
          {
            title: t('dual.deeds.titleField'),
            dataIndex: 'title',
            render: (v: string) => <strong>{v}</strong>,
          },
          {
            title: t('dual.tasks.member'),
            key: 'm',
            render: (_, d) => `${d.memberName}（${d.workUnitName}）`,
            responsive: ['md'],
          },
          {
            title: t('dual.tasks.mode'),
            dataIndex: 'modeName',
            render: (m: string) => <Tag>{m}</Tag>,
            responsive: ['md'],
          },
          { title: t('dual.deeds.doneOn'), dataIndex: 'doneOn', render: formatDate },
          { title: t('dual.tasks.hours'), dataIndex: 'hours' },
          {
            title: t('table.status'),
            dataIndex: 'statusName',
            render: (s: string, d) => (
              <Tag color={d.status === 'verified' ? 'green' : d.status === 'rejected' ? 'red' : 'gold'}>
                {s}
              </Tag>
            ),
          },
          ...(actions
            ? [{ title: t('table.actions'), key: 'a', render: (_: unknown, d: Deed) => actions(d) }]
            : []),
        ]}
      />
      <CursorPager
        page={list.page}
        hasPrev={list.hasPrev}
        hasNext={list.hasNext}
        onPrev={list.prev}
        onNext={list.next}
        loading={list.query.isFetching}
      />
    </>
  );
}

export default function TasksPage() {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState('done');
  const [creating, setCreating] = useState(false);
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body?: unknown }) =>
      api.post('dual-reporting', path, body ?? {}),
    onSuccess: () => {
      message.success(t('state.done'));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
    },
    onError: (err) => message.error((err as Error).message),
  });
  const taskActions = (r: Task) => (
    <Space size={4} wrap>
      {r.status === 'done' && (
        <>
          <Popconfirm
            title={`${t('dual.tasks.verify')}：${r.title}？`}
            onConfirm={() => act.mutateAsync({ path: `/v1/tasks/${r.id}/verify` })}
          >
            <Button size="small" type="primary">
              {t('dual.tasks.verify')}
            </Button>
          </Popconfirm>
          <ReasonAction
            label={t('dual.tasks.return')}
            onSubmit={(reason) => act.mutateAsync({ path: `/v1/tasks/${r.id}/return`, body: { reason } })}
          />
        </>
      )}
      {(r.status === 'open' || r.status === 'accepted') && (
        <ReasonAction
          label={t('dual.tasks.cancel')}
          danger
          onSubmit={(reason) => act.mutateAsync({ path: `/v1/tasks/${r.id}/cancel`, body: { reason } })}
        />
      )}
    </Space>
  );
  const deedActions = (d: Deed) =>
    d.status === 'pending' && (
      <Space size={4}>
        <Button size="small" type="primary" onClick={() => act.mutate({ path: `/v1/deeds/${d.id}/verify` })}>
          {t('dual.deeds.verify')}
        </Button>
        <ReasonAction
          label={t('dual.deeds.reject')}
          danger
          onSubmit={(reason) => act.mutateAsync({ path: `/v1/deeds/${d.id}/reject`, body: { reason } })}
        />
      </Space>
    );
  const statusFor: Record<string, string | undefined> = {
    done: 'done',
    open: 'open',
    accepted: 'accepted',
    verified: 'verified',
    all: undefined,
  };
  return (
    <PageContainer
      title={t('dual.tasks.title')}
      subtitle={t('dual.tasks.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('dual.tasks.create')}
        </Button>
      }
    >
      <RequiresApi service="dual-reporting" path="/v1/tasks">
        <Card>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'done', label: t('dual.tasks.toVerify') },
              { key: 'open', label: t('dual.tasks.open') },
              { key: 'accepted', label: t('dual.tasks.inProgress') },
              { key: 'verified', label: t('dual.tasks.finished') },
              { key: 'deeds', label: t('dual.deeds.toVerify') },
            ]}
          />
          {tab === 'deeds' ? (
            <DeedTable filters={{ status: 'pending', source: 'self' }} actions={deedActions} />
          ) : (
            <TaskTable filters={{ status: statusFor[tab] }} actions={taskActions} />
          )}
        </Card>
      </RequiresApi>
      <CreateTask open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
