import { useQuery } from '@tanstack/react-query';
import { Alert, Select, Space, TreeSelect, Typography } from 'antd';
import { useMemo } from 'react';
import { useHasRoute } from '../api/capabilities';
import type { Page } from '../api/client';
import { useApi } from '../auth/AuthProvider';
import type { DataScope } from '../auth/access';
import { type TreeNode, useTerritoryTree } from '../features/org/tree';
import { useT } from '../i18n';
import { scopeToValues, valuesToScope } from './scope';

interface Option {
  value: string;
  title: string;
  children?: Option[];
}

function toOptions(nodes: TreeNode[], kindLabel: (k: string) => string): Option[] {
  return nodes.map((n) => ({
    value: `${n.kind}:${n.id}`,
    title: `${n.name}`,
    label: `${kindLabel(n.kind)} · ${n.name}`,
    children: n.children ? toOptions(n.children, kindLabel) : undefined,
  }));
}

/**
 * A user's data scope, picked from org's territory tree: each ticked node limits the user to it and
 * everything below (a street means all its communities). Nothing ticked means the whole district.
 */
export function ScopePicker({
  value,
  onChange,
  id,
  roles = [],
}: {
  value?: DataScope;
  onChange?: (v: DataScope) => void;
  id?: string;
  /** The roles being given: a branch secretary is scoped to branches, a work-unit admin to units. */
  roles?: string[];
}) {
  const t = useT();
  const api = useApi();
  const wantsBranches = roles.includes('branch-secretary');
  const wantsUnits = roles.includes('work-unit-admin') || roles.includes('in-service-member');
  const branchesLive = useHasRoute('org', 'get', '/v1/party-orgs');
  const unitsLive = useHasRoute('dual-reporting', 'get', '/v1/work-units');
  const branches = useQuery({
    queryKey: ['org', '/v1/party-orgs', 'branches'],
    queryFn: () =>
      api.get<Page<{ id: string; name: string; level: string; levelName: string }>>('org', '/v1/party-orgs', {
        limit: 100,
      }),
    enabled: wantsBranches && branchesLive === true,
    select: (p) => p.items.filter((o) => o.level === 'compound-branch' || o.level === 'grid-branch'),
  });
  const units = useQuery({
    queryKey: ['dual-reporting', '/v1/work-units', 'pick'],
    queryFn: () =>
      api.get<Page<{ id: string; name: string }>>('dual-reporting', '/v1/work-units', { limit: 100 }),
    enabled: wantsUnits && unitsLive === true,
  });
  const setKind = (kind: 'branches' | 'workUnits', ids: string[]) => {
    const next: DataScope = { ...(value ?? {}) };
    if (ids.length) next[kind] = ids;
    else delete next[kind];
    onChange?.(next);
  };
  const tree = useTerritoryTree();
  const options = useMemo(() => toOptions(tree.data ?? [], (k) => t(`level.${k}` as never)), [tree.data, t]);
  const selected = scopeToValues(value);
  const shown = [
    'streets',
    'communities',
    'grids',
    'compounds',
    ...(wantsBranches ? ['branches'] : []),
    ...(wantsUnits ? ['workUnits'] : []),
  ];
  const others = Object.entries(value ?? {}).filter(([k, ids]) => !shown.includes(k) && ids && ids.length);
  return (
    <>
      {tree.error ? (
        <Alert type="warning" showIcon title={t('users.scope.treeError')} style={{ marginBottom: 8 }} />
      ) : null}
      <TreeSelect
        id={id}
        treeData={options}
        value={selected.map((v) => ({ value: v, label: undefined }))}
        onChange={(vals: { value: string }[]) =>
          onChange?.(
            valuesToScope(
              vals.map((x) => x.value),
              value,
            ),
          )
        }
        treeCheckable
        treeCheckStrictly
        showCheckedStrategy={TreeSelect.SHOW_ALL}
        treeNodeFilterProp="title"
        treeNodeLabelProp="label"
        showSearch
        allowClear
        loading={tree.isPending}
        placeholder={t('users.scope.all')}
        style={{ width: '100%' }}
        maxTagCount="responsive"
        treeDefaultExpandAll={false}
        aria-label={t('users.scope')}
      />
      {(wantsBranches || wantsUnits) && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          {wantsBranches && (
            <Select
              mode="multiple"
              allowClear
              placeholder={t('scope.branches')}
              value={value?.branches ?? []}
              onChange={(ids: string[]) => setKind('branches', ids)}
              loading={branches.isFetching}
              options={(branches.data ?? []).map((b) => ({
                value: b.id,
                label: `${b.name}（${b.levelName}）`,
              }))}
              optionFilterProp="label"
              aria-label={t('scope.branches')}
              data-testid="scope-branches"
            />
          )}
          {wantsUnits && (
            <Select
              mode="multiple"
              allowClear
              placeholder={t('scope.workUnits')}
              value={value?.workUnits ?? []}
              onChange={(ids: string[]) => setKind('workUnits', ids)}
              loading={units.isFetching}
              options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
              optionFilterProp="label"
              aria-label={t('scope.workUnits')}
              data-testid="scope-work-units"
            />
          )}
        </Space>
      )}
      {others.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {others.map(([k, ids]) => `${t(`scope.${k}` as never)} ${ids!.length}`).join('，')}
        </Typography.Text>
      )}
    </>
  );
}
