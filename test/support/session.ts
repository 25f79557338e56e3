/**
 * Signing in from a test, through the real POST /api/auth/login: the session cookie and CSRF token
 * a browser would hold, and the headers a signed-in request carries.
 */
import { io } from 'socket.io-client';
import type { LiveSocket } from '../../client/live/live-client.ts';
export interface TestSession {
  /** `twin_session=…`, for a Cookie header (fetch, Socket.IO's extraHeaders, Playwright). */
  cookie: string;
  /** The raw cookie value. */
  secret: string;
  csrf: string;
  principal: { kind: string; id: string; name: string; displayName: string; roles: string[]; scopes: string[] };
}

/** Used by the test server's administrator (startTestApp sets ADMIN_PASSWORD to it). */
export const TEST_ADMIN_PASSWORD = 'test-admin-password-7f3';

export async function signIn(baseUrl: string, username: string, password: string): Promise<TestSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  const body = await res.json() as { csrfToken: string; principal: TestSession['principal']; error?: string };
  if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${body.error}`);
  const set = res.headers.getSetCookie().find((c) => c.startsWith('twin_session='));
  if (!set) throw new Error(`sign-in as ${username}: no session cookie in the answer`);
  const cookie = set.split(';')[0];
  return { cookie, secret: cookie.slice('twin_session='.length), csrf: body.csrfToken, principal: body.principal };
}

/** `init` with the session's cookie, and its CSRF token on a state change. */
export function withSession(session: TestSession | undefined, init: RequestInit = {}): RequestInit {
  if (!session) return init;
  const headers = new Headers(init.headers);
  headers.set('cookie', session.cookie);
  const method = (init.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') headers.set('x-csrf-token', session.csrf);
  return { ...init, headers };
}

/**
 * The cookie jar of the test process, by server URL, as a browser keeps one per origin: a live
 * client opened on a test server's URL carries that server's administrator session.
 */
const jar = new Map<string, TestSession>();

export function rememberSession(baseUrl: string, session: TestSession): void {
  jar.set(new URL(baseUrl).origin, session);
}

/** The jar's session for `url`'s server, if a test server signed one in. */
export function sessionFor(url: string): TestSession | undefined {
  return jar.get(new URL(url).origin);
}

export function forgetSession(baseUrl: string): void {
  jar.delete(new URL(baseUrl).origin);
}

/**
 * Socket.IO client options that sign the handshake in with the jar's cookie for `url`. The cookie
 * is read at each (re)connection, as a browser would send the one it holds then: a client that
 * reconnects to a restarted test server on the same port signs in with that server's session.
 */
export function sessionHeaders(url: string): { extraHeaders: Record<string, string> } {
  const origin = new URL(url).origin;
  const headers = {} as Record<string, string>;
  Object.defineProperty(headers, 'cookie', { enumerable: true, get: () => jar.get(origin)?.cookie ?? '' });
  return { extraHeaders: headers };
}

/** A browser page signed in with `session` on `baseUrl` (the cookie a sign-in would have set). */
export async function signInPage(
  page: { context(): { addCookies(c: { name: string; value: string; url: string; httpOnly?: boolean; sameSite?: 'Strict' | 'Lax' | 'None' }[]): Promise<void> } },
  baseUrl: string, session: TestSession,
): Promise<void> {
  await page.context().addCookies([{ name: 'twin_session', value: session.secret, url: baseUrl, httpOnly: true, sameSite: 'Strict' }]);
}

/**
 * Client code run in Node (the live connection, the console's live part) fetches the API with
 * the global fetch, as in a browser: this gives fetch the browser's cookie jar for the test
 * servers (their administrator session, and its CSRF token on state changes). Returns the undo.
 */
export function useBrowserCookies(): () => void {
  const original = globalThis.fetch;
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const session = /^https?:/.test(url) ? sessionFor(url) : undefined;
    return original(input, session ? withSession(session, init) : init);
  };
  return () => { globalThis.fetch = original; };
}

/** The live client's default socket, signed in with the jar's cookie for `url` (Node has no jar of its own). */
export function signedInSocket(url: string | undefined) {
  const opts = { autoConnect: false, forceNew: true, reconnectionDelay: 500, reconnectionDelayMax: 5000, ...(url ? sessionHeaders(url) : {}) };
  return (url === undefined ? io(opts) : io(url, opts)) as LiveSocket;
}
