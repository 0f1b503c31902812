import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { type ApiClient, createApiClient } from '../api/client';
import type { Me } from './access';
import { type EndReason, type LoginInput, SessionManager, type StoredSession } from './session';

interface AuthState {
  session: SessionManager;
  api: ApiClient;
  signedIn: boolean;
  me: Me | undefined;
  meLoading: boolean;
  meError: unknown;
  /** Why the last session ended, for the login page to say so. */
  endReason: EndReason | null;
  login(input: LoginInput): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({
  children,
  session: given,
}: {
  children: ReactNode;
  session?: SessionManager;
}) {
  const session = useMemo(() => given ?? new SessionManager(), [given]);
  const api = useMemo(() => createApiClient(session), [session]);
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<StoredSession | null>(session.current);
  const [endReason, setEndReason] = useState<EndReason | null>(null);

  useEffect(() => {
    const off = session.subscribe((s, reason) => {
      setCurrent(s);
      if (!s) {
        setEndReason(reason ?? 'logout');
        queryClient.clear();
      }
    });
    const onStorage = (e: StorageEvent) => {
      if (e.key === null || e.key === 'hongfan.session') session.syncFromStorage();
    };
    window.addEventListener('storage', onStorage);
    return () => {
      off();
      window.removeEventListener('storage', onStorage);
    };
  }, [session, queryClient]);

  const signedIn = !!current;
  const meQuery = useQuery({
    queryKey: ['me'],
    queryFn: () => api.get<Me>('identity', '/v1/me'),
    enabled: signedIn,
    staleTime: 5 * 60_000,
  });

  const value: AuthState = {
    session,
    api,
    signedIn,
    me: signedIn ? meQuery.data : undefined,
    meLoading: signedIn && meQuery.isPending,
    meError: meQuery.error,
    endReason,
    login: async (input) => {
      queryClient.clear();
      await session.login(input);
      setEndReason(null);
    },
    logout: () => session.logout(),
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export function useApi(): ApiClient {
  return useAuth().api;
}

/** The signed-in user (inside the app shell, where it is always loaded). */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe before the session is loaded');
  return me;
}
