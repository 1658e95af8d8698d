import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/api-error.js';
import { getMe, login, type Me } from '../../api/auth-client.js';
import type { TokenInfo } from '../../api/admin-client.js';
import { apiFetch, storedToken, storeToken, unauthorizedEvent } from '../../api/http.js';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  /** `me` is null when the server has no auth endpoint at all (an older server): no sign-in then. */
  | { status: 'signed-in'; me: Me | null }
  | { status: 'error'; error: unknown };

export interface Session {
  state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

async function whoAmI(): Promise<SessionState> {
  try {
    return { status: 'signed-in', me: await getMe() };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { status: 'signed-out' };
    if (error instanceof ApiError && error.status === 404) return { status: 'signed-in', me: null };
    return { status: 'error', error };
  }
}

/**
 * Revokes the session token itself, so signing out ends it on the server too, not only in this
 * browser. Best effort: the token is found among the user's own by its displayed prefix.
 */
async function endSession(token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const quiet = { quietUnauthorized: true };
  const listing = await apiFetch('/api/v1/tokens', { headers }, quiet);
  if (!listing.ok) return;
  const { tokens = [] } = (await listing.json()) as { tokens?: TokenInfo[] };
  const session = tokens.find((t) => t.revokedTime === null && t.prefix.length > 0 && token.startsWith(t.prefix) && t.name === 'login session');
  if (session) await apiFetch(`/api/v1/tokens/${encodeURIComponent(String(session.id))}`, { method: 'DELETE', headers }, quiet);
}

/**
 * Who is signed in, for the whole app. Any 401 from any request (an expired or revoked token)
 * drops the stored token and shows the sign-in page at the same URL, so signing in again returns
 * the user to where they were.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    void whoAmI().then((next) => {
      if (live) setState(next);
    });
    const onUnauthorized = () => {
      storeToken(null);
      setState({ status: 'signed-out' });
    };
    window.addEventListener(unauthorizedEvent, onUnauthorized);
    return () => {
      live = false;
      window.removeEventListener(unauthorizedEvent, onUnauthorized);
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const { token } = await login(username, password);
    storeToken(token);
    setState(await whoAmI());
  }, []);

  const signOut = useCallback(() => {
    const token = storedToken();
    storeToken(null);
    setState({ status: 'signed-out' });
    if (token) void endSession(token).catch(() => undefined);
  }, []);

  return <SessionContext.Provider value={{ state, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user's facts, with safe answers when auth is off or unknown. */
export function useMe(): { name: string; isAdmin: boolean; authEnabled: boolean; projects: string[]; roleIn(project: string): string | null } {
  const { state } = useSession();
  const me = state.status === 'signed-in' ? state.me : null;
  return {
    name: me?.user.name ?? 'local',
    isAdmin: me?.user.isAdmin ?? true,
    authEnabled: me?.authEnabled ?? false,
    projects: me?.memberships.map((m) => m.project) ?? [],
    roleIn: (project) => (me?.user.isAdmin ? 'admin' : (me?.memberships.find((m) => m.project === project)?.role ?? null)),
  };
}
