import { Alert, Typography } from 'antd';
import { errorSummary, localizeIssue } from '../api/messages';
import { ApiError, type FieldIssue } from '../api/problem';
import { useT } from '../i18n';

/** A failed request explained: summary, the service's detail, issues no field shows, request id. */
export function ProblemAlert({
  error,
  issues,
  style,
}: {
  error: unknown;
  issues?: FieldIssue[];
  style?: React.CSSProperties;
}) {
  const t = useT();
  if (!error) return null;
  const api = error instanceof ApiError ? error : undefined;
  const rest = issues ?? [];
  const showDetail = api?.detail && api.status !== 409 && api.status !== 422 && api.status < 500;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16, ...style }}
      title={errorSummary(error, t)}
      description={
        showDetail || rest.length || api?.requestId ? (
          <div>
            {showDetail && <div>{api?.detail}</div>}
            {rest.length > 0 && (
              <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
                {rest.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    {i.path.replace(/^body\./, '')}: {localizeIssue(i.message, t)}
                  </li>
                ))}
              </ul>
            )}
            {api?.requestId && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('error.requestId')}: {api.requestId}
              </Typography.Text>
            )}
          </div>
        ) : undefined
      }
    />
  );
}
