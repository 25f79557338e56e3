/**
 * Signing the benchmarks in, as users and gateways of a real deployment would: every server a
 * benchmark starts gets ADMIN_PASSWORD, the benchmark signs in as `admin` through
 * POST /api/auth/login (its session cookie for sockets and pages, its CSRF token for state
 * changes), and writers send a gateway token made through POST /api/admin/tokens.
 */
import { signIn, withSession, type TestSession } from '../../support/session.ts';

/** The first administrator's password on every bench server (ADMIN_PASSWORD). */
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password-4c1';

export const signInAdmin = (url: string): Promise<TestSession> => signIn(url, 'admin', BENCH_ADMIN_PASSWORD);

/** A gateway token scoped to `communities`; answers its secret (shown once). */
export async function createGatewayToken(url: string, admin: TestSession, name: string, communities: string[]): Promise<string> {
  const res = await fetch(`${url}/api/admin/tokens`, withSession(admin, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'gateway', name, scopes: communities }),
  }));
  const body = await res.json() as { secret?: string; error?: string };
  if (res.status !== 201) throw new Error(`bench: creating gateway token "${name}": ${res.status} ${body.error}`);
  if (!body.secret) throw new Error(`bench: creating gateway token "${name}": no secret in the answer`);
  return body.secret;
}

/** Headers of a write with a gateway token (InfluxDB 2.x style, as Telegraf's `token` sends it). */
export const tokenHeaders = (secret: string): Record<string, string> => ({ authorization: `Token ${secret}` });

/** Headers of a write with the administrator's session: the cookie and the CSRF token a state change needs. */
export const sessionWriteHeaders = (s: TestSession): Record<string, string> => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

/** Socket.IO client options that sign the handshake in with a session cookie. */
export const socketAuth = (cookie: string): { extraHeaders: Record<string, string> } => ({ extraHeaders: { cookie } });
