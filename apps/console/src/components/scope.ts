import type { DataScope } from '../auth/access';
import type { TerritoryKind } from '../features/org/tree';

/** Scope keys for the territory levels a user can be limited to. */
export const SCOPE_KEY: Partial<Record<TerritoryKind, keyof DataScope>> = {
  street: 'streets',
  community: 'communities',
  grid: 'grids',
  compound: 'compounds',
};
const TERRITORY_KEYS = new Set<string>(Object.values(SCOPE_KEY));

/** `{ streets: [a], compounds: [b] }` → `['street:a', 'compound:b']` (tree values). */
export function scopeToValues(scope: DataScope | undefined): string[] {
  const out: string[] = [];
  for (const [kind, key] of Object.entries(SCOPE_KEY))
    for (const id of scope?.[key!] ?? []) out.push(`${kind}:${id}`);
  return out;
}

/**
 * Tree values back to a scope. Kinds the tree does not pick (branches, work units, property
 * companies) are kept from `previous`; empty kinds are left out (an absent key restricts nothing).
 */
export function valuesToScope(values: string[], previous: DataScope = {}): DataScope {
  const scope: DataScope = {};
  for (const [k, v] of Object.entries(previous))
    if (!TERRITORY_KEYS.has(k) && v && v.length) scope[k as keyof DataScope] = v;
  for (const value of values) {
    const i = value.indexOf(':');
    const key = SCOPE_KEY[value.slice(0, i) as TerritoryKind];
    if (!key) continue;
    const list = scope[key] ?? [];
    if (!list.includes(value.slice(i + 1))) list.push(value.slice(i + 1));
    scope[key] = list;
  }
  return scope;
}
