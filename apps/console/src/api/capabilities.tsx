import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Loading, NotBuilt } from '../components/States';

interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
}

/** The services behind the gateway (its `/docs/json` index). */
export function useServices() {
  return useQuery({
    queryKey: ['gateway', 'services'],
    queryFn: async () => {
      const res = await fetch('/docs/json', { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { services: { name: string }[] };
      return body.services.map((s) => s.name);
    },
    staleTime: 5 * 60_000,
  });
}

/** A service's OpenAPI document, to tell which routes it serves today. */
export function useOpenApi(service: string) {
  return useQuery({
    queryKey: ['openapi', service],
    queryFn: async (): Promise<OpenApiDoc> => {
      const res = await fetch(`/api/${service}/docs/json`, { headers: { accept: 'application/json' } });
      if (!res.ok) return { paths: {} };
      return (await res.json()) as OpenApiDoc;
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** OpenAPI writes `/v1/compounds/{id}`; the console writes `/v1/compounds/:id`. */
export function hasRoute(doc: OpenApiDoc | undefined, method: string, path: string): boolean {
  const want = path.replace(/:(\w+)/g, '{$1}');
  const ops = doc?.paths?.[want];
  return !!ops && method.toLowerCase() in ops;
}

/**
 * Shows its children when the service serves the route, and a clear "not available yet" page when
 * it does not (a service still being built), instead of an error.
 */
export function RequiresApi({
  service,
  method = 'get',
  path,
  what,
  children,
}: {
  service: string;
  method?: string;
  path: string;
  what?: ReactNode;
  children: ReactNode;
}) {
  const doc = useOpenApi(service);
  if (doc.isPending) return <Loading />;
  if (!hasRoute(doc.data, method, path))
    return <NotBuilt what={what ?? `${method.toUpperCase()} /api/${service}${path}`} />;
  return <>{children}</>;
}

export function useHasRoute(service: string, method: string, path: string): boolean | undefined {
  const doc = useOpenApi(service);
  return doc.isPending ? undefined : hasRoute(doc.data, method, path);
}
