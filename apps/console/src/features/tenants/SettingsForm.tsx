import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Flex, Form, InputNumber, Row, Select, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi } from '../../auth/AuthProvider';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/States';
import { useT } from '../../i18n';
import { formatMoney } from '../../i18n/format';
import { settingsPatch, validateSettings } from './settings-rules';
import type { SettingsView, TenantSettings } from './types';

const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);

/** A tenant's settings with each default beside its field; saves only what changed. */
export function SettingsForm({ tenantId }: { tenantId: string }) {
  const api = useApi();
  const query = useQuery({
    queryKey: ['identity', 'tenant-settings', tenantId],
    queryFn: () => api.get<SettingsView>('identity', `/v1/tenants/${tenantId}/settings`),
  });
  return <QueryView query={query}>{(view) => <SettingsEditor tenantId={tenantId} view={view} />}</QueryView>;
}

export function SettingsEditor({ tenantId, view }: { tenantId: string; view: SettingsView }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TenantSettings>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const { settings, defaults } = view;
  useEffect(() => form.setFieldsValue(settings), [form, settings]);

  const save = useMutation({
    mutationFn: (patch: Partial<TenantSettings>) =>
      api.patch<SettingsView>('identity', `/v1/tenants/${tenantId}/settings`, patch),
    onSuccess: (data) => {
      queryClient.setQueryData(['identity', 'tenant-settings', tenantId], data);
      queryClient.invalidateQueries({ queryKey: ['identity', 'tenants'] });
      setOther([]);
      message.success(t('state.saved'));
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });

  const onFinish = (values: TenantSettings) => {
    const next = {
      ...settings,
      ...values,
      listeningDays: [...(values.listeningDays ?? [])].sort((a, b) => a - b),
    };
    const issues = validateSettings(next);
    if (issues.length) {
      form.setFields(issues.map((i) => ({ name: i.name as never, errors: [t(i.key, i.vars)] })));
      return;
    }
    const patch = settingsPatch(settings, next);
    if (Object.keys(patch).length === 0) {
      message.info(t('settings.noChange'));
      return;
    }
    save.mutate(patch);
  };

  const def = (value: string) => (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('settings.default', { value })}
    </Typography.Text>
  );
  const range = (r: { min: number; max: number }) => `${r.min}–${r.max}`;

  return (
    <Form<TenantSettings>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      initialValues={settings}
      data-testid="settings-form"
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="branchThreshold"
            label={t('settings.branchThreshold')}
            tooltip={t('settings.branchThreshold.help')}
            extra={def(String(defaults.branchThreshold))}
          >
            <InputNumber min={1} max={50} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="gridBranchAnnualFundYuan"
            label={t('settings.gridBranchAnnualFundYuan')}
            extra={def(formatMoney(defaults.gridBranchAnnualFundYuan))}
          >
            <InputNumber min={0} step={500} style={{ width: '100%' }} prefix="¥" />
          </Form.Item>
        </Col>
        {(['windowStaff', 'gridStaff'] as const).map((field) => (
          <Col xs={24} md={12} key={field}>
            <Form.Item
              label={t(`settings.${field}`)}
              extra={def(range(defaults[field]))}
              style={{ marginBottom: 0 }}
            >
              <Flex gap={8}>
                <Form.Item name={[field, 'min']} style={{ flex: 1 }}>
                  <InputNumber min={1} precision={0} prefix={t('settings.min')} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name={[field, 'max']} style={{ flex: 1 }}>
                  <InputNumber min={1} precision={0} prefix={t('settings.max')} style={{ width: '100%' }} />
                </Form.Item>
              </Flex>
            </Form.Item>
          </Col>
        ))}
        <Col xs={24} md={12}>
          <Form.Item
            name="listeningDays"
            label={t('settings.listeningDays')}
            tooltip={t('settings.listeningDays.help')}
            extra={def(defaults.listeningDays.map((d) => t('settings.day', { n: d })).join('、'))}
          >
            <Select
              mode="multiple"
              options={DAYS.map((d) => ({ value: d, label: t('settings.day', { n: d }) }))}
              aria-label={t('settings.listeningDays')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            label={t('settings.volunteerStarHours')}
            extra={def(
              defaults.volunteerStarHours
                .map((h, i) => `${t('settings.star', { n: i + 1 })} ${h}`)
                .join('，'),
            )}
            style={{ marginBottom: 0 }}
          >
            <Flex gap={6} wrap>
              {[0, 1, 2, 3, 4].map((i) => (
                <Form.Item
                  key={i}
                  name={['volunteerStarHours', i]}
                  style={{ flex: '1 1 90px', marginBottom: 12 }}
                >
                  <InputNumber
                    min={1}
                    prefix={<Tag style={{ marginInlineEnd: 0 }}>{t('settings.star', { n: i + 1 })}</Tag>}
                    style={{ width: '100%' }}
                    aria-label={t('settings.star', { n: i + 1 })}
                  />
                </Form.Item>
              ))}
            </Flex>
          </Form.Item>
        </Col>
      </Row>
      <Flex gap={8} wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('action.save')}
        </Button>
        <Button onClick={() => form.setFieldsValue(defaults)}>{t('settings.resetDefaults')}</Button>
      </Flex>
    </Form>
  );
}

/** The settings in a card, with a title, for pages that show them among other things. */
export function SettingsCard({ tenantId }: { tenantId: string }) {
  const t = useT();
  return (
    <Card
      title={t('settings.title')}
      extra={<Typography.Text type="secondary">{t('settings.subtitle')}</Typography.Text>}
    >
      <SettingsForm tenantId={tenantId} />
    </Card>
  );
}
