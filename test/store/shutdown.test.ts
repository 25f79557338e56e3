/**
 * SIGTERM stops the real server process within its bound (10 s, server/main.ts), also while the
 * embedded store's worker is hung; a write acknowledged meanwhile is stored or spooled, and found
 * after the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { signIn, withSession, TEST_ADMIN_PASSWORD } from '../support/session.ts';

const SHUTDOWN_BOUND_MS = 10_000;
let dataDir: string;
beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'twin-shutdown-')); });
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

interface Server {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; at: number }>;
  /** fetch() as the signed-in administrator. */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
}

/** `node --import tsx server/main.ts` on a free port; resolves once it says where it listens. */
async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SIMULATOR: 'off', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, DATA_DIR: dataDir, CLIENT_DIR: join(dataDir, 'no-client'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  const exited = new Promise<{ code: number | null; at: number }>((r) => child.once('exit', (code) => r({ code, at: Date.now() })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s:\n${out}`)), 20_000);
    const look = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout!.on('data', look);
    void exited.then(() => { clearTimeout(timer); reject(new Error(`server exited during start:\n${out}`)); });
  });
  const session = await signIn(url, 'admin', TEST_ADMIN_PASSWORD);
  return { child, url, output: () => out, exited, fetch: (path: string, init?: RequestInit) => fetch(`${url}${path}`, withSession(session, init)) };
}

const line = (v: number) => `energy,community=c-a,neighbourhood=n-a1,building=b1,meter=m1,category=residential load_kw=${v} ${Date.now()}`;

it('stops at once, with exit code 0, when the store answers', { timeout: 40_000 }, async () => {
  const server = await startServer();
  expect((await server.fetch('/write?precision=ms', { method: 'POST', body: line(1) })).status).toBe(204);
  // Stored before the stop: the hung run below is checked against it.
  const sent = Date.now();
  server.child.kill('SIGTERM');
  const { code, at } = await server.exited;
  expect(code).toBe(0);
  expect(at - sent).toBeLessThan(3000);
});

it('stops within the bound while the store worker is hung, keeping what it acknowledged', { timeout: 60_000 }, async () => {
  const server = await startServer({ TWIN_TEST_HOOKS: '1', TWIN_TEST_HANG_STORE_AFTER_MS: '200' });
  await new Promise((r) => setTimeout(r, 500)); // the worker is hung now
  const write = server.fetch('/write?precision=ms', { method: 'POST', body: line(2) }).then((r) => r.status, () => 0);
  await new Promise((r) => setTimeout(r, 500));
  const sent = Date.now();
  server.child.kill('SIGTERM');
  const { at } = await server.exited;
  expect(at - sent, server.output()).toBeLessThan(SHUTDOWN_BOUND_MS + 1500);
  // Acknowledged only once spooled (the hung worker was killed in time) or not at all (the bound came first).
  const status = await write;
  expect([204, 0]).toContain(status);

  // The next start writes the spool through.
  const again = await startServer();
  try {
    const deadline = Date.now() + 10_000;
    let h = { status: '', spooledPoints: -1 };
    while (Date.now() < deadline && !(h.status === 'ok' && h.spooledPoints === 0)) {
      h = await (await again.fetch('/api/health')).json() as typeof h;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(h).toMatchObject({ status: 'ok', spooledPoints: 0 });
    const latest = await (await again.fetch('/api/latest?measurement=energy&community=c-a')).json() as { series?: { v: number }[] };
    // Unacknowledged, it may still have been spooled just before the exit: found or absent, never wrong.
    if (status === 204) expect(latest.series?.map((s) => s.v)).toEqual([2]);
    else expect([undefined, '2']).toContain(latest.series?.map((s) => s.v).join());
  } finally {
    again.child.kill('SIGTERM');
    await again.exited;
  }
});
