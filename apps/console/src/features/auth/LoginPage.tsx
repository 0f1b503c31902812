import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { useAuth } from '../../auth/AuthProvider';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n';

const LAST_TENANT = 'hongfan.lastTenantCode';

interface LoginForm {
  tenantCode?: string;
  username: string;
  password: string;
}

/** Where to go after signing in: only a path inside the console. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { signedIn, login, endReason } = useAuth();
  const [params] = useSearchParams();
  const [kind, setKind] = useState<'district' | 'platform'>('district');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<LoginForm>();

  if (signedIn) return <Navigate to={safeNext(params.get('next'))} replace />;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      await login({
        tenantCode: kind === 'district' ? v.tenantCode : undefined,
        username: v.username,
        password: v.password,
      });
      if (kind === 'district' && v.tenantCode) localStorage.setItem(LAST_TENANT, v.tenantCode);
    } catch (err) {
      setError(err);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  const api = error instanceof ApiError ? error : null;
  let message: string | null = null;
  if (api?.code === 'invalid_grant')
    message = api.detail?.includes('disabled') ? t('login.disabled') : t('login.failed');
  else if (api?.code === 'tenant_suspended') message = t('session.suspended');
  else if (api?.code === 'login_throttled' || api?.status === 429) message = t('login.throttled');

  const notice =
    endReason === 'suspended'
      ? { type: 'warning' as const, text: t('session.suspended') }
      : endReason === 'expired'
        ? { type: 'info' as const, text: t('session.expired') }
        : null;

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #c8161d 0%, #8f0f14 45%, #f5f5f5 45%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 24 } }}>
        <div style={{ textAlign: 'center', marginBottom: 16 }}>
          <Typography.Title level={2} style={{ margin: 0, color: '#c8161d' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        </div>
        {notice && <Alert type={notice.type} showIcon title={notice.text} style={{ marginBottom: 16 }} />}
        <Segmented
          block
          value={kind}
          onChange={(v) => setKind(v as 'district' | 'platform')}
          options={[
            { value: 'district', label: t('login.tab.district') },
            { value: 'platform', label: t('login.tab.platform') },
          ]}
          style={{ marginBottom: 16 }}
        />
        {message ? (
          <Alert type="error" showIcon title={message} style={{ marginBottom: 16 }} role="alert" />
        ) : error ? (
          <ProblemAlert error={error} />
        ) : null}
        <Form<LoginForm>
          form={form}
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          initialValues={{ tenantCode: localStorage.getItem(LAST_TENANT) ?? '' }}
        >
          {kind === 'district' && (
            <Form.Item
              name="tenantCode"
              label={t('login.tenantCode')}
              extra={t('login.tenantCode.help')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.tenantCode.invalid') }]}
            >
              <Input inputMode="numeric" maxLength={6} autoComplete="organization" size="large" />
            </Form.Item>
          )}
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button type="link" size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {lang === 'zh' ? 'English' : '简体中文'}
          </Button>
        </div>
      </Card>
    </div>
  );
}
