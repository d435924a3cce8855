/**
 * Who is signed in: `/api/me` on load, `POST /api/login` and `/api/logout`. A 401 from any call means the session
 * ended, and the app returns to the sign-in page.
 */
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, get, onUnauthorized, setCsrfToken } from './client';
import { clearPermissions } from './permissions';

export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly type: string;
}

export interface RoleAssignmentSummary {
  readonly scope: string;
  readonly roleDefinitionId: string;
  readonly roleName: string;
}

export interface Me {
  readonly principal: Principal;
  readonly csrfToken?: string;
  readonly roleAssignments: readonly RoleAssignmentSummary[];
}

export type SessionState = { readonly status: 'loading' } | { readonly status: 'signedOut' } | { readonly status: 'signedIn'; readonly me: Me };

export interface Session {
  readonly state: SessionState;
  signIn(name: string, password: string): Promise<void>;
  /** With an access token (the first admin's, printed by `npm start`, or a service principal's). */
  signInWithToken(token: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

async function loadMe(): Promise<Me | undefined> {
  try {
    const me = await get<Me>('/api/me', { quietUnauthorized: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return undefined;
    throw error;
  }
}

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    loadMe().then(
      (me) => live && setState(me === undefined ? { status: 'signedOut' } : { status: 'signedIn', me }),
      () => live && setState({ status: 'signedOut' }),
    );
    const stop = onUnauthorized(() => {
      setCsrfToken(undefined);
      clearPermissions();
      setState({ status: 'signedOut' });
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const openSession = useCallback(async (path: string, body: unknown) => {
    const answer = await api<{ csrfToken: string }>('POST', path, body, { quietUnauthorized: true });
    setCsrfToken(answer.csrfToken);
    clearPermissions();
    const me = await loadMe();
    setState(me === undefined ? { status: 'signedOut' } : { status: 'signedIn', me });
  }, []);
  const signIn = useCallback((name: string, password: string) => openSession('/api/login', { name, password }), [openSession]);
  const signInWithToken = useCallback((token: string) => openSession('/api/login/token', { token }), [openSession]);

  const signOut = useCallback(async () => {
    try {
      await api('POST', '/api/logout', undefined, { quietUnauthorized: true });
    } finally {
      setCsrfToken(undefined);
      clearPermissions();
      setState({ status: 'signedOut' });
    }
  }, []);

  const value = useMemo(() => ({ state, signIn, signInWithToken, signOut }), [state, signIn, signInWithToken, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession needs a SessionProvider above it.');
  return session;
}

/** The signed-in user; only for components rendered inside the signed-in layout. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useMe is only for signed-in pages.');
  return state.me;
}
