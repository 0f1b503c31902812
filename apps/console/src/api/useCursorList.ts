import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../auth/AuthProvider';
import type { Page, Query } from './client';

/**
 * A cursor-paginated list (every service's `GET` lists answer `{ items, nextCursor }`): pages are
 * walked forward with the cursor and back with the cursors already seen. Changing a filter starts
 * again at the first page.
 */
export function useCursorList<T>(
  service: string,
  path: string,
  filters: Query = {},
  opts: { limit?: number; enabled?: boolean } = {},
) {
  const api = useApi();
  const limit = opts.limit ?? 20;
  const filterKey = JSON.stringify(filters);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter means a new first page
  useEffect(() => setCursors([undefined]), [filterKey, path, service]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: [service, path, 'list', filters, limit, cursor ?? null],
    queryFn: () => api.get<Page<T>>(service, path, { ...filters, limit, cursor }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });
  return useMemo(
    () => ({
      query,
      items: query.data?.items ?? [],
      page: cursors.length,
      hasNext: !!query.data?.nextCursor,
      hasPrev: cursors.length > 1,
      next: () => {
        const c = query.data?.nextCursor;
        if (c) setCursors((s) => [...s, c]);
      },
      prev: () => setCursors((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    }),
    [query, cursors],
  );
}

/** Every page of a list (for exports and pickers); stops at `max` items. */
export async function fetchAll<T>(get: (cursor?: string) => Promise<Page<T>>, max = 20_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await get(cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out;
}
