import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { RequiresApi } from '../../api/capabilities';
import { applyProblemToForm } from '../../api/forms';
import type { FieldIssue } from '../../api/problem';
import { useApi, useMe } from '../../auth/AuthProvider';
import { can, hasAnyRole } from '../../auth/access';
import { AreaFilter, areaToQuery } from '../../components/AreaFilter';
import { PageContainer } from '../../components/PageContainer';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState, QueryView } from '../../components/States';
import { useT } from '../../i18n';
import { formatDate, formatMoney } from '../../i18n/format';

interface Totals {
  granted: string;
  spent: string;
  balance: string;
  overdrawn: boolean;
}
interface BranchFunds extends Totals {
  partyOrgId: string;
  name: string;
  status: 'active' | 'dissolved';
  hasGrant: boolean;
}
interface FundsList {
  year: number;
  totals: Totals & { branches: number };
  items: BranchFunds[];
}
interface Entry {
  id: string;
  kind: 'grant' | 'spend';
  kindName: string;
  amountYuan: string;
  purpose: string;
  entryDate: string;
  receiptRef: string | null;
  overdraft: boolean;
  balanceAfter: string;
}
interface Ledger {
  partyOrgName: string;
  year: number;
  totals: Totals;
  items: Entry[];
}

/** Who grants: the street Party working committee's side (org's canGrant). */
const GRANTERS = ['tenant-admin', 'street-cadre'];

