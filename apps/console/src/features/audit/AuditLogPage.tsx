import { Card, DatePicker, Input, Segmented, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useServices } from '../../api/capabilities';
import { useCursorList } from '../../api/useCursorList';
import { CursorPager } from '../../components/CursorPager';
import { PageContainer } from '../../components/PageContainer';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { auditChanges, showValue } from './diff';

interface AuditEntry {
  id: string;
  actorKind: string;
  actorId: string;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
  createdAt: string;
}

/** Services that keep an audit log at `/v1/audit-log`; a new service adds its name here. */
export const AUDITED_SERVICES = ['identity', 'org', 'dual-reporting'] as const;

function Changes({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const changes = auditChanges(entry.before, entry.after);
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={changes}
      scroll={{ x: true }}
      columns={[
        { title: t('audit.changes'), dataIndex: 'field' },
        {
          title: t('audit.before'),
          dataIndex: 'before',
          render: (v) => <Typography.Text type="secondary">{showValue(v)}</Typography.Text>,
        },
        { title: t('audit.after'), dataIndex: 'after', render: (v) => showValue(v) },
      ]}
    />
  );
}

export default function AuditLogPage() {
  const t = useT();
  const [service, setService] = useState<string>('identity');
  // Only the services the gateway routes to today.
  const deployed = useServices();
  const services = AUDITED_SERVICES.filter((s) => !deployed.data || deployed.data.includes(s));
  const [action, setAction] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const filters = {
    action: action || undefined,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
  };
  const entries = useCursorList<AuditEntry>(service, '/v1/audit-log', filters);
  return (
    <PageContainer title={t('audit.title')} subtitle={t('audit.subtitle')}>
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={service}
            onChange={(v) => setService(String(v))}
            options={services.map((s) => ({ value: s, label: t(`audit.service.${s}`) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('audit.action')}
            onSearch={setAction}
            style={{ width: 200 }}
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
          />
        </Space>
        {entries.query.error ? (
          <ErrorState error={entries.query.error} onRetry={() => entries.query.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            loading={entries.query.isFetching}
            dataSource={entries.items}
            pagination={false}
            scroll={{ x: true }}
            locale={{ emptyText: <EmptyState description={t('audit.empty')} /> }}
            expandable={{ expandedRowRender: (r) => <Changes entry={r} /> }}
            columns={[
              { title: t('audit.time'), dataIndex: 'createdAt', render: formatDateTime, width: 160 },
              {
                title: t('audit.actor'),
                dataIndex: 'actorName',
                render: (n: string | null, r) => n ?? r.actorId.slice(0, 8),
              },
              {
                title: t('audit.action'),
                dataIndex: 'action',
                render: (a: string) => <Typography.Text code>{a}</Typography.Text>,
              },
              {
                title: t('audit.target'),
                key: 'target',
                responsive: ['md'],
                render: (_, r) => {
                  const name = (r.after?.name ??
                    r.before?.name ??
                    r.after?.username ??
                    r.after?.displayName) as string | undefined;
                  return (
                    <span>
                      {r.targetType}{' '}
                      {name ? (
                        `· ${name}`
                      ) : (
                        <Typography.Text type="secondary">{r.targetId.slice(0, 8)}</Typography.Text>
                      )}
                    </span>
                  );
                },
              },
            ]}
          />
        )}
        <CursorPager
          page={entries.page}
          hasPrev={entries.hasPrev}
          hasNext={entries.hasNext}
          onPrev={entries.prev}
          onNext={entries.next}
          loading={entries.query.isFetching}
        />
      </Card>
    </PageContainer>
  );
}
