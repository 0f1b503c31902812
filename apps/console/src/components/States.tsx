import { ApiOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { errorSummary } from '../api/messages';
import { ApiError } from '../api/problem';
import { useT } from '../i18n';

export function Loading({ rows = 4 }: { rows?: number }) {
  const t = useT();
  return (
    <div role="status" aria-busy="true" aria-label={t('state.loading')}>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const api = error instanceof ApiError ? error : undefined;
  return (
    <Result
      status={api?.status === 403 ? '403' : api?.status === 404 ? '404' : 'error'}
      title={t('state.error')}
      subTitle={
        <>
          <div>{errorSummary(error, t)}</div>
          {api?.requestId && (
            <div style={{ fontSize: 12 }}>
              {t('error.requestId')}: {api.requestId}
            </div>
          )}
        </>
      }
      extra={onRetry && <Button onClick={onRetry}>{t('action.retry')}</Button>}
    />
  );
}

export function EmptyState({ description, action }: { description?: ReactNode; action?: ReactNode }) {
  const t = useT();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('state.empty')}>
      {action}
    </Empty>
  );
}

export function Forbidden() {
  const t = useT();
  return (
    <Result
      status="403"
      icon={<LockOutlined style={{ fontSize: 64, color: '#c8161d' }} />}
      title={t('state.forbidden')}
      subTitle={t('state.forbidden.hint')}
    />
  );
}

export function NotFoundPage() {
  const t = useT();
  return <Result status="404" title={t('state.notFound')} />;
}

/** A page whose service API is not live yet: it says so instead of failing. */
export function NotBuilt({ what }: { what?: ReactNode }) {
  const t = useT();
  return (
    <Result
      icon={<ApiOutlined style={{ color: '#999' }} />}
      title={t('state.notBuilt')}
      subTitle={
        <>
          {what && <div>{what}</div>}
          <div>{t('state.notBuilt.hint')}</div>
        </>
      }
    />
  );
}

/** Renders a query's loading and error states, and its data when there is some. */
export function QueryView<T>({
  query,
  children,
  empty,
  isEmpty,
  rows,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: T) => ReactNode;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  rows?: number;
}) {
  if (query.isPending) return <Loading rows={rows} />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (isEmpty?.(query.data)) return <>{empty ?? <EmptyState />}</>;
  return <>{children(query.data)}</>;
}
