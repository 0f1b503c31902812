import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import { CsvImport } from './CsvImport';

const columns = {
  street: ['street', '街道'],
  compound: ['compound', '小区'],
  households: ['households', '户数'],
};
const file = (text: string) => new File([text], '小区.csv', { type: 'text/csv' });

function setup(answer: { status: number; body: unknown }) {
  return renderWithApp(
    <CsvImport<{ rows: number }>
      service="org"
      path="/v1/territory/import"
      columns={columns}
      optional={['households']}
      template={{ filename: 't.csv', rows: [['街道', '小区']] }}
      renderDone={(r) => `导入 ${r.rows} 行`}
    />,
    { handler: (req) => (req.path === '/api/org/v1/territory/import' ? answer : undefined) },
  );
}

async function choose(text: string) {
  await waitFor(() => expect(document.querySelector('input[type=file]')).not.toBeNull());
  const input = document.querySelector('input[type=file]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [file(text)] } });
  await screen.findByText(/预览：共/);
}

describe('CsvImport', () => {
  it('previews the file with its line numbers before sending it', async () => {
    const { calls } = setup({ status: 201, body: { rows: 2 } });
    await choose('街道,小区\n古槐街道,幸福里小区\n\n济阳街道,济阳花园\n');
    expect(screen.getByText('预览：共 2 行')).toBeTruthy();
    expect(screen.getByText('幸福里小区')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '开始导入' }));
    expect(await screen.findByText('导入 2 行')).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.text).toContain('济阳花园');
  });

  it('warns about a missing required column before sending', async () => {
    setup({ status: 201, body: { rows: 1 } });
    await choose('街道,名称\n古槐街道,幸福里小区\n');
    expect(screen.getByText(/缺少列：小区/)).toBeTruthy();
  });

  it('shows every bad row with its problems and marks the bad cells', async () => {
    setup({
      status: 400,
      body: {
        code: 'import_rejected',
        title: 'Import rejected',
        detail: '2 of 3 rows have problems; nothing was imported',
        errors: [
          { path: 'rows.3.compound', message: 'is required' },
          { path: 'rows.4.households', message: 'must be a whole number' },
          { path: 'rows.4.street', message: 'no such street' },
        ],
      },
    });
    await choose('街道,小区,户数\n古槐街道,幸福里小区,320\n古槐街道,,80\n无名街道,翠苑,很多\n');
    fireEvent.click(screen.getByRole('button', { name: '开始导入' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('2 行有问题，未导入任何数据');
    // Only the bad rows are listed, each with its problems named by the file's own headers.
    await waitFor(() => expect(screen.queryByText('幸福里小区')).toBeNull());
    expect(
      within(screen.getByTestId('row-problems-3'))
        .getByText(/小区：/)
        .closest('li')?.textContent,
    ).toContain('必填');
    const row4 = within(screen.getByTestId('row-problems-4'));
    expect(row4.getByText(/户数：/).closest('li')?.textContent).toContain('must be a whole number');
    expect(row4.getByText(/街道：/).closest('li')?.textContent).toContain('no such street');
    expect(document.querySelectorAll('.csv-cell-error')).toHaveLength(3);
    // The whole file can be shown again.
    fireEvent.click(screen.getByRole('switch'));
    expect(await screen.findByText('幸福里小区')).toBeTruthy();
  });
});
