import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
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
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi } from '../../auth/AuthProvider';
import { CursorPager } from '../../components/CursorPager';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatDateTime } from '../../i18n/format';

export interface ServiceAccount {
  id: string;
  name: string;
  clientId: string;
  scopes: string[];
  status: 'active' | 'revoked';
  lastUsedAt: string | null;
  createdAt: string;
}
type WithSecret = ServiceAccount & { clientSecret: string };

/** Scopes the services check today; others can be typed in. */
const KNOWN_SCOPES = [
  'org:read',
  'org:write',
  'identity:users:read',
  'dual-reporting:read',
  'dual-reporting:write',
];

function SecretModal({ account, onClose }: { account: WithSecret | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={!!account}
      title={t('sa.secret.title')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('sa.secret.saved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('sa.secret.warning')} style={{ marginBottom: 16 }} />
      {account && (
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label={t('sa.clientId')}>
            <Typography.Text copyable code>
              {account.clientId}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('sa.clientSecret')}>
            <Typography.Text copyable code data-testid="client-secret" style={{ wordBreak: 'break-all' }}>
              {account.clientSecret}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Modal>
  );
}

function AccountModal({
  account,
  open,
  onClose,
  onSecret,
}: {
  account: ServiceAccount | null;
  open: boolean;
  onClose: () => void;
  onSecret: (a: WithSecret) => void;
}) {
  const api = useApi();
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; scopes: string[] }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: { name: string; scopes: string[] }) =>
      account
        ? api.patch<ServiceAccount>('identity', `/v1/service-accounts/${account.id}`, v)
        : api.post<WithSecret>('identity', '/v1/service-accounts', v),
    onSuccess: (data) => {
      queryClient.invalidateQueries({ queryKey: ['identity', '/v1/service-accounts'] });
      onClose();
      if ('clientSecret' in data) onSecret(data as WithSecret);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <Modal
      open={open}
      title={t(account ? 'sa.edit' : 'sa.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={account ?? { scopes: [] }}
      >
        <Form.Item
          name="name"
          label={t('sa.name')}
          rules={[{ required: true, message: t('error.field.required') }]}
        >
          <Input placeholder={t('sa.name.placeholder')} maxLength={60} />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('sa.scopes')}
          extra={t('sa.scopes.help')}
          rules={[{ required: true, type: 'array', min: 1, message: t('error.field.required') }]}
        >
          <Select
            mode="tags"
            options={KNOWN_SCOPES.map((s) => ({ value: s, label: s }))}
            tokenSeparators={[' ', ',']}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ServiceAccountsPage() {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ServiceAccount | null | undefined>(undefined);
  const [secret, setSecret] = useState<WithSecret | null>(null);
  const list = useCursorList<ServiceAccount>('identity', '/v1/service-accounts');
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'rotate-secret' | 'revoke' }) =>
      api.post<ServiceAccount | WithSecret>('identity', `/v1/service-accounts/${id}/${action}`),
    onSuccess: (data) => {
      queryClient.invalidateQueries({ queryKey: ['identity', '/v1/service-accounts'] });
      if ('clientSecret' in data) setSecret(data as WithSecret);
      else message.success(t('state.done'));
    },
    onError: (err) => message.error((err as Error).message),
  });
  return (
    <PageContainer
      title={t('sa.title')}
      subtitle={t('sa.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
          {t('sa.create')}
        </Button>
      }
    >
      <Card>
        {list.query.error ? (
          <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />
        ) : (
          <Table<ServiceAccount>
            rowKey="id"
            loading={list.query.isFetching}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: <EmptyState description={t('sa.empty')} /> }}
            columns={[
              { title: t('sa.name'), dataIndex: 'name' },
              {
                title: t('sa.clientId'),
                dataIndex: 'clientId',
                render: (v: string) => (
                  <Typography.Text code copyable>
                    {v}
                  </Typography.Text>
                ),
                responsive: ['md'],
              },
              {
                title: t('sa.scopes'),
                dataIndex: 'scopes',
                render: (s: string[]) => (
                  <Space size={[4, 4]} wrap>
                    {s.map((x) => (
                      <Tag key={x}>{x}</Tag>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('table.status'),
                dataIndex: 'status',
                render: (s: ServiceAccount['status']) =>
                  s === 'active' ? (
                    <Tag color="green">{t('sa.status.active')}</Tag>
                  ) : (
                    <Tag>{t('sa.status.revoked')}</Tag>
                  ),
              },
              {
                title: t('sa.lastUsed'),
                dataIndex: 'lastUsedAt',
                render: formatDateTime,
                responsive: ['lg'],
              },
              {
                title: t('table.actions'),
                key: 'a',
                render: (_, r) =>
                  r.status === 'active' && (
                    <Space size={0} wrap>
                      <Button type="link" size="small" onClick={() => setEditing(r)}>
                        {t('action.edit')}
                      </Button>
                      <Popconfirm
                        title={t('sa.rotate.confirm')}
                        onConfirm={() => act.mutateAsync({ id: r.id, action: 'rotate-secret' })}
                      >
                        <Button type="link" size="small">
                          {t('sa.rotate')}
                        </Button>
                      </Popconfirm>
                      <Popconfirm
                        title={t('sa.revoke.confirm')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => act.mutateAsync({ id: r.id, action: 'revoke' })}
                      >
                        <Button type="link" size="small" danger>
                          {t('sa.revoke')}
                        </Button>
                      </Popconfirm>
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
      <AccountModal
        key={editing?.id ?? 'new'}
        account={editing ?? null}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        onSecret={setSecret}
      />
      <SecretModal account={secret} onClose={() => setSecret(null)} />
    </PageContainer>
  );
}
