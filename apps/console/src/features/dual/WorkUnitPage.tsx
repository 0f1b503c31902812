import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Flex,
  Form,
  Grid,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi, useMe } from '../../auth/AuthProvider';
import { hasAnyRole } from '../../auth/access';
import { CursorPager } from '../../components/CursorPager';
import { CsvImport } from '../../components/csv/CsvImport';
import { downloadText } from '../../components/csv/csv';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState, QueryView } from '../../components/States';
import { useT } from '../../i18n';
import { formatNumber } from '../../i18n/format';
import { DrCompoundPicker } from './DrCompoundPicker';
import { IN_SERVICE_COLUMNS, type InServiceMember, STATUS_COLOR, type WorkUnit } from './types';
import { WorkUnitModal } from './WorkUnitsPage';

function AssignModal({ member, onClose }: { member: InServiceMember | null; onClose: () => void }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ compoundId: string; address?: string }>();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const assign = useMutation({
    mutationFn: (v: { compoundId: string; address?: string }) =>
      api.post('dual-reporting', '/v1/reports', {
        memberId: member!.id,
        compoundId: v.compoundId,
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      }),
    onSuccess: () => {
      message.success(t('dual.assign.done'));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <Modal
      open={!!member}
      title={member ? t('dual.assign.title', { name: member.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      {assign.error && <ProblemAlert error={assign.error} issues={other} />}
      <Form form={form} layout="vertical" onFinish={(v) => assign.mutate(v)}>
        <Form.Item
          name="compoundId"
          label={t('dual.assign.compound')}
          rules={[{ required: true, message: t('error.field.required') }]}
        >
          <DrCompoundPicker />
        </Form.Item>
        <Form.Item name="address" label={t('dual.assign.address')}>
          <Input maxLength={100} placeholder="3号楼2单元301" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MemberDrawer({
  unitId,
  member,
  open,
  onClose,
}: {
  unitId: string;
  member: InServiceMember | null;
  open: boolean;
  onClose: () => void;
}) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: Record<string, string | undefined>) => {
      const opt = (s?: string) => (s?.trim() ? s.trim() : null);
      const body = {
        name: v.name,
        phone: v.phone,
        gender: v.gender ?? null,
        partyStatus: v.partyStatus,
        position: opt(v.position),
        skills: opt(v.skills),
        userId: opt(v.userId),
      };
      return member
        ? api.patch('dual-reporting', `/v1/in-service-members/${member.id}`, body)
        : api.post('dual-reporting', '/v1/in-service-members', { ...body, workUnitId: unitId });
    },
    onSuccess: () => {
      message.success(t(member ? 'state.saved' : 'state.created'));
      queryClient.invalidateQueries({ queryKey: ['dual-reporting'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const required = { required: true, message: t('error.field.required') };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 480 : '100%'}
      title={t(member ? 'action.edit' : 'dual.roster.add')}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('action.save')}
          </Button>
        </Space>
      }
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={member ?? { partyStatus: 'full' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="name" label={t('dual.member.name')} rules={[required]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="phone" label={t('dual.member.phone')} rules={[required]}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item name="gender" label={t('dual.member.gender')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'male', label: t('members.gender.male') },
              { value: 'female', label: t('members.gender.female') },
            ]}
          />
        </Form.Item>
        <Form.Item name="partyStatus" label={t('dual.member.partyStatus')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'full', label: t('members.status.full') },
              { value: 'probationary', label: t('members.status.probationary') },
            ]}
          />
        </Form.Item>
        <Form.Item name="position" label={t('dual.member.position')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="skills" label={t('dual.member.skills')}>
          <Input maxLength={200} placeholder="法律咨询、家电维修" />
        </Form.Item>
        <Form.Item name="userId" label={t('dual.member.userId')} extra={t('dual.member.userId.help')}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function Feedback({ unit }: { unit: WorkUnit }) {
  const api = useApi();
  const t = useT();
  const { message } = App.useApp();
  const now = dayjs();
  const quarters = Array.from({ length: 4 }, (_, i) => {
    const d = now.subtract(i * 3, 'month');
    return { year: d.year(), q: Math.floor(d.month() / 3) + 1 };
  });
  const [pick, setPick] = useState(0);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const { year, q } = quarters[pick];
      const csv = await api.request<string>('dual-reporting', `/v1/work-units/${unit.id}/feedback.csv`, {
        query: { year, quarter: q },
        as: 'text',
      });
      downloadText(`${unit.name}-${year}Q${q}.csv`, csv);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space wrap>
      <Select
        value={pick}
        onChange={setPick}
        options={quarters.map((x, i) => ({
          value: i,
          label: t('dual.units.quarter', { year: x.year, q: x.q }),
        }))}
        style={{ width: 170 }}
      />
      <Button icon={<DownloadOutlined />} onClick={download} loading={busy}>
        {t('dual.units.feedback.download')}
      </Button>
    </Space>
  );
}

export default function WorkUnitPage() {
  const { id = '' } = useParams();
  const api = useApi();
  const me = useMe();
  const t = useT();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<InServiceMember | null | undefined>(undefined);
  const [assigning, setAssigning] = useState<InServiceMember | null>(null);
  const [importing, setImporting] = useState(false);
  const [editUnit, setEditUnit] = useState(false);
  const unit = useQuery({
    queryKey: ['dual-reporting', 'work-unit', id],
    queryFn: () => api.get<WorkUnit>('dual-reporting', `/v1/work-units/${id}`),
  });
  const list = useCursorList<InServiceMember>('dual-reporting', '/v1/in-service-members', { workUnitId: id });
  const keeper = hasAnyRole(me, ['tenant-admin', 'work-unit-admin']);
  const exportRoster = async () => {
    try {
      const csv = await api.request<string>('dual-reporting', '/v1/in-service-members/export.csv', {
        query: { workUnitId: id },
        as: 'text',
      });
      downloadText(`${unit.data?.name ?? ''}-${t('dual.roster')}.csv`, csv);
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <QueryView query={unit}>
      {(u) => (
        <PageContainer
          title={u.name}
          subtitle={`${u.kindName} · ${u.partyOrgName}`}
          crumbs={
            hasAnyRole(me, ['tenant-admin'])
              ? [{ title: t('dual.units.title'), to: '/dual/work-units' }, { title: u.name }]
              : undefined
          }
          extra={
            keeper && (
              <Button onClick={() => setEditUnit(true)} data-testid="edit-unit">
                {t('action.edit')}
              </Button>
            )
          }
        >
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card>
              <Descriptions column={{ xs: 2, md: 5 }} size="small">
                <Descriptions.Item label={t('dual.units.members')}>
                  {formatNumber(u.members)}
                </Descriptions.Item>
                <Descriptions.Item label={t('dual.units.reported')}>
                  {formatNumber(u.reported)}
                </Descriptions.Item>
                <Descriptions.Item label={t('dual.units.pending')}>
                  {formatNumber(u.pending)}
                </Descriptions.Item>
                <Descriptions.Item label={t('dual.units.contact')}>{u.contactName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('dual.units.contactPhone')}>
                  {u.contactPhone ?? '—'}
                </Descriptions.Item>
              </Descriptions>
              <Flex justify="space-between" wrap gap={8} style={{ marginTop: 8 }}>
                <strong>{t('dual.units.feedback')}</strong>
                <Feedback unit={u} />
              </Flex>
            </Card>
            <Card
              title={t('dual.roster')}
              extra={
                <Space wrap size={4}>
                  <Button size="small" icon={<DownloadOutlined />} onClick={exportRoster}>
                    <span className="hide-on-phone">{t('dual.roster.export')}</span>
                  </Button>
                  {keeper && (
                    <>
                      <Button size="small" icon={<UploadOutlined />} onClick={() => setImporting((x) => !x)}>
                        <span className="hide-on-phone">{t('dual.roster.import')}</span>
                      </Button>
                      <Button
                        size="small"
                        type="primary"
                        icon={<PlusOutlined />}
                        onClick={() => setEditing(null)}
                      >
                        {t('dual.roster.add')}
                      </Button>
                    </>
                  )}
                </Space>
              }
            >
              {importing && (
                <div style={{ marginBottom: 16 }}>
                  <CsvImport<{ rows: number; created: number; reported: number }>
                    service="dual-reporting"
                    path={`/v1/in-service-members/import?workUnitId=${id}`}
                    columns={IN_SERVICE_COLUMNS}
                    optional={[
                      'gender',
                      'partyStatus',
                      'position',
                      'skills',
                      'userId',
                      'community',
                      'compound',
                      'address',
                    ]}
                    template={{
                      filename: '在职党员名册模板.csv',
                      rows: [
                        ['姓名', '手机号', '性别', '党员类别', '职务', '特长', '社区', '小区', '住址'],
                        [
                          '孙伟',
                          '13900000001',
                          '男',
                          '正式',
                          '科员',
                          '法律咨询',
                          '运河社区',
                          '幸福里小区',
                          '3号楼2单元301',
                        ],
                      ],
                    }}
                    renderDone={(r) =>
                      t('dual.roster.import.done', { rows: r.rows, created: r.created, reported: r.reported })
                    }
                  />
                </div>
              )}
              {list.query.error ? (
                <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />
              ) : (
                <Table<InServiceMember>
                  rowKey="id"
                  loading={list.query.isFetching}
                  dataSource={list.items}
                  pagination={false}
                  scroll={{ x: true }}
                  locale={{ emptyText: <EmptyState description={t('dual.member.empty')} /> }}
                  columns={[
                    { title: t('dual.member.name'), dataIndex: 'name' },
                    { title: t('dual.member.partyStatus'), dataIndex: 'partyStatusName', responsive: ['md'] },
                    {
                      title: t('dual.member.position'),
                      dataIndex: 'position',
                      responsive: ['lg'],
                      render: (v) => v ?? '—',
                    },
                    { title: t('dual.member.phone'), dataIndex: 'phone', responsive: ['md'] },
                    {
                      title: t('dual.member.report'),
                      key: 'r',
                      render: (_, m) => (
                        <Space size={4} wrap>
                          <Tag color={STATUS_COLOR[m.reportStatus]} data-testid={`report-status-${m.id}`}>
                            {m.reportStatusName}
                          </Tag>
                          {m.compoundName}
                        </Space>
                      ),
                    },
                    ...(keeper
                      ? [
                          {
                            title: t('table.actions'),
                            key: 'a',
                            render: (_: unknown, m: InServiceMember) => (
                              <Space size={0} wrap>
                                {(m.reportStatus === 'none' || m.reportStatus === 'rejected') && (
                                  <Button type="link" size="small" onClick={() => setAssigning(m)}>
                                    {t('dual.assign')}
                                  </Button>
                                )}
                                <Button type="link" size="small" onClick={() => setEditing(m)}>
                                  {t('action.edit')}
                                </Button>
                              </Space>
                            ),
                          },
                        ]
                      : []),
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
          </Space>
          <MemberDrawer
            key={editing?.id ?? 'new'}
            unitId={id}
            member={editing ?? null}
            open={editing !== undefined}
            onClose={() => setEditing(undefined)}
          />
          <AssignModal member={assigning} onClose={() => setAssigning(null)} />
          <WorkUnitModal
            unit={u}
            open={editUnit}
            onClose={() => setEditUnit(false)}
            adminOnly={!hasAnyRole(me, ['tenant-admin'])}
          />
        </PageContainer>
      )}
    </QueryView>
  );
}