function EntryModal({
  kind,
  branch,
  year,
  onClose,
}: {
  kind: 'grant' | 'spend' | null;
  branch: BranchFunds;
  year: number;
  onClose: () => void;
}) {
  const api = useApi();
  const t = useT();
  const queryClient = useQueryClient();
  const [form] = Form.useForm();
  const [other, setOther] = useState<FieldIssue[]>([]);
  const save = useMutation({
    mutationFn: (v: {
      amountYuan?: number;
      purpose?: string;
      entryDate: Dayjs;
      receiptRef?: string;
      overrideReason?: string;
    }) => {
      const body: Record<string, unknown> = { year, entryDate: dayjs(v.entryDate).format('YYYY-MM-DD') };
      if (v.amountYuan) body.amountYuan = v.amountYuan;
      if (v.purpose?.trim()) body.purpose = v.purpose.trim();
      if (kind === 'spend') {
        body.receiptRef = v.receiptRef;
        if (v.overrideReason?.trim()) body.override = { reason: v.overrideReason.trim() };
      }
      return api.post('org', `/v1/party-orgs/${branch.partyOrgId}/fund/${kind}`, body);
    },
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['org', 'funds'] });
      onClose();
    },
    onError: (err) => setOther(applyProblemToForm(form, err, t)),
  });
  const required = { required: true, message: t('error.field.required') };
  return (
    <Modal
      open={!!kind}
      title={`${t(kind === 'grant' ? 'funds.grant' : 'funds.spend')} · ${branch.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.error && <ProblemAlert error={save.error} issues={other} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ entryDate: dayjs(), purpose: kind === 'grant' ? '年度工作经费' : undefined }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="amountYuan" label={t('funds.amount')} rules={kind === 'spend' ? [required] : []}>
          <InputNumber min={0.01} max={10_000_000} precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="purpose" label={t('funds.purpose')} rules={kind === 'spend' ? [required] : []}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="entryDate" label={t('funds.entryDate')} rules={[required]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {kind === 'spend' && (
          <>
            <Form.Item name="receiptRef" label={t('funds.receipt')} rules={[required]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="overrideReason" label={t('funds.overrideReason')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function LedgerDrawer({
  branch,
  year,
  onClose,
}: {
  branch: BranchFunds | null;
  year: number;
  onClose: () => void;
}) {
  const api = useApi();
  const me = useMe();
  const t = useT();
  const screens = Grid.useBreakpoint();
  const [kind, setKind] = useState<'grant' | 'spend' | null>(null);
  const ledger = useQuery({
    queryKey: ['org', 'funds', 'ledger', branch?.partyOrgId, year],
    queryFn: () => api.get<Ledger>('org', `/v1/party-orgs/${branch!.partyOrgId}/fund`, { year, limit: 100 }),
    enabled: !!branch,
  });
  if (!branch) return null;
  return (
    <Drawer
      open
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={`${t('funds.ledger')} · ${branch.name} · ${year}`}
    >
      <QueryView query={ledger}>
        {(l) => (
          <>
            <Space size={24} wrap style={{ marginBottom: 16 }}>
              <Statistic title={t('funds.granted')} value={formatMoney(Number(l.totals.granted))} />
              <Statistic title={t('funds.spent')} value={formatMoney(Number(l.totals.spent))} />
              <Statistic
                title={t('funds.balance')}
                value={formatMoney(Number(l.totals.balance))}
                styles={{ content: { color: l.totals.overdrawn ? '#cf1322' : undefined } }}
              />
            </Space>
            <Space style={{ marginBottom: 12 }} wrap>
              {hasAnyRole(me, GRANTERS) && (
                <Button type="primary" onClick={() => setKind('grant')}>
                  {t('funds.grant')}
                </Button>
              )}
              {can.rosterWrite(me) && <Button onClick={() => setKind('spend')}>{t('funds.spend')}</Button>}
            </Space>
            <Table<Entry>
              size="small"
              rowKey="id"
              dataSource={l.items}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: <EmptyState description={t('funds.ledgerEmpty')} /> }}
              columns={[
                { title: t('funds.entryDate'), dataIndex: 'entryDate', render: formatDate },
                {
                  title: t('funds.kind'),
                  dataIndex: 'kindName',
                  render: (k: string, e) => <Tag color={e.kind === 'grant' ? 'green' : 'blue'}>{k}</Tag>,
                },
                {
                  title: t('funds.amount'),
                  dataIndex: 'amountYuan',
                  render: (a: string) => formatMoney(Number(a)),
                },
                { title: t('funds.purpose'), dataIndex: 'purpose' },
                {
                  title: t('funds.receipt'),
                  dataIndex: 'receiptRef',
                  render: (r) => r ?? '—',
                  responsive: ['md'],
                },
                {
                  title: t('funds.balanceAfter'),
                  dataIndex: 'balanceAfter',
                  render: (a: string, e) => (
                    <span style={{ color: e.overdraft ? '#cf1322' : undefined }}>
                      {formatMoney(Number(a))}
                    </span>
                  ),
                },
              ]}
            />
          </>
        )}
      </QueryView>
      <EntryModal kind={kind} branch={branch} year={year} onClose={() => setKind(null)} />
    </Drawer>
  );
}

export default function FundsPage() {
  const api = useApi();
  const t = useT();
  const [year, setYear] = useState(dayjs().year());
  const [area, setArea] = useState<string | undefined>();
  const [open, setOpen] = useState<BranchFunds | null>(null);
  const q = areaToQuery(area);
  const funds = useQuery({
    queryKey: ['org', 'funds', year, q],
    queryFn: () =>
      api.get<FundsList>('org', '/v1/funds', {
        year,
        streetId: q.streetId,
        communityId: q.communityId,
        gridId: q.gridId,
        limit: 100,
      }),
  });
  const settings = useQuery({
    queryKey: ['org', 'settings'],
    queryFn: () => api.get<{ gridBranchAnnualFundYuan?: number }>('org', '/v1/settings'),
  });
  const years = Array.from({ length: 5 }, (_, i) => dayjs().year() - i);
  return (
    <PageContainer
      title={t('funds.title')}
      subtitle={t('funds.subtitle', { amount: formatMoney(settings.data?.gridBranchAnnualFundYuan ?? 3000) })}
    >
      <RequiresApi service="org" path="/v1/funds">
        <Card>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              value={year}
              onChange={setYear}
              options={years.map((y) => ({ value: y, label: `${y}` }))}
              style={{ width: 110 }}
              aria-label={t('funds.year')}
            />
            <AreaFilter value={area} onChange={setArea} maxKind="grid" />
          </Space>
          {funds.error ? (
            <ErrorState error={funds.error} onRetry={() => funds.refetch()} />
          ) : (
            <>
              {funds.data && (
                <Space size={24} wrap style={{ marginBottom: 12 }}>
                  <Statistic title={t('funds.branch')} value={funds.data.totals.branches} />
                  <Statistic
                    title={t('funds.granted')}
                    value={formatMoney(Number(funds.data.totals.granted))}
                  />
                  <Statistic title={t('funds.spent')} value={formatMoney(Number(funds.data.totals.spent))} />
                  <Statistic
                    title={t('funds.balance')}
                    value={formatMoney(Number(funds.data.totals.balance))}
                  />
                </Space>
              )}
              <Table<BranchFunds>
                rowKey="partyOrgId"
                loading={funds.isFetching}
                dataSource={funds.data?.items ?? []}
                pagination={false}
                scroll={{ x: true }}
                locale={{ emptyText: <EmptyState description={t('funds.empty')} /> }}
                columns={[
                  {
                    title: t('funds.branch'),
                    dataIndex: 'name',
                    render: (n: string, b) => (
                      <Button type="link" onClick={() => setOpen(b)} style={{ padding: 0 }}>
                        {n}
                      </Button>
                    ),
                  },
                  {
                    title: t('funds.granted'),
                    dataIndex: 'granted',
                    render: (v: string, b) =>
                      b.hasGrant ? formatMoney(Number(v)) : <Tag color="orange">{t('funds.noGrant')}</Tag>,
                  },
                  {
                    title: t('funds.spent'),
                    dataIndex: 'spent',
                    render: (v: string) => formatMoney(Number(v)),
                  },
                  {
                    title: t('funds.balance'),
                    dataIndex: 'balance',
                    render: (v: string, b) =>
                      b.overdrawn ? (
                        <Tag color="red">
                          {t('funds.overdrawn')} {formatMoney(Number(v))}
                        </Tag>
                      ) : (
                        formatMoney(Number(v))
                      ),
                  },
                ]}
              />
            </>
          )}
        </Card>
      </RequiresApi>
      <LedgerDrawer branch={open} year={year} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
