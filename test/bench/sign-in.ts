/**
 * sign-in: time of POST /api/auth/login over HTTP with the argon2id parameters of
 * server/auth/passwords.ts, 200 sign-ins one after another, against an in-process server on
 * 127.0.0.1 (the auth routers in a bare Express app; the records db in a temp directory).
 * Also the verify alone, a wrong password and an unknown username: the last two should cost
 * what a right one does, so timing does not tell which usernames exist.
 *
 * Target (issue 12): sign-in p99 within 50–100 ms on the reference machine. `npx tsx test/bench/sign-in.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { authConfigFromEnv } from '../../server/auth/auth-config.ts';
import { startAuth } from '../../server/auth/index.ts';
import { PASSWORD_HASH_PARAMS, hashPassword, verifyPassword } from '../../server/auth/passwords.ts';
import { openRecordsDb } from '../../server/records/records-db.ts';
import { dec, int, type BenchTable, type Verdict } from './support/table.ts';

const SIGN_INS = 200;
const OTHER_RUNS = 50;
const TARGET_MIN_MS = 50;
const TARGET_MAX_MS = 100;
const PASSWORD = 'bench-admin-password-1';

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function timeRuns(n: number, fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

export async function runSignIn(log: (s: string) => void): Promise<{ table: BenchTable }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twin-bench-auth-'));
  const db = openRecordsDb(join(dataDir, 'records.sqlite'));
  const auth = startAuth({
    db, dataDir, config: authConfigFromEnv({ ADMIN_PASSWORD: PASSWORD, LOGIN_RATE_PER_MINUTE: '100000', LOGIN_MAX_FAILURES: '1000' }),
    sites: { has: (id) => id === 'cq', rootId: () => 'cq' }, log: () => {}, sweepEveryMs: 0,
  });
  const app = express();
  app.use('/api/auth', auth.authRouter);
  const http = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => http.once('listening', () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/auth/login`;
  const login = (username: string, password: string, expect: number) => async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    await res.arrayBuffer();
    if (res.status !== expect) throw new Error(`sign-in: expected ${expect}, got ${res.status}`);
  };
  try {
    await timeRuns(5, login('admin', PASSWORD, 200)); // warm up
    log(`sign-in: ${SIGN_INS} sign-ins…`);
    const ok = await timeRuns(SIGN_INS, login('admin', PASSWORD, 200));
    const wrong = await timeRuns(OTHER_RUNS, login('admin', 'not-the-password', 401));
    const unknown = await timeRuns(OTHER_RUNS, login('nobody', 'not-the-password', 401));
    const hash = await hashPassword(PASSWORD);
    const verify = await timeRuns(OTHER_RUNS, async () => { await verifyPassword(hash, PASSWORD); });
    const hashing = await timeRuns(20, async () => { await hashPassword(PASSWORD); });

    const p50 = quantile(ok, 0.5);
    const p99 = quantile(ok, 0.99);
    const verdict: Verdict = p50 >= TARGET_MIN_MS && p99 <= TARGET_MAX_MS ? 'PASS' : 'FAIL';
    const row = (name: string, t: number[], target: string) => [name, int(t.length), dec(quantile(t, 0.5)), dec(quantile(t, 0.99)), dec(t[t.length - 1]), target];
    const p = PASSWORD_HASH_PARAMS;
    return {
      table: {
        title: `sign-in: POST /api/auth/login, argon2id m=${int(p.memoryCost)} KiB t=${p.timeCost} p=${p.parallelism}`,
        columns: ['path', 'runs', 'p50 ms', 'p99 ms', 'max ms', 'target', 'verdict'],
        rows: [
          [...row('sign-in, right password (HTTP)', ok, `${TARGET_MIN_MS}–${TARGET_MAX_MS} ms`), verdict],
          [...row('sign-in, wrong password (HTTP)', wrong, '≈ right'), '–'],
          [...row('sign-in, unknown username (HTTP)', unknown, '≈ right'), '–'],
          [...row('verifyPassword alone', verify, '–'), '–'],
          [...row('hashPassword alone', hashing, '–'), '–'],
        ],
        notes: [
          'one sign-in at a time from one client on 127.0.0.1; each includes the session insert (synchronous = FULL) and the audit entry',
          `target: p50 ≥ ${TARGET_MIN_MS} ms (costly enough to slow guessing) and p99 ≤ ${TARGET_MAX_MS} ms (quick for a person)`,
        ],
        verdicts: [verdict],
      },
    };
  } finally {
    await new Promise<void>((r) => http.close(() => r()));
    auth.close();
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderTable } = await import('./support/table.ts');
  const { table } = await runSignIn((s) => process.stderr.write(`${s}\n`));
  console.log(renderTable(table));
  process.exitCode = table.verdicts.includes('FAIL') ? 1 : 0;
}
