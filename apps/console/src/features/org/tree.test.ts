import { describe, expect, it } from 'vitest';
import { countKinds, filterTree, indexTree, type TreeNode } from './tree';

const tree: TreeNode[] = [
  {
    id: 's1',
    name: '古槐街道',
    kind: 'street',
    children: [
      {
        id: 'c1',
        name: '运河社区',
        kind: 'community',
        children: [
          {
            id: 'g1',
            name: '一网格',
            kind: 'grid',
            children: [
              { id: 'p1', name: '幸福里小区', kind: 'compound', covered: true },
              { id: 'p2', name: '阳光花园', kind: 'compound', covered: false },
            ],
          },
        ],
      },
      { id: 'c2', name: '南池社区', kind: 'community', children: [] },
    ],
  },
  { id: 's2', name: '济阳街道', kind: 'street', children: [] },
];

describe('territory tree search', () => {
  it('keeps everything for an empty query', () => {
    expect(filterTree(tree, '  ').nodes).toBe(tree);
  });

  it('keeps a match with its ancestors (expanded) and drops unrelated branches', () => {
    const r = filterTree(tree, '阳光');
    expect(r.matches).toBe(1);
    expect(r.nodes).toHaveLength(1);
    const grid = r.nodes[0].children![0].children![0];
    expect(grid.children!.map((c) => c.name)).toEqual(['阳光花园']);
    expect(r.expand.sort()).toEqual(['c1', 'g1', 's1']);
  });

  it('keeps the whole subtree of a matching unit', () => {
    const r = filterTree(tree, '运河');
    const community = r.nodes[0].children![0];
    expect(community.name).toBe('运河社区');
    expect(community.children![0].children).toHaveLength(2);
    expect(r.nodes[0].children).toHaveLength(1);
  });

  it('counts matches at several levels and ignores case', () => {
    const t: TreeNode[] = [
      { id: 'a', name: 'Grid A', kind: 'grid', children: [{ id: 'b', name: 'grid b', kind: 'compound' }] },
    ];
    expect(filterTree(t, 'GRID').matches).toBe(2);
    expect(filterTree(tree, '不存在').nodes).toEqual([]);
  });

  it('indexes nodes with their path and counts kinds', () => {
    const idx = indexTree(tree);
    expect(idx.get('p2')?.path.map((n) => n.name)).toEqual(['古槐街道', '运河社区', '一网格']);
    expect(countKinds(tree)).toEqual({ street: 2, community: 2, grid: 1, compound: 2, building: 0 });
  });
});
