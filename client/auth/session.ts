/**
 * The signed-in principal of this page: read once from `GET /api/auth/me` (or taken from the
 * sign-in answer), with the CSRF token every state-changing request carries. A server without
 * sign-in (no /api/auth routes) leaves the session null and the pages work as before.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Role } from '../../streams/roles.ts';
import { ApiError, getJson, sendJson } from '../api/api-client.ts';
import { setCsrfToken } from './csrf-token.ts';
import { redirectOn401 } from './login-redirect.ts';

export { csrfHeaders } from './csrf-token.ts';
export { redirectOn401, loginUrl, safeNextPath, shouldRedirectToLogin } from './login-redirect.ts';

export interface SessionPrincipal {
  kind: 'user' | 'display' | 'gateway';
  id: string;
  name: string;
  displayName: string;
  roles: Role[];
  scopes: string[];
  /** A user whose password an administrator set must choose a new one before going on. */
  mustChangePassword?: boolean;
}

/** What sign-in, the display exchange, the demo visit and `GET /api/auth/me` answer. */
export interface Session {
  principal: SessionPrincipal;
  csrfToken: string;
  /** Epoch ms the session ends; null for displays (they never log out). */
  expiresAt: number | null;
  mustChangePassword?: boolean;
}

export type SessionState =
  | { status: 'unknown' }
  | { status: 'signed-in'; session: Session }
  /** 401: nobody is signed in (the page is on its way to the sign-in page). */
  | { status: 'signed-out' }
  /** The server has no sign-in (or /api/auth/me failed otherwise): no menu, nothing to send. */
  | { status: 'unavailable'; error: string };

export const sessionStore = createStore<SessionState>()(() => ({ status: 'unknown' }));

/** Whether a session's principal must set a new password first. */
export function mustChangePassword(s: Session): boolean {
  return Boolean(s.mustChangePassword ?? s.principal.mustChangePassword);
}

export function isAdmin(s: Session | null | undefined): boolean {
  return Boolean(s?.principal.roles.includes('admin'));
}

/** Take a session from a sign-in answer: its token signs the page's requests from now on. */
export function adoptSession(session: Session): void {
  setCsrfToken(session.csrfToken);
  sessionStore.setState({ status: 'signed-in', session }, true);
}

/**
 * The current session from the server. On 401 the page is sent to sign in (unless `redirect` is
 * false: the sign-in page asks whether someone is already signed in) and null is returned.
 */
export async function loadSession(opts: { redirect?: boolean; signal?: AbortSignal } = {}): Promise<Session | null> {
  try {
    const session = await getJson<Session>('/api/auth/me', opts.signal, { noLoginRedirect: true });
    adoptSession(session);
    return session;
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      sessionStore.setState({ status: 'signed-out' }, true);
      if (opts.redirect !== false) redirectOn401(401);
      return null;
    }
    sessionStore.setState({ status: 'unavailable', error: (e as Error).message }, true);
    return null;
  }
}

/** End the session and go to the sign-in page (even if the server could not be told: the cookie may be gone already). */
export async function signOut(): Promise<void> {
  try {
    await sendJson('POST', '/api/auth/logout', undefined, { noLoginRedirect: true });
  } catch {
    // Expired or unreachable: the sign-in page is the right place either way.
  }
  setCsrfToken(null);
  sessionStore.setState({ status: 'signed-out' }, true);
  window.location.assign('/login.html');
}

/** Change the signed-in user's password; rejects with the server's policy message (400) or 401 for a wrong old password. */
export function changePassword(oldPassword: string, newPassword: string): Promise<void> {
  return sendJson('POST', '/api/auth/password', { oldPassword, newPassword }, { noLoginRedirect: true });
}

/** The session state; re-renders the caller when it changes. */
export function useSessionState(): SessionState {
  return useStore(sessionStore);
}

