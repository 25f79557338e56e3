/**
 * The server under test, in its own process so the load generator does not share its event loop
 * and its CPU and memory can be read from /proc. Configuration comes from the environment exactly
 * as for the real server (server/config.ts: DATA_DIR, PORT, STORE, INFLUX_URL, INFLUX_DB, ...),
 * except that it listens on 127.0.0.1 only, runs the bench hierarchy (20 communities), and its first
 * administrator's password is ADMIN_PASSWORD or else the benchmarks' (support/bench-auth.ts).
 *
 * Prints one JSON line when listening: {"url": "http://127.0.0.1:<port>", "pid": ..., "store": ...}.
 * IPC (when spawned with one): `stats` answers the main thread's event-loop delay since the last
 * `stats` and its memory use, to tell a blocked event loop from a slow store.
 * Exits (closing the app, so --cpu-prof profiles are written) on SIGTERM / SIGINT or when the
 * parent closes its stdin.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startApp } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { benchHierarchy } from './support/bench-hierarchy.ts';
import { BENCH_ADMIN_PASSWORD } from './support/bench-auth.ts';
import { serveParent } from './support/children.ts';

const config = configFromEnv({ ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, ...process.env, HOST: '127.0.0.1' });
const app = await startApp({ config, hierarchy: benchHierarchy() });

// Event-loop delay of the main thread: samples every 10 ms, negligible cost.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

function stats() {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const out = {
    loopDelayP50Ms: ms(delay.percentile(50)), loopDelayP99Ms: ms(delay.percentile(99)), loopDelayMaxMs: ms(delay.max),
    memory: process.memoryUsage(), pendingRooms: app.hub.roomCount,
  };
  delay.reset();
  return out;
}

serveParent({ stats }, { url: app.url, pid: process.pid, store: app.store.kind }, async () => {
  app.http.closeAllConnections();
  await app.close();
  await new Promise<void>((r) => app.http.close(() => r()));
});
