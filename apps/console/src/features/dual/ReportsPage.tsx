import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { RequiresApi } from '../../api/capabilities';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi } from '../../auth/AuthProvider';
import { AreaFilter, areaToQuery } from '../../components/AreaFilter';
import { CursorPager } from '../../components/CursorPager';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { type Report, STATUS_COLOR } from './types';

function RejectModal({ report, onClose }: { report: Report | null; onClose: () => void }) {
  const api = useApi();
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const reject = useMutation({
    mutationFn: (v: { reason: string }) => api.post('dual-reporting', `/v1/reports/${report!.id}/reject`, v),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <Modal
      open={!!report}
      title={`${t('dual.reports.reject')} · ${report?.memberName ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={reject.isPending}
      okButtonProps={{ danger: true }}
      destroyOnHidden
    >
      {reject.error && <ProblemAlert error={reject.error} issues={other} />}
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('dual.reports.reject.reason')}
          rules={[{ required: true, message: t('error.field.required') }]}
        >
          <Input.TextArea maxLength={200} rows={3} placeholder="经核实，该党员不住在本小区" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function ReportsPage() {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string>('pending');
  const [area, setArea] = useState<string | undefined>();
  const [rejecting, setRejecting] = useState<Report | null>(null);
  const area_ = areaToQuery(area);
  const list = useCursorList<Report>('dual-reporting', '/v1/reports', {
    status: status === 'all' ? undefined : status,
    compoundId: area_.compoundId,
    communityId: area_.communityId,
    streetId: area_.streetId,
  });
  const confirm = useMutation({
    mutationFn: (r: Report) => api.post('dual-reporting', `/v1/reports/${r.id}/confirm`),
    onSuccess: (_, r) => {
      message.success(t('dual.reports.confirmed.toast', { name: r.memberName }));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
    },
    onError: (err) => message.error((err as Error).message),
  });
  return (
    <PageContainer title={t('dual.reports.title')} subtitle={t('dual.reports.subtitle')}>
      <RequiresApi service="dual-reporting" path="/v1/reports">
        <Card>
          <Tabs
            activeKey={status}
            onChange={setStatus}
            items={(['pending', 'confirmed', 'rejected', 'all'] as const).map((k) => ({
              key: k,
              label: t(`dual.reports.${k}`),
            }))}
          />
          <AreaFilter value={area} onChange={setArea} style={{ marginBottom: 12 }} />
          {confirm.error ? <ProblemAlert error={confirm.error} /> : null}
          {list.query.error ? (
            <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />
          ) : (
            <Table<Report>
              rowKey="id"
              loading={list.query.isFetching}
              dataSource={list.items}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: <EmptyState description={t('dual.reports.empty')} /> }}
              columns={[
                {
                  title: t('dual.reports.member'),
                  dataIndex: 'memberName',
                  render: (n: string) => <strong>{n}</strong>,
                },
                { title: t('dual.reports.unit'), dataIndex: 'workUnitName' },
                {
                  title: t('dual.reports.compound'),
                  key: 'c',
                  render: (_, r) => `${r.compoundName}${r.address ? ` ${r.address}` : ''}`,
                },
                {
                  title: t('dual.reports.at'),
                  dataIndex: 'reportedAt',
                  render: formatDateTime,
                  responsive: ['md'],
                },
                {
                  title: t('table.status'),
                  dataIndex: 'statusName',
                  render: (s: string, r) => (
                    <Space orientation="vertical" size={0}>
                      <Tag color={STATUS_COLOR[r.status]}>{s}</Tag>
                      {r.rejectReason && <small>{r.rejectReason}</small>}
                    </Space>
                  ),
                },
                {
                  title: t('table.actions'),
                  key: 'a',
                  render: (_, r) =>
                    r.status === 'pending' && (
                      <Space size={4} wrap>
                        <Popconfirm
                          title={`${t('dual.reports.confirm')}：${r.memberName} → ${r.compoundName}？`}
                          onConfirm={() => confirm.mutateAsync(r)}
                        >
                          <Button type="primary" size="small" data-testid={`confirm-${r.id}`}>
                            {t('dual.reports.confirm')}
                          </Button>
                        </Popconfirm>
                        <Button size="small" danger onClick={() => setRejecting(r)}>
                          {t('dual.reports.reject')}
                        </Button>
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
      </RequiresApi>
      <RejectModal report={rejecting} onClose={() => setRejecting(null)} />
    </PageContainer>
  );
}
