import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi } from '../../auth/AuthProvider';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/States';
import { useT } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { SettingsCard } from './SettingsForm';
import { TenantStatusAction, TenantStatusTag } from './TenantsPage';
import type { Tenant } from './types';

function RenameForm({ tenant }: { tenant: Tenant }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; city: string }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: { name: string; city: string }) =>
      api.patch<Tenant>('identity', `/v1/tenants/${tenant.id}`, v),
    onSuccess: (data) => {
      queryClient.setQueryData(['identity', 'tenant', tenant.id], data);
      queryClient.invalidateQueries({ queryKey: ['identity', '/v1/tenants'] });
      message.success(t('state.saved'));
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ name: tenant.name, city: tenant.city }}
      onFinish={(v) => save.mutate(v)}
      style={{ rowGap: 8 }}
    >
      {save.error && <ProblemAlert error={save.error} issues={other} style={{ width: '100%' }} />}
      <Form.Item
        name="name"
        label={t('tenants.name')}
        rules={[{ required: true, message: t('error.field.required') }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="city"
        label={t('tenants.city')}
        rules={[{ required: true, message: t('error.field.required') }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Button htmlType="submit" loading={save.isPending}>
        {t('action.save')}
      </Button>
    </Form>
  );
}

export default function TenantDetailPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const t = useT();
  const query = useQuery({
    queryKey: ['identity', 'tenant', id],
    queryFn: () => api.get<Tenant>('identity', `/v1/tenants/${id}`),
  });
  return (
    <QueryView query={query}>
      {(tenant) => (
        <PageContainer
          title={`${tenant.city} ${tenant.name}`}
          crumbs={[{ title: t('tenants.title'), to: '/platform/tenants' }, { title: tenant.name }]}
          extra={<TenantStatusAction tenant={tenant} />}
        >
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('tenants.detail')}>
              <Descriptions column={{ xs: 1, sm: 2, lg: 4 }} size="small" style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('tenants.code')}>{tenant.code}</Descriptions.Item>
                <Descriptions.Item label={t('table.status')}>
                  <TenantStatusTag status={tenant.status} />
                </Descriptions.Item>
                <Descriptions.Item label={t('table.createdAt')}>
                  {formatDateTime(tenant.createdAt)}
                </Descriptions.Item>
                <Descriptions.Item label={t('table.updatedAt')}>
                  {formatDateTime(tenant.updatedAt)}
                </Descriptions.Item>
              </Descriptions>
              <RenameForm key={tenant.version} tenant={tenant} />
            </Card>
            <SettingsCard tenantId={tenant.id} />
          </Space>
        </PageContainer>
      )}
    </QueryView>
  );
}
