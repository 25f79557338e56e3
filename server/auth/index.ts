/**
 * The authentication core, started once by the app: the service (sign-in, sessions, users,
 * tokens), the audit log, the two routers, and the functions the access guard and the live hub
 * call on every request and socket handshake.
 *
 *   app.use(guard)                         ← integrator: resolvePrincipal, checkCsrf, permission table
 *   app.use('/api/auth', auth.authRouter)
 *   app.use('/api/admin', auth.adminRouter)
 *   io.use(…auth.principalFromHandshake…); auth.service.on('revoked', close sockets)
 */
import type express from 'express';
import { adminRoutes } from './admin-routes.ts';
import type { AuditLog } from './audit-log.ts';
import { authRoutes } from './auth-routes.ts';
import { AuthService, type AuthServiceOptions } from './auth-service.ts';
import { requestAuth, type RequestAuth } from './request-auth.ts';
import './express-request.ts';

/** What the auth core is started with: the service's options (records db, data dir, settings, sites, clock). */
export type AuthOptions = AuthServiceOptions;

export interface Auth extends RequestAuth {
  service: AuthService;
  audit: AuditLog;
  authRouter: express.Router;
  adminRouter: express.Router;
  close(): void;
}

/** Applies the 'auth' migrations, creates the first administrator on first start, and returns the parts. */
export function startAuth(opts: AuthOptions): Auth {
  const now = opts.now ?? Date.now;
  const service = new AuthService({ ...opts, now });
  service.bootstrapAdmin();
  const auth = requestAuth(service, now);
  return {
    ...auth,
    service,
    audit: service.audit,
    authRouter: authRoutes(service, auth),
    adminRouter: adminRoutes(service, now),
    close: () => service.close(),
  };
}

export type { AuthConfig } from './auth-config.ts';
export { authConfigFromEnv } from './auth-config.ts';
export type { AuthSites } from './validate-input.ts';
export type { RevokedEvent, SignedIn } from './auth-service.ts';
export type { AuditEntry, AuditFilter, AuditRecord, AuditActor } from './audit-log.ts';
export { SESSION_COOKIE, CSRF_HEADER } from './request-auth.ts';
