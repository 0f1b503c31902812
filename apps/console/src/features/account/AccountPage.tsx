import { useMutation } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi, useMe } from '../../auth/AuthProvider';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function AccountPage() {
  const me = useMe();
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const change = useMutation({
    mutationFn: (v: PasswordForm) =>
      api.post('identity', '/v1/me/password', {
        currentPassword: v.currentPassword,
        newPassword: v.newPassword,
      }),
    onSuccess: () => {
      message.success(t('account.changed'));
      form.resetFields();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <PageContainer title={t('account.title')}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('account.info')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('table.name')}>{me.name}</Descriptions.Item>
            {me.tenant && (
              <Descriptions.Item label={t('account.tenant')}>
                {me.tenant.city} {me.tenant.name}（{me.tenant.code}）
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('home.roles')}>
              {me.roles.map((r) => (
                <Tag key={r}>{t(`role.${r}` as never)}</Tag>
              ))}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        {me.kind === 'user' && (
          <Card title={t('account.changePassword')} style={{ maxWidth: 520 }}>
            {change.error && <ProblemAlert error={change.error} issues={other} />}
            <Form form={form} layout="vertical" onFinish={(v) => change.mutate(v)}>
              <Form.Item
                name="currentPassword"
                label={t('account.currentPassword')}
                rules={[{ required: true, message: t('error.field.required') }]}
              >
                <Input.Password autoComplete="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('account.newPassword')}
                extra={t('account.newPassword.help')}
                rules={[{ required: true, message: t('error.field.required') }]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('account.confirmPassword')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('error.field.required') },
                  ({ getFieldValue }) => ({
                    validator: (_, v) =>
                      !v || v === getFieldValue('newPassword')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('account.mismatch'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={change.isPending}>
                {t('action.save')}
              </Button>
            </Form>
          </Card>
        )}
      </Space>
    </PageContainer>
  );
}
