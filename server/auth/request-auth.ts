/**
 * Who a request or a socket handshake comes from, and the CSRF rule for cookie sessions.
 *
 * Order: the session cookie `twin_session`; then `Authorization: Bearer <secret>`, `Token <secret>`
 * (InfluxDB 2.x style) or `Basic` (InfluxDB 1.x: the password is the token secret, the username
 * anything); then the query parameter `p` (InfluxDB 1.x's `u`/`p`). A cookie that no longer
 * works does not hide a token sent with it.
 *
 * CSRF: a browser sends the cookie by itself, so a state-changing request authenticated by it
 * must prove it was made by our page: the `X-CSRF-Token` header equal to the session's token
 * (given by login and GET /api/auth/me). SameSite=Strict already stops other sites; this also
 * covers a sibling subdomain. A request with a token in a header or query needs none.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, Response } from 'express';
import type { AuthService } from './auth-service.ts';
import type { Principal } from './principal.ts';
import { sameSecret } from './secrets.ts';

export const SESSION_COOKIE = 'twin_session';
export const CSRF_HEADER = 'x-csrf-token';
/** A display's cookie: browsers cap Max-Age at 400 days; refreshed by GET /api/auth/me. */
export const DISPLAY_COOKIE_MS = 400 * 86_400_000;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfRefusal {
  status: 403;
  error: string;
}

export interface RequestAuth {
  resolvePrincipal(req: Request): Principal | undefined;
  /** Undefined when the request may proceed; else the answer to send. */
  checkCsrf(req: Request, principal: Principal | undefined): CsrfRefusal | undefined;
  /** For Socket.IO: the cookie, then an Authorization header, of the handshake. */
  principalFromHandshake(headers: IncomingHttpHeaders): Principal | undefined;
  /** Sets the session cookie: Max-Age of the session for people, DISPLAY_COOKIE_MS for displays. */
  setSessionCookie(req: Request, res: Response, secret: string, expiresAt: number | null): void;
  clearSessionCookie(req: Request, res: Response): void;
}

export function requestAuth(service: AuthService, now: () => number = Date.now): RequestAuth {
  const fromCookie = (header: string | undefined): Principal | undefined => {
    for (const secret of cookieValues(header, SESSION_COOKIE)) {
      const p = service.principalForSession(secret);
      if (p) return p;
    }
    return undefined;
  };
  const fromAuthorization = (header: string | undefined): Principal | undefined => {
    const secret = authorizationSecret(header);
    return secret === undefined ? undefined : service.principalForToken(secret);
  };
  const cookieOptions = (req: Request) => ({
    httpOnly: true, sameSite: 'strict' as const, path: '/',
    // Behind a TLS-terminating proxy: req.secure reads X-Forwarded-Proto, trusted per TRUST_PROXY.
    secure: service.config.trustProxy !== false && req.secure,
  });

  return {
    resolvePrincipal(req) {
      const p = fromCookie(req.headers.cookie) ?? fromAuthorization(req.headers.authorization);
      if (p) return p;
      const q = queryParam(req, 'p');
      return q === undefined ? undefined : service.principalForToken(q);
    },

    checkCsrf(req, principal) {
      if (!STATE_CHANGING.has(req.method) || !principal?.sessionId) return undefined;
      const session = service.session(principal.sessionId);
      if (!session) return { status: 403, error: 'csrf: the session of this request has ended; sign in again' };
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent === '') {
        return { status: 403, error: `csrf: ${req.method} with a session cookie must send the X-CSRF-Token header (the csrfToken of /api/auth/login or /api/auth/me)` };
      }
      if (!sameSecret(sent, session.csrfToken)) return { status: 403, error: 'csrf: the X-CSRF-Token header does not match this session' };
      return undefined;
    },

    principalFromHandshake(headers) {
      const auth = Array.isArray(headers.authorization) ? headers.authorization[0] : headers.authorization;
      return fromCookie(headers.cookie) ?? fromAuthorization(auth);
    },

    setSessionCookie(req, res, secret, expiresAt) {
      const maxAge = expiresAt === null ? DISPLAY_COOKIE_MS : Math.max(0, expiresAt - now());
      res.cookie(SESSION_COOKIE, secret, { ...cookieOptions(req), maxAge });
    },

    clearSessionCookie(req, res) {
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    },
  };
}

/** Every value of cookie `name` in a Cookie header (a sibling site may have added one of its own). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1);
    try {
      out.push(decodeURIComponent(v));
    } catch {
      // Not percent-encoded properly: not a cookie we set.
    }
  }
  return out;
}

/** The token secret of an Authorization header: Bearer, Token, or the password of Basic. */
export function authorizationSecret(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (!m) return undefined;
  const scheme = m[1].toLowerCase();
  if (scheme === 'bearer' || scheme === 'token') return m[2];
  if (scheme !== 'basic') return undefined;
  const decoded = Buffer.from(m[2], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function queryParam(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}
