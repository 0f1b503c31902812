import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import OrgTreePage from './OrgTreePage';

const streets = [
  {
    id: '11111111-1111-4111-8111-111111111111',
    name: '古槐街道',
    kind: 'street',
    children: [
      {
        id: '22222222-2222-4222-8222-222222222222',
        name: '运河社区',
        kind: 'community',
        children: [
          {
            id: '33333333-3333-4333-8333-333333333333',
            name: '一网格',
            kind: 'grid',
            children: [
              {
                id: '44444444-4444-4444-8444-444444444444',
                name: '幸福里小区',
                kind: 'compound',
                covered: true,
              },
              {
                id: '55555555-5555-4555-8555-555555555555',
                name: '阳光花园',
                kind: 'compound',
                covered: false,
              },
            ],
          },
        ],
      },
      { id: '66666666-6666-4666-8666-666666666666', name: '南池社区', kind: 'community', children: [] },
    ],
  },
];

describe('OrgTreePage', () => {
  it('shows the territory tree and narrows it by name, marking what matched', async () => {
    renderWithApp(<OrgTreePage />, {
      handler: (req) => (req.path === '/api/org/v1/territory/tree' ? { body: { streets } } : undefined),
    });
    expect(await screen.findByText('南池社区')).toBeTruthy();
    fireEvent.change(screen.getAllByPlaceholderText('搜索名称')[0], { target: { value: '阳光' } });
    expect(await screen.findByText('找到 1 个')).toBeTruthy();
    await waitFor(() => expect(screen.queryByText('南池社区')).toBeNull());
    const hit = document.querySelector('.tree-hit');
    expect(hit?.textContent).toBe('阳光');
    expect(hit?.parentElement?.textContent).toContain('阳光花园');
    expect(screen.getByText('运河社区')).toBeTruthy();

    fireEvent.change(screen.getAllByPlaceholderText('搜索名称')[0], { target: { value: '没有这个' } });
    expect(await screen.findByText('没有名称包含“没有这个”的单位')).toBeTruthy();
  });

  it('says what to do when there is no territory yet, and offers the first step to who may take it', async () => {
    renderWithApp(<OrgTreePage />, {
      handler: (req) => (req.path === '/api/org/v1/territory/tree' ? { body: { streets: [] } } : undefined),
    });
    expect(await screen.findByText('还没有任何区域。先新建一个街道，或导入小区名单。')).toBeTruthy();
    expect(screen.getByRole('button', { name: /新建街道/ })).toBeTruthy();
  });
});
