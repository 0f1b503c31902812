import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../../test/render';
import { LoginPage } from './LoginPage';

function setup(answer: { status?: number; body: unknown }) {
  return renderWithApp(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={<div>已登录首页</div>} />
    </Routes>,
    {
      route: '/login',
      signedIn: false,
      handler: (req) => (req.path === '/api/identity/v1/auth/token' ? answer : undefined),
    },
  );
}

async function submit(code: string | null) {
  if (code !== null) fireEvent.change(screen.getByLabelText('区县代码'), { target: { value: code } });
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'admin' } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Admin-Pass-1' } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('LoginPage', () => {
  it('checks the district code before asking the service', async () => {
    const { calls } = setup({ body: {} });
    await submit('3708');
    expect(await screen.findByText('请输入 6 位数字的区县代码')).toBeTruthy();
    expect(calls.filter((c) => c.path.endsWith('/auth/token'))).toHaveLength(0);
  });

  it('signs in and goes to the home page', async () => {
    const { calls } = setup({
      body: { access_token: 'a', token_type: 'Bearer', expires_in: 900, refresh_token: 'rt.t.0123456789' },
    });
    await submit('370811');
    expect(await screen.findByText('已登录首页')).toBeTruthy();
    expect(calls[0].body).toMatchObject({ tenant_code: '370811', username: 'admin' });
    expect(localStorage.getItem('hongfan.lastTenantCode')).toBe('370811');
  });

  it('says plainly why a sign-in was refused', async () => {
    setup({
      status: 403,
      body: { code: 'tenant_suspended', title: 'Forbidden', detail: 'This district tenant is suspended' },
    });
    await submit('370811');
    expect(await screen.findByText(/所在区县已被停用/)).toBeTruthy();
  });

  it('a platform admin signs in without a district code', async () => {
    const { calls } = setup({
      status: 400,
      body: { code: 'invalid_grant', title: 'Invalid grant', detail: 'The credentials are not valid' },
    });
    fireEvent.click(screen.getByText('平台管理员'));
    await waitFor(() => expect(screen.queryByLabelText('区县代码')).toBeNull());
    await submit(null);
    expect(await screen.findByText('用户名、密码或区县代码不正确')).toBeTruthy();
    expect(calls[0].body).not.toHaveProperty('tenant_code');
  });
});
