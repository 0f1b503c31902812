import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Grid,
  Popconfirm,
  Row,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { ApiError } from '../../api/problem';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can } from '../../auth/access';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/States';
import { useT } from '../../i18n';
import { formatDate } from '../../i18n/format';
import type { ApplyResult, FormationView } from './formation';

/**
 * Forms the Party committees a branch hangs under (街道党工委, 社区党委) when they are missing; an
 * existing one (409 already_formed) is fine.
 */
async function formParents(api: ReturnType<typeof useApi>, f: FormationView) {
  for (const body of [
    { level: 'street-committee', streetId: f.streetId },
    { level: 'community-committee', communityId: f.communityId },
  ]) {
    try {
      await api.post('org', '/v1/party-orgs', body);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) throw err;
    }
  }
}

/** The compound's branch recommendation, the counts behind it, and "apply". */
export function FormationCard({ compoundId }: { compoundId: string }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const phone = !Grid.useBreakpoint().sm;
  const query = useQuery({
    queryKey: ['org', 'formation', compoundId],
    queryFn: () => api.get<FormationView>('org', `/v1/formation/compounds/${compoundId}`),
  });
  const apply = useMutation({
    mutationFn: () => api.post<ApplyResult>('org', `/v1/formation/compounds/${compoundId}/apply`, {}),
    onSuccess: (r) => {
      queryClient.setQueryData(['org', 'formation', compoundId], r.formation);
      queryClient.invalidateQueries({ queryKey: ['org'] });
      message.success(
        r.changed
          ? t('compound.applied', { form: r.formation.recommendation.formName })
          : t('compound.unchanged'),
      );
    },
  });
  const parents = useMutation({
    mutationFn: async () => {
      await formParents(api, query.data!);
      return api.post<ApplyResult>('org', `/v1/formation/compounds/${compoundId}/apply`, {});
    },
    onSuccess: (r) => {
      apply.reset();
      queryClient.setQueryData(['org', 'formation', compoundId], r.formation);
      queryClient.invalidateQueries({ queryKey: ['org'] });
      message.success(t('compound.applied', { form: r.formation.recommendation.formName }));
    },
  });
  const parentMissing = apply.error instanceof ApiError && apply.error.code === 'parent_missing';
  return (
    <Card title={t('compound.recommendation')} data-testid="formation-card">
      <QueryView query={query}>
        {(f) => (
          <>
            <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
              {(['selfFull', 'selfProbationary', 'nonSelf', 'total'] as const).map((k) => (
                <Col key={k} xs={12} md={6}>
                  <Statistic
                    title={t(`compound.${k}`)}
                    value={f.counts[k]}
                    styles={
                      k === 'selfFull'
                        ? { content: { color: f.counts.selfFull >= f.threshold ? '#389e0d' : '#c8161d' } }
                        : undefined
                    }
                  />
                </Col>
              ))}
            </Row>
            <Typography.Paragraph type="secondary">
              {t('compound.threshold', { n: f.threshold })}
            </Typography.Paragraph>
            <Descriptions
              column={1}
              size="small"
              bordered
              layout={phone ? 'vertical' : 'horizontal'}
              style={{ marginBottom: 16 }}
            >
              <Descriptions.Item label={t('compound.recommendation')}>
                <Tag color="red" data-testid="recommended-form">
                  {f.recommendation.formName}
                </Tag>
                {f.recommendation.branchName}
              </Descriptions.Item>
              <Descriptions.Item label={t('compound.reason')}>{f.recommendation.reason}</Descriptions.Item>
              <Descriptions.Item label={t('compound.current')}>
                {f.current ? (
                  <Flex gap={6} wrap align="center">
                    <Tag color="green" data-testid="current-form">
                      {f.current.formName}
                    </Tag>
                    {f.current.branchName}
                    {f.fits === true && (
                      <Typography.Text type="success">
                        <CheckCircleOutlined /> {t('compound.fits')}
                      </Typography.Text>
                    )}
                    {f.fits === false && (
                      <Typography.Text type="warning">
                        <WarningOutlined /> {t('compound.mismatch')}
                      </Typography.Text>
                    )}
                  </Flex>
                ) : (
                  <Tag color="warning">{t('compound.noBranch')}</Tag>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('compound.liaison')}>
                {f.liaison
                  ? `${f.liaison.cadreName}（${f.liaison.cadreKindName}，${formatDate(f.liaison.startedOn)}起）`
                  : t('compound.noLiaison')}
              </Descriptions.Item>
            </Descriptions>
            {f.warnings.map((w) => (
              <Alert key={w.code} type="warning" showIcon title={w.message} style={{ marginBottom: 8 }} />
            ))}
            {apply.error && !parentMissing ? <ProblemAlert error={apply.error} /> : null}
            {parentMissing && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={(apply.error as ApiError).detail}
                action={
                  can.treeWrite(me) && (
                    <Button
                      size="small"
                      type="primary"
                      loading={parents.isPending}
                      onClick={() => parents.mutate()}
                    >
                      {t('compound.formParents')}
                    </Button>
                  )
                }
              />
            )}
            {parents.error ? <ProblemAlert error={parents.error} /> : null}
            {can.treeWrite(me) && f.fits !== true && (
              <Popconfirm
                title={t('compound.apply.confirm', {
                  form: f.recommendation.formName,
                  branch: f.recommendation.branchName,
                })}
                onConfirm={() => apply.mutateAsync().catch(() => {})}
              >
                <Button type="primary" loading={apply.isPending} data-testid="apply-recommendation">
                  {t('compound.apply')}
                </Button>
              </Popconfirm>
            )}
          </>
        )}
      </QueryView>
    </Card>
  );
}
