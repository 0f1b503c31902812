import { useQuery } from '@tanstack/react-query';
import { useApi } from '../../auth/AuthProvider';

export type TerritoryKind = 'street' | 'community' | 'grid' | 'compound' | 'building';

/** A node of `GET /api/org/v1/territory/tree` (street → community → grid → compound). */
export interface TreeNode {
  id: string;
  name: string;
  kind: TerritoryKind;
  covered?: boolean;
  children?: TreeNode[];
}

export const CHILD_KIND: Record<TerritoryKind, TerritoryKind | null> = {
  street: 'community',
  community: 'grid',
  grid: 'compound',
  compound: 'building',
  building: null,
};

export function useTerritoryTree(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: ['org', 'territory-tree'],
    queryFn: () => api.get<{ streets: TreeNode[] }>('org', '/v1/territory/tree'),
    select: (d) => d.streets,
    enabled,
  });
}

/** Every node with its ancestors (nearest last), for lookups by id. */
export function indexTree(nodes: TreeNode[]): Map<string, { node: TreeNode; path: TreeNode[] }> {
  const out = new Map<string, { node: TreeNode; path: TreeNode[] }>();
  const walk = (list: TreeNode[], path: TreeNode[]) => {
    for (const n of list) {
      out.set(n.id, { node: n, path });
      if (n.children) walk(n.children, [...path, n]);
    }
  };
  walk(nodes, []);
  return out;
}

export interface FilteredTree {
  nodes: TreeNode[];
  /** Ids to expand so every match is visible. */
  expand: string[];
  matches: number;
}

/**
 * Keeps the nodes whose name contains the query, with their ancestors (to show where they are) and
 * their whole subtree (a matching community shows its grids). An empty query keeps everything.
 */
export function filterTree(nodes: TreeNode[], query: string): FilteredTree {
  const q = query.trim().toLowerCase();
  if (!q) return { nodes, expand: [], matches: 0 };
  const expand = new Set<string>();
  let matches = 0;
  const visit = (list: TreeNode[], ancestors: string[]): TreeNode[] => {
    const out: TreeNode[] = [];
    for (const n of list) {
      if (n.name.toLowerCase().includes(q)) {
        matches++;
        for (const a of ancestors) expand.add(a);
        out.push(n);
        // Count matches inside too, and open the path to them.
        if (n.children) visit(n.children, [...ancestors, n.id]);
        continue;
      }
      const kids = n.children ? visit(n.children, [...ancestors, n.id]) : [];
      if (kids.length) out.push({ ...n, children: kids });
    }
    return out;
  };
  const filtered = visit(nodes, []);
  return { nodes: filtered, expand: [...expand], matches };
}

/** Counts of each kind below (and including) the given nodes. */
export function countKinds(nodes: TreeNode[]): Record<TerritoryKind, number> {
  const c: Record<TerritoryKind, number> = { street: 0, community: 0, grid: 0, compound: 0, building: 0 };
  const walk = (list: TreeNode[]) => {
    for (const n of list) {
      c[n.kind]++;
      if (n.children) walk(n.children);
    }
  };
  walk(nodes);
  return c;
}
