/**
 * Signing in from a test, through the real POST /api/auth/login: the session cookie and CSRF token
 * a browser would hold, and the headers a signed-in request carries.
 */
export interface TestSession {
  /** `twin_session=…`, for a Cookie header (fetch, Socket.IO's extraHeaders, Playwright). */
  cookie: string;
  /** The raw cookie value. */
  secret: string;
  csrf: string;
  principal: { kind: string; id: string; name: string; roles: string[]; scopes: string[] };
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
const jar = new Map<string, string>();

export function rememberSession(baseUrl: string, session: TestSession): void {
  jar.set(new URL(baseUrl).origin, session.cookie);
}

export function forgetSession(baseUrl: string): void {
  jar.delete(new URL(baseUrl).origin);
}

/** Socket.IO client options that sign the handshake in with the jar's cookie for `url`. */
export function sessionHeaders(url: string): { extraHeaders?: Record<string, string> } {
  const cookie = jar.get(new URL(url).origin);
  return cookie ? { extraHeaders: { cookie } } : {};
}

/** A browser page signed in with `session` on `baseUrl` (the cookie a sign-in would have set). */
export async function signInPage(
  page: { context(): { addCookies(c: { name: string; value: string; url: string; httpOnly?: boolean; sameSite?: 'Strict' | 'Lax' | 'None' }[]): Promise<void> } },
  baseUrl: string, session: TestSession,
): Promise<void> {
  await page.context().addCookies([{ name: 'twin_session', value: session.secret, url: baseUrl, httpOnly: true, sameSite: 'Strict' }]);
}
