import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onSessionProblem, setCsrfToken } from '../api/client';
import * as api from '../api/session';
import type { Me, SessionInfo } from '../api/types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; setupRequired: boolean; expired: boolean }
  | { status: 'password_change'; me: Me }
  | { status: 'ready'; me: Me };

interface Session {
  state: SessionState;
  login: (loginId: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  changePassword: (current: string, next: string) => Promise<void>;
  /** Asks the server whether the session still holds; shows the login page when it ended. */
  verify: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

async function anonymous(expired: boolean): Promise<SessionState> {
  setCsrfToken('');
  let setupRequired = false;
  try {
    setupRequired = (await api.getSetup()).setup_required;
  } catch {
    // The notice is a courtesy; the login form works without it.
  }
  return { status: 'anonymous', setupRequired, expired };
}

function stateOf(info: SessionInfo): SessionState {
  setCsrfToken(info.csrf_token);
  return info.password_change_required
    ? { status: 'password_change', me: info.operator }
    : { status: 'ready', me: info.operator };
}

async function probe(expired = false): Promise<SessionState> {
  try {
    return stateOf(await api.getSession());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return anonymous(expired);
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let alive = true;
    const settle = (next: SessionState) => alive && setState(next);
    probe()
      .then(settle)
      .catch(() => anonymous(false).then(settle));
    onSessionProblem((error) => {
      if (error.code === 'password_change_required') {
        setState((s) => (s.status === 'ready' ? { status: 'password_change', me: s.me } : s));
      } else {
        anonymous(true).then(settle);
      }
    });
    return () => {
      alive = false;
      onSessionProblem(null);
    };
  }, []);

  const login = useCallback(async (loginId: string, password: string) => {
    setState(stateOf(await api.login(loginId, password)));
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState(await anonymous(false));
    }
  }, []);

  const changePassword = useCallback(async (current: string, next: string) => {
    await api.changePassword(current, next);
    // The session now works normally; fetch it again for a fresh operator and token.
    setState(await probe());
  }, []);

  const verify = useCallback(async () => {
    try {
      const next = await probe(true);
      if (next.status !== 'ready') setState(next);
    } catch {
      // The server is unreachable: keep the screen; the next request or reconnect tells more.
    }
  }, []);

  const value = useMemo(
    () => ({ state, login, logout, changePassword, verify }),
    [state, login, logout, changePassword, verify],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in operator; only for components below the ready state. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'ready') throw new Error('useMe without a ready session');
  return state.me;
}
