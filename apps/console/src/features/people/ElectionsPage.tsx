import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { RequiresApi } from '../../api/capabilities';
import type { Page } from '../../api/client';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useCursorList } from '../../api/useCursorList';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can } from '../../auth/access';
import { CompoundPicker } from '../../components/CompoundPicker';
import { CursorPager } from '../../components/CursorPager';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState, QueryView } from '../../components/States';
import { useT } from '../../i18n';
import { formatDate } from '../../i18n/format';
import type { Building } from '../org/territory';

interface Election {
  id: string;
  compoundId: string;
  buildingId: string;
  status: 'open' | 'meeting-held' | 'elected' | 'cancelled';
  statusName: string;
  openedOn: string;
}
interface Nomination {
  id: string;
  name: string;
  phone: string | null;
  memberName: string;
  reason: string | null;
  votes: number | null;
  elected: boolean;
}
interface Detail extends Election {
  meeting: { date: string; attendance: number; notes: string | null } | null;
  nominations: Nomination[];
  opinions: { id: string; authorName: string; opinion: string; collectedOn: string }[];
  leader: { name: string; duties: string; termStart: string } | null;
}

const STATUS_COLOR = {
  open: 'blue',
  'meeting-held': 'gold',
  elected: 'green',
  cancelled: 'default',
} as const;
const day = (d: Dayjs) => dayjs(d).format('YYYY-MM-DD');

/** A small form in a modal that posts to one election action. */
function ActionModal({
  title,
  open,
  onClose,
  path,
  toBody,
  initialValues,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  path: string;
  toBody: (v: Record<string, unknown>) => unknown;
  initialValues?: Record<string, unknown>;
  children: React.ReactNode;
}) {
  const api = useApi();
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => api.post('org', path, toBody(v)),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['org'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)}>
        {children}
      </Form>
    </Modal>
  );
}

function ElectionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const screens = Grid.useBreakpoint();
  const [action, setAction] = useState<'nominate' | 'opinion' | 'meeting' | 'elect' | 'cancel' | null>(null);
  const detail = useQuery({
    queryKey: ['org', 'election', id],
    queryFn: () => api.get<Detail>('org', `/v1/elections/${id}`),
    enabled: !!id,
  });
  if (!id) return null;
  const required = { required: true, message: t('error.field.required') };
  const writable = can.rosterWrite(me);
  return (
    <Drawer open onClose={onClose} size={screens.md ? 640 : '100%'} title={t('elections.title')}>
      <QueryView query={detail}>
        {(e) => {
          const live = e.status === 'open' || e.status === 'meeting-held';
          return (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={t('elections.status')}>
                  <Tag color={STATUS_COLOR[e.status]}>{e.statusName}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('elections.openedOn')}>
                  {formatDate(e.openedOn)}
                </Descriptions.Item>
                {e.meeting && (
                  <Descriptions.Item label={t('elections.meeting')}>
                    {formatDate(e.meeting.date)}，{t('elections.attendance')} {e.meeting.attendance}
                  </Descriptions.Item>
                )}
                {e.leader && (
                  <Descriptions.Item label={t('elections.leader')}>
                    <strong>{e.leader.name}</strong>（{formatDate(e.leader.termStart)}）
                    <div>
                      <Typography.Text type="secondary">{e.leader.duties}</Typography.Text>
                    </div>
                  </Descriptions.Item>
                )}
              </Descriptions>
              {writable && live && (
                <Space wrap>
                  {e.status === 'open' && (
                    <Button onClick={() => setAction('nominate')}>{t('elections.nominate')}</Button>
                  )}
                  {e.status === 'open' && (
                    <Button onClick={() => setAction('opinion')}>{t('elections.addOpinion')}</Button>
                  )}
                  {e.status === 'open' && e.nominations.length > 0 && (
                    <Button onClick={() => setAction('meeting')}>{t('elections.recordMeeting')}</Button>
                  )}
                  {e.nominations.length > 0 && (
                    <Button type="primary" onClick={() => setAction('elect')}>
                      {t('elections.elect')}
                    </Button>
                  )}
                  <Button danger onClick={() => setAction('cancel')}>
                    {t('elections.cancel')}
                  </Button>
                </Space>
              )}
              <Card size="small" title={t('elections.nominees')}>
                <List
                  size="small"
                  dataSource={e.nominations}
                  locale={{ emptyText: t('state.empty') }}
                  renderItem={(n) => (
                    <List.Item extra={n.votes !== null ? `${t('elections.votes')} ${n.votes}` : undefined}>
                      <Space wrap>
                        <strong>{n.name}</strong>
                        <Tag>{n.memberName}</Tag>
                        {n.elected && <Tag color="green">{t('elections.leader')}</Tag>}
                        <Typography.Text type="secondary">{n.reason}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
              <Card size="small" title={t('elections.opinions')}>
                <List
                  size="small"
                  dataSource={e.opinions}
                  locale={{ emptyText: t('state.empty') }}
                  renderItem={(o) => (
                    <List.Item>
                      <Space orientation="vertical" size={0}>
                        <span>{o.opinion}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {o.authorName} · {formatDate(o.collectedOn)}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
              <ActionModal
                title={t('elections.nominate')}
                open={action === 'nominate'}
                onClose={() => setAction(null)}
                path={`/v1/elections/${e.id}/nominations`}
                initialValues={{ isMember: false }}
                toBody={(v) => ({
                  name: v.name,
                  isMember: !!v.isMember,
                  ...(v.phone ? { phone: v.phone } : {}),
                  ...(v.reason ? { reason: v.reason } : {}),
                })}
              >
                <Form.Item name="name" label={t('staff.name')} rules={[required]}>
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item name="phone" label={t('staff.phone')}>
                  <Input maxLength={20} />
                </Form.Item>
                <Form.Item name="isMember" valuePropName="checked">
                  <Checkbox>{t('elections.isMember')}</Checkbox>
                </Form.Item>
                <Form.Item name="reason" label={t('elections.reason')}>
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
              </ActionModal>
              <ActionModal
                title={t('elections.addOpinion')}
                open={action === 'opinion'}
                onClose={() => setAction(null)}
                path={`/v1/elections/${e.id}/opinions`}
                initialValues={{ collectedOn: dayjs() }}
                toBody={(v) => ({
                  authorName: v.authorName,
                  opinion: v.opinion,
                  collectedOn: day(v.collectedOn as Dayjs),
                  ...(v.nominationId ? { nominationId: v.nominationId } : {}),
                })}
              >
                <Form.Item name="authorName" label={t('elections.author')} rules={[required]}>
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item name="nominationId" label={t('elections.nominees')}>
                  <Select allowClear options={e.nominations.map((n) => ({ value: n.id, label: n.name }))} />
                </Form.Item>
                <Form.Item name="opinion" label={t('elections.opinion')} rules={[required]}>
                  <Input.TextArea rows={3} maxLength={2000} />
                </Form.Item>
                <Form.Item name="collectedOn" label={t('funds.entryDate')} rules={[required]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </ActionModal>
              <ActionModal
                title={t('elections.recordMeeting')}
                open={action === 'meeting'}
                onClose={() => setAction(null)}
                path={`/v1/elections/${e.id}/meeting`}
                initialValues={{ date: dayjs() }}
                toBody={(v) => ({
                  date: day(v.date as Dayjs),
                  attendance: v.attendance,
                  votes: e.nominations.map((n) => ({
                    nominationId: n.id,
                    votes: Number((v.votes as Record<string, number>)?.[n.id] ?? 0),
                  })),
                })}
              >
                <Form.Item name="date" label={t('funds.entryDate')} rules={[required]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="attendance" label={t('elections.attendance')} rules={[required]}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                {e.nominations.map((n) => (
                  <Form.Item
                    key={n.id}
                    name={['votes', n.id]}
                    label={`${n.name} ${t('elections.votes')}`}
                    initialValue={0}
                  >
                    <InputNumber min={0} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                ))}
              </ActionModal>
              <ActionModal
                title={t('elections.elect')}
                open={action === 'elect'}
                onClose={() => setAction(null)}
                path={`/v1/elections/${e.id}/elect`}
                initialValues={{ termStart: dayjs(), duties: t('elections.duties.default') }}
                toBody={(v) => ({
                  nominationId: v.nominationId,
                  duties: v.duties,
                  termStart: day(v.termStart as Dayjs),
                })}
              >
                <Form.Item name="nominationId" label={t('elections.nominees')} rules={[required]}>
                  <Select
                    options={e.nominations.map((n) => ({
                      value: n.id,
                      label: `${n.name}${n.votes !== null ? `（${n.votes}）` : ''}`,
                    }))}
                  />
                </Form.Item>
                <Form.Item name="duties" label={t('elections.duties')} rules={[required]}>
                  <Input.TextArea rows={3} maxLength={4000} />
                </Form.Item>
                <Form.Item name="termStart" label={t('elections.termStart')} rules={[required]}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </ActionModal>
              <ActionModal
                title={t('elections.cancel')}
                open={action === 'cancel'}
                onClose={() => setAction(null)}
                path={`/v1/elections/${e.id}/cancel`}
                toBody={(v) => ({ reason: v.reason })}
              >
                <Form.Item name="reason" label={t('dual.tasks.reason')} rules={[required]}>
                  <Input.TextArea rows={2} maxLength={500} />
                </Form.Item>
              </ActionModal>
            </Space>
          );
        }}
      </QueryView>
    </Drawer>
  );
}

function OpenElection({
  open,
  onClose,
  compoundId,
}: {
  open: boolean;
  onClose: () => void;
  compoundId?: string;
}) {
  const api = useApi();
  const t = useT();
  const [form] = Form.useForm();
  const compound = Form.useWatch('compoundId', form);
  const buildings = useQuery({
    queryKey: ['org', '/v1/buildings', 'of', compound],
    queryFn: () => api.get<Page<Building>>('org', '/v1/buildings', { compoundId: compound, limit: 100 }),
    enabled: !!compound,
  });
  return (
    <ActionModal
      title={t('elections.open')}
      open={open}
      onClose={onClose}
      path="/v1/elections"
      initialValues={{ openedOn: dayjs(), compoundId }}
      toBody={(v) => ({ buildingId: v.buildingId, openedOn: day(v.openedOn as Dayjs) })}
    >
      <Form.Item
        name="compoundId"
        label={t('level.compound')}
        rules={[{ required: true, message: t('error.field.required') }]}
      >
        <CompoundPicker />
      </Form.Item>
      <Form.Item
        name="buildingId"
        label={t('elections.building')}
        rules={[{ required: true, message: t('error.field.required') }]}
      >
        <Select
          options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
          loading={buildings.isFetching}
        />
      </Form.Item>
      <Form.Item
        name="openedOn"
        label={t('elections.openedOn')}
        rules={[{ required: true, message: t('error.field.required') }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </ActionModal>
  );
}

export default function ElectionsPage() {
  const me = useMe();
  const t = useT();
  const [params] = useSearchParams();
  const [compoundId, setCompoundId] = useState<string | undefined>(params.get('compoundId') ?? undefined);
  const [opening, setOpening] = useState(false);
  const [detail, setDetail] = useState<string | null>(null);
  const buildingId = params.get('buildingId') ?? undefined;
  const list = useCursorList<Election>('org', '/v1/elections', {
    compoundId,
    buildingId: compoundId === params.get('compoundId') ? buildingId : undefined,
  });
  const api = useApi();
  const buildings = useQuery({
    queryKey: ['org', '/v1/buildings', 'of', compoundId ?? 'all'],
    queryFn: () => api.get<Page<Building>>('org', '/v1/buildings', { compoundId, limit: 100 }),
  });
  const buildingName = (id: string) => buildings.data?.items.find((b) => b.id === id)?.name ?? id.slice(0, 8);
  return (
    <PageContainer
      title={t('elections.title')}
      subtitle={t('elections.subtitle')}
      extra={
        can.rosterWrite(me) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpening(true)}>
            {t('elections.open')}
          </Button>
        )
      }
    >
      <RequiresApi service="org" path="/v1/elections">
        <Card>
          <div style={{ maxWidth: 320, marginBottom: 12 }}>
            <CompoundPicker value={compoundId} onChange={setCompoundId} />
          </div>
          {list.query.error ? (
            <ErrorState error={list.query.error} onRetry={() => list.query.refetch()} />
          ) : (
            <Table<Election>
              rowKey="id"
              loading={list.query.isFetching}
              dataSource={list.items}
              pagination={false}
              scroll={{ x: true }}
              onRow={(r) => ({ onClick: () => setDetail(r.id), style: { cursor: 'pointer' } })}
              locale={{ emptyText: <EmptyState description={t('elections.empty')} /> }}
              columns={[
                { title: t('elections.building'), dataIndex: 'buildingId', render: buildingName },
                { title: t('elections.openedOn'), dataIndex: 'openedOn', render: formatDate },
                {
                  title: t('elections.status'),
                  dataIndex: 'statusName',
                  render: (s: string, r) => <Tag color={STATUS_COLOR[r.status]}>{s}</Tag>,
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
      <OpenElection open={opening} onClose={() => setOpening(false)} compoundId={compoundId} />
      <ElectionDrawer id={detail} onClose={() => setDetail(null)} />
    </PageContainer>
  );
}
