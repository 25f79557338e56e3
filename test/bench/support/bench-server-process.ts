/** Start and stop test/bench/bench-server.ts (the server under test) with a temporary data directory. */
import { mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer, spawnChild, type Child } from './children.ts';
import type { TestSession } from '../../support/session.ts';
import { BENCH_ADMIN_PASSWORD, createGatewayToken, signInAdmin, tokenHeaders } from './bench-auth.ts';
import { BENCH_COMMUNITIES, communityId } from './bench-hierarchy.ts';

export interface BenchServer {
  child: Child;
  url: string;
  pid: number;
  dataDir: string;
  /** The administrator, signed in (cookie for sockets and pages, CSRF token for state changes). */
  admin: TestSession;
  /** Secret of a gateway token scoped to the 20 bench communities. */
  gatewayToken: string;
  /** Headers of a /write with that token: what the load generators send. */
  writeHeaders: Record<string, string>;
  /** Bytes under the data directory now (database, WAL, spool). */
  diskBytes(): number;
  /** Main-thread event-loop delay since the last call, and memory, from the server itself. */
  stats(): Promise<ServerStats>;
  /** Stop the server (SIGTERM, graceful close) and remove its data directory. */
  stop(): Promise<void>;
}

export interface ServerStats {
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  memory: NodeJS.MemoryUsage;
  pendingRooms: number;
}

export interface BenchServerOptions {
  store: 'sqlite' | 'influxdb';
  /** Extra environment, e.g. INFLUX_URL / INFLUX_DB. */
  env?: Record<string, string>;
}

/**
 * BENCH_PROFILE_DIR=<dir> runs every bench server under `node --cpu-prof` and leaves the
 * .cpuprofile files (main thread and SQLite worker) there for diagnosis.
 */
function profileArgs(): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export async function startBenchServer(opts: BenchServerOptions): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'twin-bench-'));
  const removeDir = defer(() => rmSync(dataDir, { recursive: true, force: true }));
  let child: Child;
  try {
    child = await spawnChild(`server:${opts.store}`, 'bench-server.ts', {
      env: { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SIMULATOR: 'off', STORE: opts.store, ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, ...opts.env },
      nodeArgs: profileArgs(),
      ipc: true,
    });
  } catch (e) {
    await removeDir();
    throw e;
  }
  const url = String(child.hello.url);
  let admin: TestSession, gatewayToken: string;
  try {
    admin = await signInAdmin(url);
    const communities = Array.from({ length: BENCH_COMMUNITIES }, (_, i) => communityId(i + 1));
    gatewayToken = await createGatewayToken(url, admin, 'bench gateway', communities);
  } catch (e) {
    await child.stop();
    await removeDir();
    throw e;
  }
  return {
    child, url, pid: child.pid, dataDir, admin, gatewayToken, writeHeaders: tokenHeaders(gatewayToken),
    diskBytes: () => dirBytes(dataDir),
    stats: () => child.call<ServerStats>('stats'),
    async stop() {
      await child.stop(30_000);
      await removeDir();
    },
  };
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    try {
      total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
    } catch { /* removed meanwhile */ }
  }
  return total;
}

/**
 * A promise that rejects if one of the children exits before `done()` is called: race it against
 * the work so a crashed server ends a benchmark with its exit status instead of hanging.
 */
export function exitWatch(children: Child[]): { crashed: Promise<never>; done: () => void } {
  let active = true;
  const crashed = new Promise<never>((_, reject) => {
    for (const c of children) {
      void c.exited.then((info) => { if (active) reject(new Error(`${c.name} exited unexpectedly (${info})`)); });
    }
  });
  crashed.catch(() => { /* observed through a race */ });
  return { crashed, done: () => { active = false; } };
}

/** Sleep, but fail at once if one of the children exits meanwhile. */
export async function sleepWatching(ms: number, children: Child[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const watch = exitWatch(children);
  try {
    await Promise.race([new Promise<void>((r) => { timer = setTimeout(r, ms); }), watch.crashed]);
  } finally {
    watch.done();
    clearTimeout(timer);
  }
}
