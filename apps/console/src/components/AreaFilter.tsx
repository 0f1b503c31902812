import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { type TreeNode, useTerritoryTree } from '../features/org/tree';
import { useT } from '../i18n';

export interface AreaValue {
  streetId?: string;
  communityId?: string;
  gridId?: string;
  compoundId?: string;
}

const FIELD = {
  street: 'streetId',
  community: 'communityId',
  grid: 'gridId',
  compound: 'compoundId',
} as const;

interface Option {
  value: string;
  title: string;
  children?: Option[];
}

function toOptions(nodes: TreeNode[], maxKind: keyof typeof FIELD): Option[] {
  const order = ['street', 'community', 'grid', 'compound'];
  return nodes
    .filter((n) => order.indexOf(n.kind) <= order.indexOf(maxKind))
    .map((n) => ({
      value: `${n.kind}:${n.id}`,
      title: n.name,
      children: n.children && n.kind !== maxKind ? toOptions(n.children, maxKind) : undefined,
    }));
}

export function areaToQuery(v: string | undefined): AreaValue {
  if (!v) return {};
  const [kind, id] = v.split(':');
  const field = FIELD[kind as keyof typeof FIELD];
  return field ? { [field]: id } : {};
}

/** Narrows a list to a street, community, grid or compound of the caller's tree. */
export function AreaFilter({
  value,
  onChange,
  maxKind = 'compound',
  style,
}: {
  value?: string;
  onChange: (v: string | undefined) => void;
  maxKind?: keyof typeof FIELD;
  style?: React.CSSProperties;
}) {
  const t = useT();
  const tree = useTerritoryTree();
  const options = useMemo(() => toOptions(tree.data ?? [], maxKind), [tree.data, maxKind]);
  return (
    <TreeSelect
      allowClear
      showSearch
      treeNodeFilterProp="title"
      value={value}
      onChange={onChange}
      treeData={options}
      placeholder={t('members.filter.scope')}
      style={{ width: 220, ...style }}
      loading={tree.isPending}
      aria-label={t('members.filter.scope')}
    />
  );
}
