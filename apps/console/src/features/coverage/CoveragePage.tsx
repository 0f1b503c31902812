import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Progress, Row, Segmented, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { RequiresApi } from '../../api/capabilities';
import { useApi, useMe } from '../../auth/AuthProvider';
import { isDistrictWide } from '../../auth/access';
import { AreaFilter, areaToQuery } from '../../components/AreaFilter';
import { Chart, type ChartOption } from '../../components/Chart';
import { PageContainer } from '../../components/PageContainer';
import { EmptyState, QueryView } from '../../components/States';
import { type MessageKey, useT } from '../../i18n';
import { formatNumber, formatPercent } from '../../i18n/format';
import { useTerritoryTree } from '../org/tree';

interface Figures {
  compounds: number;
  coveredCompounds: number;
  uncoveredCompounds: number;
  coveragePercent: number | null;
  ownBranches: number;
  jointBranches: number;
  jointBranchCompounds: number;
  members: number;
  membersUnderManagement: number;
}

export interface CoverageView {
  level: 'district' | 'street' | 'community';
  unit: { kind: string; id: string | null; name: string | null };
  totals: Figures;
  groupBy: 'street' | 'community' | 'grid';
  breakdown: (Figures & { kind: string; id: string; name: string })[];
  uncovered: {
    total: number;
    items: {
      compoundId: string;
      name: string;
      streetName: string;
      communityName: string;
      gridName: string;
    }[];
  };
}

const RED = '#c8161d';

/** Bars of coverage % per unit of the breakdown, worst first (what needs attention). */
export function coverageBars(
  view: CoverageView,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
): ChartOption {
  const rows = [...view.breakdown].sort((a, b) => (a.coveragePercent ?? -1) - (b.coveragePercent ?? -1));
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { width: 90, overflow: 'truncate' },
    },
    series: [
      {
        name: t('coverage.percent'),
        type: 'bar',
        data: rows.map((r) => r.coveragePercent ?? 0),
        itemStyle: { color: RED },
        label: { show: true, position: 'right', formatter: '{c}%' },
        barMaxWidth: 22,
      },
    ],
  };
}

export function formPie(view: CoverageView, t: (k: MessageKey) => string): ChartOption {
  const own = view.totals.ownBranches;
  const joint = view.totals.jointBranchCompounds;
  return {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        center: ['50%', '45%'],
        data: [
          { name: t('coverage.form.own'), value: own, itemStyle: { color: RED } },
          { name: t('coverage.form.joint'), value: joint, itemStyle: { color: '#fa8c16' } },
          {
            name: t('coverage.form.none'),
            value: view.totals.uncoveredCompounds,
            itemStyle: { color: '#d9d9d9' },
          },
        ].filter((d) => d.value > 0),
        label: { formatter: '{c}' },
      },
    ],
  };
}

