/**
 * The session's CSRF token (from sign-in or `GET /api/auth/me`), sent as `X-CSRF-Token` with every
 * state-changing request. Kept in memory only: the cookie carries the session, the page the token.
 */
let token: string | null = null;

export function setCsrfToken(value: string | null): void {
  token = value;
}

/** The header a POST/PUT/PATCH/DELETE carries; empty before a session is known. */
export function csrfHeaders(): Record<string, string> {
  return token ? { 'X-CSRF-Token': token } : {};
}
