import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { type TreeNode, useTerritoryTree } from '../features/org/tree';
import { useT } from '../i18n';

interface Option {
  value: string;
  title: string;
  selectable: boolean;
  disabled?: boolean;
  children?: Option[];
}

function toOptions(nodes: TreeNode[]): Option[] {
  return nodes
    .map((n) => ({
      value: n.id,
      title: n.name,
      selectable: n.kind === 'compound',
      children: n.children && n.kind !== 'compound' ? toOptions(n.children) : undefined,
    }))
    .filter((o) => o.selectable || (o.children && o.children.length > 0));
}

/** Picks one compound from the territory tree (streets, communities and grids only open the way). */
export function CompoundPicker({
  value,
  onChange,
  id,
  disabled,
  placeholder,
}: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
  disabled?: boolean;
  placeholder?: string;
}) {
  const t = useT();
  const tree = useTerritoryTree();
  const options = useMemo(() => toOptions(tree.data ?? []), [tree.data]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      treeData={options}
      showSearch
      treeNodeFilterProp="title"
      loading={tree.isPending}
      disabled={disabled}
      placeholder={placeholder ?? t('level.compound')}
      style={{ width: '100%' }}
      treeDefaultExpandAll
      aria-label={t('level.compound')}
    />
  );
}
