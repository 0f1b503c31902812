import { Spin } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { ErrorState, Forbidden, Loading, NotFoundPage } from '../components/States';
import { AccountPage } from '../features/account/AccountPage';
import { LoginPage } from '../features/auth/LoginPage';
import { HomePage } from '../features/home/HomePage';
import { AppLayout } from './layout/AppLayout';
import { consolePages } from './pages';
import type { ConsolePage } from './registry';

/** Signed-in users only; waits for `/v1/me` (roles, scope, tenant) before showing anything. */
function RequireAuth({ children }: { children: ReactNode }) {
  const { signedIn, me, meError, logout } = useAuth();
  const location = useLocation();
  if (!signedIn) {
    const next = `${location.pathname}${location.search}`;
    return (
      <Navigate to={next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />
    );
  }
  if (meError) return <ErrorState error={meError} onRetry={() => void logout()} />;
  if (!me)
    return (
      <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
        <Spin size="large" />
      </div>
    );
  return <>{children}</>;
}

function Guarded({ page }: { page: ConsolePage }) {
  const { me } = useAuth();
  if (!me || !page.allow(me)) return <Forbidden />;
  const Page = page.element;
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

export function createRouter() {
  return createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    {
      path: '/',
      element: (
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <HomePage /> },
        { path: 'account', element: <AccountPage /> },
        ...consolePages.map((page) => ({ path: page.path, element: <Guarded page={page} /> })),
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
