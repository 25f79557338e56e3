/** Starts the real server on a free port with a temporary data directory, for integration tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppOptions, type RunningApp } from '../../server/app.ts';
import { configFromEnv, type ServerConfig } from '../../server/config.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import type { TimeSeriesStore } from '../../server/store/types.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { forgetSession, rememberSession, signIn, withSession, TEST_ADMIN_PASSWORD, type TestSession } from './session.ts';

/** Every user a test makes with `userSession` has this password. */
const TEST_USER_PASSWORD = 'test-user-password-4b2';

/** A small hierarchy: city → district → street → two communities with two neighbourhoods each. */
export const TEST_HIERARCHY: HierarchyNode[] = [
  { id: 'cq', level: 'city', name: { zh: '重庆市', en: 'Chongqing' }, parent: null },
  { id: 'd-yz', level: 'district', name: { zh: '渝中区', en: 'Yuzhong' }, parent: 'cq' },
  { id: 's-1', level: 'street', name: { zh: '两路口街道', en: 'Lianglukou' }, parent: 'd-yz' },
  { id: 'c-a', level: 'community', name: { zh: '甲社区', en: 'Community A' }, parent: 's-1' },
  { id: 'n-a1', level: 'neighbourhood', name: { zh: '甲一小区', en: 'A1' }, parent: 'c-a' },
  { id: 'n-a2', level: 'neighbourhood', name: { zh: '甲二小区', en: 'A2' }, parent: 'c-a' },
  { id: 'c-b', level: 'community', name: { zh: '乙社区', en: 'Community B' }, parent: 's-1' },
  { id: 'n-b1', level: 'neighbourhood', name: { zh: '乙一小区', en: 'B1' }, parent: 'c-b' },
];

export interface TestApp extends RunningApp {
  dataDir: string;
  /** The administrator, signed in through POST /api/auth/login. */
  session: TestSession;
  /** fetch() on this server as the signed-in administrator (cookie, and the CSRF token on state changes). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Make a user through the admin API (default: a centre operator of the whole tree) and sign in as it. */
  userSession(user: { username: string; displayName?: string; roles?: string[]; scopes?: string[] }): Promise<TestSession>;
  /** POST line protocol to /write. */
  write(body: string | Buffer, query?: string, headers?: Record<string, string>): Promise<{ status: number; error?: string }>;
  get(path: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startTestApp(
  opts: Partial<Omit<AppOptions, 'config'>> & { config?: Partial<ServerConfig>; env?: Record<string, string>; store?: TimeSeriesStore } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twin-test-'));
  const config = { ...configFromEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SIMULATOR: 'off', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, ...opts.env }), ...opts.config };
  const store = opts.store ?? new SqliteStore({ path: join(dataDir, 'test.sqlite'), compactEveryMs: 200 });
  const app = await startApp({ hierarchy: TEST_HIERARCHY, ...opts, config, store });
  const session = await signIn(app.url, 'admin', config.auth.adminPassword ?? TEST_ADMIN_PASSWORD);
  rememberSession(app.url, session);
  const signedIn = (path: string, init?: RequestInit) => fetch(`${app.url}${path}`, withSession(session, init));
  return {
    ...app,
    dataDir,
    session,
    fetch: signedIn,
    async userSession({ username, displayName = username, roles = ['centre_operator'], scopes = [TEST_HIERARCHY[0].id] }) {
      const made = await signedIn('/api/admin/users', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        // Set by the administrator as the user's own (the first-sign-in change has its own tests).
        body: JSON.stringify({ username, displayName, password: TEST_USER_PASSWORD, roles, scopes, mustChangePassword: false }),
      });
      if (made.status !== 201) throw new Error(`creating user ${username}: ${made.status} ${await made.text()}`);
      return signIn(app.url, username, TEST_USER_PASSWORD);
    },
    async write(body, query = '', headers = {}) {
      const res = await signedIn(`/write${query ? `?${query}` : ''}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
      const text = await res.text();
      return { status: res.status, error: text ? (JSON.parse(text) as { error: string }).error : undefined };
    },
    async get(path) {
      const res = await signedIn(path);
      return { status: res.status, body: await res.json() };
    },
    async stop() {
      forgetSession(app.url);
      await app.close();
      await new Promise<void>((r) => app.http.close(() => r()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
