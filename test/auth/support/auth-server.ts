/**
 * A minimal Express app around the auth core, on a free port with a temporary data directory:
 * the two routers, a small guard in front (principal, CSRF, admin-only /api/admin) standing in for
 * the access guard of the app, and two probe routes that answer with the caller's principal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { authConfigFromEnv } from '../../../server/auth/auth-config.ts';
import { startAuth, type Auth, type RevokedEvent } from '../../../server/auth/index.ts';
import { openRecordsDb, type RecordsDb } from '../../../server/records/records-db.ts';

/** city → district → street → two communities (one the demo's) → a neighbourhood. */
export const SITE_IDS = ['cq', 'd-yz', 's-1', 'c-eling', 'c-b', 'n-b1'];

export interface AuthServer {
  url: string;
  auth: Auth;
  db: RecordsDb;
  dataDir: string;
  /** Every 'revoked' event, in order. */
  revoked: RevokedEvent[];
  /** The server clock (starts at the real time; tests move it). */
  clock: { t: number };
  /** Lines the first start logged. */
  logged: string[];
  /** Stops the server; `keepData` leaves the data directory for a restart. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface AuthServerOptions {
  env?: Record<string, string>;
  /** Reuse a data directory (a restart). */
  dataDir?: string;
  /** Pass the first-start log to console.log (default: captured in `logged`). */
  consoleLog?: boolean;
  trustProxy?: boolean;
}

export async function startAuthServer(opts: AuthServerOptions = {}): Promise<AuthServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'twin-auth-'));
  const db = openRecordsDb(join(dataDir, 'records.sqlite'));
  const clock = { t: Date.now() };
  const logged: string[] = [];
  const config = authConfigFromEnv({ LOGIN_RATE_PER_MINUTE: '1000', ...opts.env });
  const auth = startAuth({
    db, dataDir, config, now: () => clock.t, sweepEveryMs: 0,
    sites: { has: (id) => SITE_IDS.includes(id), rootId: () => 'cq' },
    ...(opts.consoleLog ? {} : { log: (line: string) => { logged.push(line); } }),
  });
  const revoked: RevokedEvent[] = [];
  auth.service.on('revoked', (e) => revoked.push(e));

  const app = express();
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.use((req, res, next) => {
    const p = auth.resolvePrincipal(req);
    req.principal = p;
    const refusal = auth.checkCsrf(req, p);
    if (refusal) { res.status(refusal.status).json({ error: refusal.error }); return; }
    next();
  });
  app.use('/api/admin', (req, res, next) => {
    if (!req.principal) { res.status(401).json({ error: 'access: not signed in' }); return; }
    if (!req.principal.roles.includes('admin')) { res.status(403).json({ error: 'access: administrators only' }); return; }
    next();
  });
  app.use('/api/auth', auth.authRouter);
  app.use('/api/admin', auth.adminRouter);
  const probe = (req: express.Request, res: express.Response) => {
    if (!req.principal) { res.status(401).json({ error: 'access: not signed in' }); return; }
    const { sessionId: _s, ...p } = req.principal;
    res.json({ principal: p });
  };
  app.get('/api/probe', probe);
  app.post('/api/probe', probe);
  app.delete('/api/probe', probe);

  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => http.once('listening', () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url, auth, db, dataDir, revoked, clock, logged,
    async stop(o = {}) {
      await new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections();
      auth.close();
      db.close();
      if (!o.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** A browser-like client: keeps the session cookie, and sends the CSRF token once it has one. */
export class Client {
  cookie: string | undefined;
  csrf: string | undefined;
  sendCsrf = true;

  constructor(readonly base: string) {}

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.cookie) h.cookie = `twin_session=${this.cookie}`;
    if (this.csrf && this.sendCsrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.base}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    const m = set ? /twin_session=([^;]*)/.exec(set) : null;
    if (m) this.cookie = m[1] === '' ? undefined : m[1];
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (parsed?.csrfToken) this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(username: string, password: string): Promise<Answer> {
    return this.call('POST', '/api/auth/login', { username, password });
  }
}

/** The random password of the first administrator, from the first start's log. */
export function loggedAdminPassword(logged: readonly string[]): string {
  const m = /password\n\s+(\S+)\n/.exec(logged.join('\n'));
  if (!m) throw new Error(`no password in the first-start log: ${logged.length} lines`);
  return m[1];
}
