/**
 * /api/auth: sign-in for people, wall screens and demo guests; who am I; password change.
 * Documented in docs/api.md. The access guard lets these through without a principal (login has none yet).
 */
import express from 'express';
import { z } from 'zod';
import { bodyErrors } from '../api/body-errors.ts';
import { AuthError } from './auth-error.ts';
import type { AuthService, SignedIn } from './auth-service.ts';
import { MAX_PASSWORD_LENGTH } from './passwords.ts';
import { SESSION_COOKIE, cookieValues, type RequestAuth } from './request-auth.ts';
import { secretHash } from './secrets.ts';
import { addressOf, handle, parseBody, publicPrincipal } from './route-helpers.ts';

const LoginBody = z.strictObject({ username: z.string().min(1).max(200), password: z.string().max(MAX_PASSWORD_LENGTH * 4) });
const PasswordBody = z.strictObject({ oldPassword: z.string().max(MAX_PASSWORD_LENGTH * 4), newPassword: z.string().max(MAX_PASSWORD_LENGTH * 4) });
const DisplayBody = z.strictObject({ token: z.string().min(1).max(200) });

export function authRoutes(service: AuthService, auth: RequestAuth): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '16kb' }));
  const principalOf = (req: express.Request) => req.principal ?? auth.resolvePrincipal(req);
  const signedIn = (req: express.Request, res: express.Response, s: SignedIn) => {
    auth.setSessionCookie(req, res, s.secret, s.expiresAt);
    res.json({ principal: publicPrincipal(s.principal), csrfToken: s.csrfToken, expiresAt: s.expiresAt, mustChangePassword: s.mustChangePassword });
  };

  r.post('/login', handle(async (req, res) => {
    const body = parseBody(LoginBody, req.body);
    signedIn(req, res, await service.login(body.username, body.password, addressOf(req)));
  }));

  r.post('/logout', handle((req, res) => {
    const p = principalOf(req);
    if (p) service.logout(p, addressOf(req));
    auth.clearSessionCookie(req, res);
    res.status(204).end();
  }));

  r.get('/me', handle((req, res) => {
    const p = principalOf(req);
    if (!p) throw new AuthError(401, 'not signed in');
    const session = p.sessionId === undefined ? undefined : service.session(p.sessionId);
    // A wall screen runs for weeks: its cookie's 400 days start again whenever it asks.
    if (session?.kind === 'display') {
      const secret = cookieValues(req.headers.cookie, SESSION_COOKIE).find((v) => secretHash(v) === p.sessionId);
      if (secret !== undefined) auth.setSessionCookie(req, res, secret, null);
    }
    const user = p.kind === 'user' && session?.kind === 'user' ? service.getUser(p.id) : undefined;
    res.json({ principal: publicPrincipal(p), csrfToken: session?.csrfToken ?? null, expiresAt: session?.expiresAt ?? null, mustChangePassword: user?.mustChangePassword ?? false });
  }));

  r.post('/password', handle(async (req, res) => {
    const p = principalOf(req);
    if (!p) throw new AuthError(401, 'not signed in');
    const body = parseBody(PasswordBody, req.body);
    await service.changePassword(p, body.oldPassword, body.newPassword, addressOf(req));
    res.status(204).end();
  }));

  r.post('/display', handle((req, res) => {
    const body = parseBody(DisplayBody, req.body);
    signedIn(req, res, service.displaySession(body.token, addressOf(req)));
  }));

  r.post('/guest', handle((req, res) => {
    if (!service.config.demoGuest) throw new AuthError(404, 'no such endpoint: POST /api/auth/guest (demo guest sessions are off; DEMO_GUEST=on enables them)');
    signedIn(req, res, service.guestSession(addressOf(req)));
  }));

  r.use(bodyErrors('auth'));
  return r;
}
