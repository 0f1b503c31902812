import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { RequiresApi } from '../../api/capabilities';
import { applyProblemToForm } from '../../api/forms';
import { ApiError, type FieldIssue } from '../../api/problem';
import { useApi, useMe } from '../../auth/AuthProvider';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ErrorState, Loading } from '../../components/States';
import { useT } from '../../i18n';
import { DeedTable, TaskTable } from './TasksPage';
import { type InServiceMember, SERVICE_MODES, STATUS_COLOR, type Task } from './types';

function CompleteTask({ task }: { task: Task }) {
  const api = useApi();
  const t = useT();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ hours: number; note?: string }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const done = useMutation({
    mutationFn: (v: { hours: number; note?: string }) =>
      api.post('dual-reporting', `/v1/tasks/${task.id}/complete`, {
        hours: v.hours,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
      setOpen(false);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)}>
        {t('dual.tasks.complete')}
      </Button>
      <Modal
        open={open}
        title={`${t('dual.tasks.complete')} · ${task.title}`}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={done.isPending}
        destroyOnHidden
      >
        {done.error && <ProblemAlert error={done.error} issues={other} />}
        <Form form={form} layout="vertical" onFinish={(v) => done.mutate(v)}>
          <Form.Item
            name="hours"
            label={t('dual.tasks.hours')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <InputNumber min={0.1} max={200} step={0.5} precision={1} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('dual.tasks.note')}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function RecordDeed() {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: { title: string; description?: string; mode: string; doneOn: Dayjs; hours: number }) =>
      api.post('dual-reporting', '/v1/deeds', {
        title: v.title,
        ...(v.description?.trim() ? { description: v.description.trim() } : {}),
        mode: v.mode,
        doneOn: dayjs(v.doneOn).format('YYYY-MM-DD'),
        hours: v.hours,
      }),
    onSuccess: () => {
      message.success(t('state.created'));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
      setOpen(false);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
        {t('dual.deeds.record')}
      </Button>
      <Modal
        open={open}
        title={t('dual.deeds.record')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        {save.error && <ProblemAlert error={save.error} issues={other} />}
        <Form
          form={form}
          layout="vertical"
          initialValues={{ mode: 'volunteer-help', doneOn: dayjs() }}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item
            name="title"
            label={t('dual.deeds.titleField')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Input maxLength={100} placeholder="帮独居老人修理水管" />
          </Form.Item>
          <Form.Item name="description" label={t('dual.deeds.description')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="mode" label={t('dual.tasks.mode')}>
            <Select options={SERVICE_MODES.map((m) => ({ value: m, label: t(`dual.tasks.mode.${m}`) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name="doneOn"
              label={t('dual.deeds.doneOn')}
              rules={[{ required: true, message: t('error.field.required') }]}
            >
              <DatePicker disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
            <Form.Item
              name="hours"
              label={t('dual.tasks.hours')}
              rules={[{ required: true, message: t('error.field.required') }]}
            >
              <InputNumber min={0.1} max={24} step={0.5} precision={1} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

export default function MyServicePage() {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState('open');
  const record = useQuery({
    queryKey: ['dual-reporting', 'me'],
    queryFn: () => api.get<InServiceMember>('dual-reporting', '/v1/in-service-members/me'),
  });
  const accept = useMutation({
    mutationFn: (task: Task) => api.post('dual-reporting', `/v1/tasks/${task.id}/accept`),
    onSuccess: () => {
      message.success(t('state.done'));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
    },
    onError: (err) => message.error((err as Error).message),
  });
  const notLinked = record.error instanceof ApiError && record.error.status === 404;
  return (
    <PageContainer title={t('dual.me.title')} subtitle={t('dual.me.subtitle')}>
      <RequiresApi service="dual-reporting" path="/v1/in-service-members/me">
        {record.isPending ? (
          <Loading />
        ) : notLinked ? (
          <Alert
            type="info"
            showIcon
            title={t('dual.me.notLinked')}
            description={
              <span>
                {t('dual.me.accountId')}：
                <Typography.Text copyable code>
                  {me.id}
                </Typography.Text>
              </span>
            }
          />
        ) : record.error ? (
          <ErrorState error={record.error} onRetry={() => record.refetch()} />
        ) : (
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('dual.me.record')}>
              <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
                <Descriptions.Item label={t('dual.member.name')}>{record.data!.name}</Descriptions.Item>
                <Descriptions.Item label={t('dual.reports.unit')}>
                  {record.data!.workUnitName}
                </Descriptions.Item>
                <Descriptions.Item label={t('dual.member.report')}>
                  <Tag color={STATUS_COLOR[record.data!.reportStatus]}>{record.data!.reportStatusName}</Tag>
                  {record.data!.compoundName}
                </Descriptions.Item>
                <Descriptions.Item label={t('dual.member.phone')}>{record.data!.phone}</Descriptions.Item>
                <Descriptions.Item label={t('dual.member.position')}>
                  {record.data!.position ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('dual.member.skills')}>
                  {record.data!.skills ?? '—'}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card>
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  { key: 'open', label: t('dual.me.openTasks') },
                  { key: 'mine', label: t('dual.me.myTasks') },
                  { key: 'deeds', label: t('dual.deeds.title') },
                ]}
              />
              {tab === 'open' && (
                <TaskTable
                  filters={{ status: 'open' }}
                  actions={(task) => (
                    <Button
                      size="small"
                      type="primary"
                      loading={accept.isPending}
                      onClick={() => accept.mutate(task)}
                    >
                      {t('dual.tasks.accept')}
                    </Button>
                  )}
                />
              )}
              {tab === 'mine' && (
                <TaskTable
                  filters={{ mine: 'true' }}
                  actions={(task) => task.status === 'accepted' && <CompleteTask task={task} />}
                />
              )}
              {tab === 'deeds' && (
                <>
                  <RecordDeed />
                  <DeedTable filters={{ memberId: record.data!.id }} />
                </>
              )}
            </Card>
          </Space>
        )}
      </RequiresApi>
    </PageContainer>
  );
}