function Dashboard({ view }: { view: CoverageView }) {
  const t = useT();
  const f = view.totals;
  const unitName = t(`level.${view.groupBy}` as MessageKey);
  if (f.compounds === 0) return <EmptyState description={t('coverage.noCompounds')} />;
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={8}>
          <Card style={{ height: '100%' }}>
            <Flex align="center" gap={16}>
              <Progress
                type="dashboard"
                percent={f.coveragePercent ?? 0}
                status="normal"
                strokeColor={RED}
                size={120}
                format={() => `${formatNumber(f.coveredCompounds)}/${formatNumber(f.compounds)}`}
              />
              <div>
                <Typography.Text type="secondary">{t('coverage.percent')}</Typography.Text>
                <div data-testid="coverage-percent" style={{ fontSize: 28, fontWeight: 600, color: RED }}>
                  {f.coveragePercent === null ? '—' : formatPercent(f.coveragePercent / 100)}
                </div>
                <Typography.Text>
                  {formatNumber(f.coveredCompounds)} / {formatNumber(f.compounds)} {t('coverage.compounds')}
                </Typography.Text>
              </div>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card style={{ height: '100%' }}>
            <Row gutter={[16, 16]}>
              {(
                [
                  ['coverage.uncovered', f.uncoveredCompounds],
                  ['coverage.ownBranches', f.ownBranches],
                  ['coverage.jointBranches', f.jointBranches],
                  ['coverage.jointCompounds', f.jointBranchCompounds],
                  ['coverage.members', f.members],
                  ['coverage.membersManaged', f.membersUnderManagement],
                ] as [MessageKey, number][]
              ).map(([k, v]) => (
                <Col key={k} xs={12} sm={8}>
                  <Statistic title={t(k)} value={v} formatter={(x) => formatNumber(Number(x))} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={14}>
          <Card title={t('coverage.byUnit', { unit: unitName })}>
            <Chart
              option={coverageBars(view, t)}
              height={Math.max(200, view.breakdown.length * 36 + 40)}
              label={t('coverage.byUnit', { unit: unitName })}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('coverage.byForm')}>
            <Chart option={formPie(view, t)} height={300} label={t('coverage.byForm')} />
          </Card>
        </Col>
      </Row>
      <Card title={t('coverage.uncoveredList', { n: view.uncovered.total })}>
        {view.uncovered.total === 0 ? (
          <EmptyState description={t('coverage.uncoveredNone')} />
        ) : (
          <Table
            rowKey="compoundId"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={view.uncovered.items}
            scroll={{ x: true }}
            columns={[
              {
                title: t('level.compound'),
                dataIndex: 'name',
                render: (n: string, r) => <Link to={`/org/compounds/${r.compoundId}`}>{n}</Link>,
              },
              { title: t('level.street'), dataIndex: 'streetName', responsive: ['md'] },
              { title: t('level.community'), dataIndex: 'communityName' },
              { title: t('level.grid'), dataIndex: 'gridName' },
            ]}
          />
        )}
      </Card>
    </>
  );
}

export default function CoveragePage() {
  const t = useT();
  const me = useMe();
  const api = useApi();
  const tree = useTerritoryTree();
  const wide = isDistrictWide(me);
  const [area, setArea] = useState<string | undefined>();
  const [groupBy, setGroupBy] = useState<string | undefined>();
  // Someone limited to a street or community starts with the first one they may see.
  const fallback = useMemo(() => {
    if (wide || !tree.data?.length) return undefined;
    const s = tree.data[0];
    if (me.scope.streets?.includes(s.id)) return `street:${s.id}`;
    const c = s.children?.[0];
    return c ? `community:${c.id}` : undefined;
  }, [wide, tree.data, me.scope]);
  const unit = area ?? fallback;
  const q = areaToQuery(unit);
  const level = q.communityId ? 'community' : q.streetId ? 'street' : 'district';
  const groups =
    level === 'district'
      ? ['street', 'community', 'grid']
      : level === 'street'
        ? ['community', 'grid']
        : ['grid'];
  const effectiveGroup = groupBy && groups.includes(groupBy) ? groupBy : undefined;
  const query = useQuery({
    queryKey: ['org', 'coverage', level, q, effectiveGroup],
    queryFn: () =>
      api.get<CoverageView>('org', '/v1/coverage', {
        level,
        ...q,
        groupBy: effectiveGroup,
        uncoveredLimit: 200,
      }),
    enabled: wide || !!unit,
  });
  return (
    <PageContainer
      title={t('coverage.title')}
      subtitle={t('coverage.subtitle')}
      extra={
        <Flex gap={8} wrap>
          <AreaFilter value={unit} onChange={setArea} maxKind="community" style={{ width: 200 }} />
          {groups.length > 1 && (
            <Segmented
              value={effectiveGroup ?? groups[0]}
              onChange={(v) => setGroupBy(String(v))}
              options={groups.map((g) => ({
                value: g,
                label: t('coverage.groupBy', { unit: t(`level.${g}` as MessageKey) }),
              }))}
            />
          )}
        </Flex>
      }
    >
      <RequiresApi service="org" path="/v1/coverage">
        {!wide && !unit ? (
          <EmptyState description={t('coverage.pickUnit')} />
        ) : (
          <QueryView query={query}>{(view) => <Dashboard view={view} />}</QueryView>
        )}
      </RequiresApi>
    </PageContainer>
  );
}
