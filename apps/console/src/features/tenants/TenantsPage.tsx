import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Divider,
  Flex,
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
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
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
import type { Tenant } from './types';

export function TenantStatusTag({ status }: { status: Tenant['status'] }) {
  const t = useT();
  return status === 'active' ? (
    <Tag color="green">{t('tenants.status.active')}</Tag>
  ) : (
    <Tag color="default">{t('tenants.status.suspended')}</Tag>
  );
}

/** Suspend or reactivate, after saying what it does. */
export function TenantStatusAction({ tenant }: { tenant: Tenant }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const suspend = tenant.status === 'active';
  const change = useMutation({
    mutationFn: () =>
      api.post<Tenant>('identity', `/v1/tenants/${tenant.id}/${suspend ? 'suspend' : 'reactivate'}`),
    onSuccess: () => {
      message.success(t(suspend ? 'tenants.suspended' : 'tenants.reactivated', { name: tenant.name }));
      queryClient.invalidateQueries({ queryKey: ['identity'] });
    },
    onError: (err) => message.error((err as Error).message),
  });
  return (
    <Popconfirm
      title={t(suspend ? 'tenants.suspend.confirm' : 'tenants.reactivate.confirm', { name: tenant.name })}
      onConfirm={() => change.mutateAsync()}
      okButtonProps={{ danger: suspend }}
    >
      <Button size="small" danger={suspend} loading={change.isPending}>
        {t(suspend ? 'tenants.suspend' : 'tenants.reactivate')}
      </Button>
    </Popconfirm>
  );
}

interface CreateTenantForm {
  code: string;
  name: string;
  city: string;
  admin?: { username?: string; displayName?: string; password?: string };
}

function CreateTenantModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const api = useApi();
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateTenantForm>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const create = useMutation({
    mutationFn: (v: CreateTenantForm) => {
      const admin = v.admin?.username ? v.admin : undefined;
      return api.post<Tenant>('identity', '/v1/tenants', { code: v.code, name: v.name, city: v.city, admin });
    },
    onSuccess: (tenant) => {
      message.success(t('state.created'));
      queryClient.invalidateQueries({ queryKey: ['identity', '/v1/tenants'] });
      form.resetFields();
      onClose();
      navigate(`/platform/tenants/${tenant.id}`);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const required = { required: true, message: t('error.field.required') };
  return (
    <Modal
      open={open}
      title={t('tenants.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('action.create')}
      confirmLoading={create.isPending}
      destroyOnHidden
      forceRender
    >
      {create.error && <ProblemAlert error={create.error} issues={other} />}
      <Form<CreateTenantForm> form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="code"
          label={t('tenants.code')}
          extra={t('tenants.code.help')}
          rules={[required, { pattern: /^\d{6}$/, message: t('login.tenantCode.invalid') }]}
        >
          <Input inputMode="numeric" maxLength={6} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="name" label={t('tenants.name')} rules={[required]} style={{ flex: '1 1 180px' }}>
            <Input placeholder={t('tenants.name.placeholder')} maxLength={50} />
          </Form.Item>
          <Form.Item name="city" label={t('tenants.city')} rules={[required]} style={{ flex: '1 1 180px' }}>
            <Input placeholder={t('tenants.city.placeholder')} maxLength={50} />
          </Form.Item>
        </Flex>
        <Divider titlePlacement="start" plain>
          {t('tenants.admin')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('tenants.admin.help')}
        </Typography.Paragraph>
        <Flex gap={12} wrap>
          <Form.Item
            name={['admin', 'username']}
            label={t('tenants.admin.username')}
            style={{ flex: '1 1 180px' }}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name={['admin', 'displayName']}
            label={t('tenants.admin.displayName')}
            style={{ flex: '1 1 180px' }}
          >
            <Input />
          </Form.Item>
        </Flex>
        <Form.Item
          name={['admin', 'password']}
          label={t('tenants.admin.password')}
          extra={t('account.newPassword.help')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function TenantsPage() {
  const t = useT();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const list = useCursorList<Tenant>('identity', '/v1/tenants', { q: q || undefined, status });

  return (
    <PageContainer
      title={t('tenants.title')}
      subtitle={t('tenants.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('tenants.create')}
        </Button>
      }
    >
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('tenants.search')} onSearch={setQ} style={{ width: 220 }} />
          <Select
            allowClear
            placeholder={t('table.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={[
              { value: 'active', label: t('tenants.status.active') },
              { value: 'suspended', label: t('tenants.status.suspended') },
            ]}
          />
        </Space>
        {list.query.error ? (
          <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />
        ) : (
          <Table<Tenant>
            rowKey="id"
            loading={list.query.isFetching}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: <EmptyState description={q || status ? undefined : t('tenants.empty')} /> }}
            columns={[
              { title: t('tenants.code'), dataIndex: 'code', width: 100 },
              {
                title: t('tenants.name'),
                dataIndex: 'name',
                render: (name: string, r) => <Link to={`/platform/tenants/${r.id}`}>{name}</Link>,
              },
              { title: t('tenants.city'), dataIndex: 'city', responsive: ['sm'] },
              {
                title: t('table.status'),
                dataIndex: 'status',
                render: (s: Tenant['status']) => <TenantStatusTag status={s} />,
              },
              { title: t('table.createdAt'), dataIndex: 'createdAt', render: formatDate, responsive: ['md'] },
              {
                title: t('table.actions'),
                key: 'actions',
                render: (_, r) => (
                  <Space size={4}>
                    <Link to={`/platform/tenants/${r.id}`}>{t('tenants.settings')}</Link>
                    <TenantStatusAction tenant={r} />
                  </Space>
                ),
              },
            ]}
          />
        )}
        <CursorPager
          page={list.page}
          hasPrev={list.hasPrev}
          hasNext={list.hasNext}
          onPrev={list.prev}
          onNext={list.next}
          loading={list.query.isFetching}
        />
      </Card>
      <CreateTenantModal open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
