import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { RequiresApi } from '../../api/capabilities';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi, useMe } from '../../auth/AuthProvider';
import { isTenantAdmin } from '../../auth/access';
import { CursorPager } from '../../components/CursorPager';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState } from '../../components/States';
import { useT } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { WORK_UNIT_KINDS, type WorkUnit } from './types';

export function WorkUnitModal({
  unit,
  open,
  onClose,
  adminOnly,
}: {
  unit?: WorkUnit | null;
  open: boolean;
  onClose: () => void;
  adminOnly?: boolean;
}) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: Record<string, string | undefined>) => {
      const blankToNull = (s?: string) => (s?.trim() ? s.trim() : null);
      const body: Record<string, unknown> = {
        partyOrgName: v.partyOrgName,
        contactName: blankToNull(v.contactName),
        contactPhone: blankToNull(v.contactPhone),
      };
      if (!adminOnly) Object.assign(body, { name: v.name, kind: v.kind });
      return unit
        ? api.patch('dual-reporting', `/v1/work-units/${unit.id}`, body)
        : api.post('dual-reporting', '/v1/work-units', body);
    },
    onSuccess: () => {
      message.success(t(unit ? 'state.saved' : 'state.created'));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const required = { required: true, message: t('error.field.required') };
  return (
    <Modal
      open={open}
      title={t(unit ? 'dual.units.edit' : 'dual.units.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={unit ?? { kind: 'government-agency' }}
        onFinish={(v) => save.mutate(v)}
      >
        {!adminOnly && (
          <>
            <Form.Item name="name" label={t('dual.units.name')} rules={[required]}>
              <Input maxLength={100} placeholder="济宁市财政局" />
            </Form.Item>
            <Form.Item name="kind" label={t('dual.units.kind')} rules={[required]}>
              <Select
                options={WORK_UNIT_KINDS.map((k) => ({ value: k, label: t(`dual.units.kind.${k}`) }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="partyOrgName" label={t('dual.units.partyOrg')} rules={[required]}>
          <Input maxLength={100} placeholder="市财政局机关党委" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="contactName" label={t('dual.units.contact')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('dual.units.contactPhone')}>
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export default function WorkUnitsPage() {
  const t = useT();
  const me = useMe();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useCursorList<WorkUnit>('dual-reporting', '/v1/work-units', { q: q || undefined });
  // A work-unit admin has one unit: their page is that unit.
  const own = me.scope.workUnits;
  if (!isTenantAdmin(me) && own?.length === 1) return <Navigate to={`/dual/work-units/${own[0]}`} replace />;
  return (
    <PageContainer
      title={t('dual.units.title')}
      subtitle={t('dual.units.subtitle')}
      extra={
        isTenantAdmin(me) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('dual.units.create')}
          </Button>
        )
      }
    >
      <RequiresApi service="dual-reporting" path="/v1/work-units">
        <Card>
          <Input.Search
            allowClear
            placeholder={t('dual.units.name')}
            onSearch={setQ}
            style={{ width: 240, marginBottom: 12 }}
          />
          {list.query.error ? (
            <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />
          ) : (
            <Table<WorkUnit>
              rowKey="id"
              loading={list.query.isFetching}
              dataSource={list.items}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: <EmptyState description={t('dual.units.empty')} /> }}
              columns={[
                {
                  title: t('dual.units.name'),
                  dataIndex: 'name',
                  render: (n: string, u) => <Link to={`/dual/work-units/${u.id}`}>{n}</Link>,
                },
                { title: t('dual.units.kind'), dataIndex: 'kindName', render: (k: string) => <Tag>{k}</Tag> },
                { title: t('dual.units.partyOrg'), dataIndex: 'partyOrgName', responsive: ['md'] },
                { title: t('dual.units.members'), dataIndex: 'members', render: formatNumber },
                { title: t('dual.units.reported'), dataIndex: 'reported', render: formatNumber },
                {
                  title: t('dual.units.pending'),
                  dataIndex: 'pending',
                  render: formatNumber,
                  responsive: ['sm'],
                },
                {
                  title: t('dual.units.contact'),
                  key: 'c',
                  responsive: ['lg'],
                  render: (_, u) => [u.contactName, u.contactPhone].filter(Boolean).join(' ') || '—',
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
      <WorkUnitModal open={creating} onClose={() => setCreating(false)} />
    </PageContainer>
  );
}
