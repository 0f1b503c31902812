import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { RequiresApi } from '../../api/capabilities';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can } from '../../auth/access';
import { AreaFilter, areaToQuery } from '../../components/AreaFilter';
import { CursorPager } from '../../components/CursorPager';
import { downloadText } from '../../components/csv/csv';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { MemberDrawer } from './MemberDrawer';
import { ARCHIVE_REASONS, type Member } from './types';

export function ArchiveMember({ member }: { member: Member }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string; note?: string }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const archive = useMutation({
    mutationFn: (v: { reason: string; note?: string }) =>
      api.post('org', `/v1/members/${member.id}/archive`, {
        reason: v.reason,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      }),
    onSuccess: () => {
      message.success(t('state.done'));
      queryClient.invalidateQueries({ queryKey: ['org'] });
      setOpen(false);
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <>
      <Button type="link" size="small" danger onClick={() => setOpen(true)}>
        {t('members.archive')}
      </Button>
      <Modal
        open={open}
        title={`${t('members.archive')} · ${member.name}`}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={archive.isPending}
        okButtonProps={{ danger: true }}
        destroyOnHidden
      >
        {archive.error && <ProblemAlert error={archive.error} issues={other} />}
        <Form form={form} layout="vertical" onFinish={(v) => archive.mutate(v)}>
          <Form.Item
            name="reason"
            label={t('members.archive.reason')}
            rules={[{ required: true, message: t('error.field.required') }]}
          >
            <Select
              options={ARCHIVE_REASONS.map((r) => ({ value: r, label: t(`members.archive.reason.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('members.archive.note')}>
            <Input.TextArea maxLength={200} rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** Members of a roster, filtered; the table the roster page and the compound page share. */
export function MemberTable({
  filters,
  hideCompound,
}: {
  filters: Record<string, string | boolean | undefined>;
  hideCompound?: boolean;
}) {
  const t = useT();
  const me = useMe();
  const [editing, setEditing] = useState<Member | null>(null);
  const list = useCursorList<Member>('org', '/v1/members', filters);
  const writable = can.rosterWrite(me);
  if (list.query.error) return <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />;
  return (
    <>
      <Table<Member>
        rowKey="id"
        loading={list.query.isFetching}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: true }}
        size="middle"
        locale={{ emptyText: <EmptyState description={t('members.empty')} /> }}
        columns={[
          {
            title: t('members.name'),
            dataIndex: 'name',
            render: (name: string, m) => (
              <div>
                <Typography.Text strong delete={m.archived}>
                  {name}
                </Typography.Text>{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.genderName} · {m.birthYear}
                </Typography.Text>
                {m.archived && (
                  <Tag style={{ marginInlineStart: 4 }}>{m.archiveReasonName ?? t('members.archived')}</Tag>
                )}
              </div>
            ),
          },
          {
            title: t('members.status'),
            dataIndex: 'status',
            render: (_, m) => (
              <Space size={4} wrap>
                <Tag color={m.status === 'full' ? 'red' : 'orange'}>{m.statusName}</Tag>
                <Tag color={m.management === 'self' ? 'blue' : 'default'}>{m.managementName}</Tag>
                {m.isHomeowner && <Tag color="green">{t('members.isHomeowner')}</Tag>}
              </Space>
            ),
          },
          ...(hideCompound
            ? []
            : [
                {
                  title: t('members.compound'),
                  key: 'compound',
                  render: (_: unknown, m: Member) => (
                    <Link to={`/org/compounds/${m.compoundId}`}>{m.compoundName}</Link>
                  ),
                },
              ]),
          {
            title: t('members.address'),
            key: 'addr',
            responsive: ['md'],
            render: (_, m) => [m.buildingName, m.room].filter(Boolean).join(' ') || '—',
          },
          ...(filters.management === 'self'
            ? []
            : [
                {
                  title: t('members.membershipOrg'),
                  dataIndex: 'membershipOrg',
                  responsive: ['lg' as const],
                  render: (v: string | null) => v ?? '—',
                },
              ]),
          { title: t('members.phone'), dataIndex: 'phone', responsive: ['md'] },
          { title: t('members.joinedOn'), dataIndex: 'joinedOn', render: formatDate, responsive: ['lg'] },
          ...(writable
            ? [
                {
                  title: t('table.actions'),
                  key: 'a',
                  render: (_: unknown, m: Member) =>
                    !m.archived && (
                      <Space size={0}>
                        <Button type="link" size="small" onClick={() => setEditing(m)}>
                          {t('action.edit')}
                        </Button>
                        <ArchiveMember member={m} />
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <CursorPager
        page={list.page}
        hasPrev={list.hasPrev}
        hasNext={list.hasNext}
        onPrev={list.prev}
        onNext={list.next}
        loading={list.query.isFetching}
      />
      <MemberDrawer
        key={editing?.id ?? 'none'}
        open={!!editing}
        member={editing}
        onClose={() => setEditing(null)}
      />
    </>
  );
}

export default function MembersPage() {
  const t = useT();
  const me = useMe();
  const api = useApi();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [tab, setTab] = useState<'self' | 'non-self' | 'all'>('self');
  const [area, setArea] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [archived, setArchived] = useState(false);
  const [adding, setAdding] = useState(false);
  const [exporting, setExporting] = useState(false);
  const filters = {
    management: tab === 'all' ? undefined : tab,
    status,
    q: q || undefined,
    includeArchived: archived ? 'true' : undefined,
    ...areaToQuery(area),
  };
  const doExport = async () => {
    setExporting(true);
    try {
      const { q: _q, includeArchived: _a, ...exportFilters } = filters;
      const csv = await api.request<string>('org', '/v1/members/export', {
        query: exportFilters,
        as: 'text',
      });
      const name =
        tab === 'self' ? t('members.self') : tab === 'non-self' ? t('members.nonSelf') : t('members.all');
      downloadText(`${t('members.title')}-${name}.csv`, csv);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setExporting(false);
    }
  };
  return (
    <PageContainer
      title={t('members.title')}
      subtitle={t('members.subtitle')}
      extra={
        <>
          <Button icon={<DownloadOutlined />} onClick={doExport} loading={exporting}>
            {t('members.export')}
          </Button>
          {can.rosterWrite(me) && (
            <>
              <Button icon={<UploadOutlined />} onClick={() => navigate('/org/members/import')}>
                {t('members.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t('members.add')}
              </Button>
            </>
          )}
        </>
      }
    >
      <RequiresApi service="org" path="/v1/members">
        <Card>
          <Tabs
            activeKey={tab}
            onChange={(k) => setTab(k as typeof tab)}
            items={[
              { key: 'self', label: t('members.self') },
              { key: 'non-self', label: t('members.nonSelf') },
              { key: 'all', label: t('members.all') },
            ]}
          />
          <Space wrap style={{ marginBottom: 12 }}>
            <AreaFilter value={area} onChange={setArea} />
            <Select
              allowClear
              placeholder={t('members.status')}
              value={status}
              onChange={setStatus}
              style={{ width: 130 }}
              options={[
                { value: 'full', label: t('members.status.full') },
                { value: 'probationary', label: t('members.status.probationary') },
              ]}
            />
            <Input.Search
              allowClear
              placeholder={t('members.search')}
              onSearch={setQ}
              style={{ width: 180 }}
            />
            <Checkbox checked={archived} onChange={(e) => setArchived(e.target.checked)}>
              {t('members.includeArchived')}
            </Checkbox>
          </Space>
          <MemberTable filters={filters} />
        </Card>
      </RequiresApi>
      <MemberDrawer open={adding} onClose={() => setAdding(false)} />
    </PageContainer>
  );
}
