import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Switch, Table, Tooltip, Typography, Upload } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { localizeIssue } from '../../api/messages';
import { ApiError, importProblems } from '../../api/problem';
import { useApi } from '../../auth/AuthProvider';
import { useT } from '../../i18n';
import { ProblemAlert } from '../ProblemAlert';
import { type CsvTable, downloadText, matchColumns, readFileText, toCsv, toTable } from './csv';

export interface CsvImportProps<R> {
  service: string;
  path: string;
  /** Field → accepted header names, as the service documents them. */
  columns: Record<string, string[]>;
  /** Fields a file may leave out. */
  optional?: string[];
  template: { filename: string; rows: string[][] };
  onDone?: (result: R) => void;
  renderDone?: (result: R) => ReactNode;
}

interface Row {
  line: number;
  cells: string[];
  problems?: Map<string, string[]>;
}

/**
 * Choose a CSV, see it, send it. When the service rejects the file, every bad row is shown with its
 * bad cells marked and the reason beside it, so the file can be fixed and sent again.
 */
export function CsvImport<R>({
  service,
  path,
  columns,
  optional = [],
  template,
  onDone,
  renderDone,
}: CsvImportProps<R>) {
  const api = useApi();
  const t = useT();
  const [file, setFile] = useState<{ name: string; text: string; table: CsvTable } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<R | null>(null);
  const [busy, setBusy] = useState(false);
  const [onlyBad, setOnlyBad] = useState(true);

  const match = useMemo(() => (file ? matchColumns(file.table.header, columns) : null), [file, columns]);
  const problems = useMemo(
    () => (error instanceof ApiError && error.errors.length ? importProblems(error.errors) : null),
    [error],
  );
  const rows: Row[] = useMemo(
    () => (file ? file.table.rows.map((r) => ({ ...r, problems: problems?.rows.get(r.line) })) : []),
    [file, problems],
  );
  const columnOf = useMemo(() => {
    const m = new Map<number, string>();
    for (const [f, i] of Object.entries(match?.index ?? {})) m.set(i, f);
    return m;
  }, [match]);
  const shown = problems && onlyBad ? rows.filter((r) => r.problems) : rows;
  const missing = (match?.missing ?? []).filter((f) => !optional.includes(f));

  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.request<R>(service, path, { method: 'POST', csv: file.text });
      setResult(r);
      onDone?.(r);
    } catch (err) {
      setError(err);
      setOnlyBad(true);
    } finally {
      setBusy(false);
    }
  };

  if (result)
    return (
      <Card>
        <Alert type="success" showIcon title={renderDone ? renderDone(result) : t('state.done')} />
        <Button
          style={{ marginTop: 12 }}
          onClick={() => {
            setResult(null);
            setFile(null);
          }}
        >
          {t('action.import')}
        </Button>
      </Card>
    );

  return (
    <Card>
      <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('csv.hint')}</Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => downloadText(template.filename, toCsv(template.rows))}
        >
          {t('csv.template')}
        </Button>
      </Flex>
      <Upload.Dragger
        accept=".csv,text/csv"
        showUploadList={false}
        beforeUpload={async (f) => {
          const text = await readFileText(f);
          setFile({ name: f.name, text, table: toTable(text) });
          setError(null);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{file ? file.name : t('csv.choose')}</p>
      </Upload.Dragger>
      {file && (
        <div style={{ marginTop: 16 }}>
          {file.table.header.length === 0 && <Alert type="warning" showIcon title={t('csv.empty')} />}
          {missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('csv.missingColumn', {
                cols: missing.map((f) => columns[f].slice(0, 2).reverse().join('/')).join('、'),
              })}
            />
          )}
          {error instanceof ApiError && problems ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              style={{ marginBottom: 12 }}
              title={t('csv.rejected', { bad: problems.rows.size })}
              description={
                problems.file.length > 0 && (
                  <div>
                    <strong>{t('csv.fileProblems')}：</strong>
                    {problems.file.map((p) => localizeIssue(p, t)).join('；')}
                  </div>
                )
              }
            />
          ) : error ? (
            <ProblemAlert error={error} />
          ) : null}
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{t('csv.preview', { n: file.table.rows.length })}</Typography.Text>
            {problems && (
              <span>
                <Switch size="small" checked={onlyBad} onChange={setOnlyBad} /> {t('csv.onlyBad')}
              </span>
            )}
          </Flex>
          <Table<Row>
            size="small"
            rowKey="line"
            dataSource={shown}
            scroll={{ x: true }}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            rowClassName={(r) => (r.problems ? 'csv-row-error' : '')}
            data-testid="csv-preview"
            className="csv-preview"
            columns={[
              { title: t('csv.line'), dataIndex: 'line', width: 60, fixed: 'left' },
              ...(problems
                ? [
                    {
                      title: t('csv.problems'),
                      key: 'problems',
                      width: 260,
                      className: 'csv-problems',
                      render: (_: unknown, r: Row) =>
                        r.problems ? (
                          <ul
                            style={{ margin: 0, paddingInlineStart: 16, color: '#cf1322' }}
                            data-testid={`row-problems-${r.line}`}
                          >
                            {[...r.problems].map(([col, msgs]) => {
                              const i = match?.index[col];
                              const label = i !== undefined ? file.table.header[i] : col === 'row' ? '' : col;
                              return (
                                <li key={col}>
                                  {label && <strong>{label}：</strong>}
                                  {msgs.map((m) => localizeIssue(m, t)).join('；')}
                                </li>
                              );
                            })}
                          </ul>
                        ) : null,
                    },
                  ]
                : []),
              ...file.table.header.map((h, i) => ({
                title: (
                  <span>
                    {h}
                    {!columnOf.has(i) && (
                      <Tooltip title={t('csv.unknownColumn')}>
                        <Typography.Text type="warning"> ?</Typography.Text>
                      </Tooltip>
                    )}
                  </span>
                ),
                key: `c${i}`,
                render: (_: unknown, r: Row) => {
                  const field = columnOf.get(i);
                  const bad = field ? r.problems?.get(field) : undefined;
                  return bad ? (
                    <Tooltip title={bad.map((m) => localizeIssue(m, t)).join('；')}>
                      <span className="csv-cell-error">{r.cells[i] || '\u00a0\u00a0'}</span>
                    </Tooltip>
                  ) : (
                    r.cells[i]
                  );
                },
              })),
            ]}
          />
          <Button
            type="primary"
            onClick={send}
            loading={busy}
            disabled={file.table.rows.length === 0}
            style={{ marginTop: 12 }}
          >
            {t('csv.submit')}
          </Button>
        </div>
      )}
    </Card>
  );
}
