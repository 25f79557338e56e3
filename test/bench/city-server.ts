/**
 * The server as `npm start` runs it with SIM_COMMUNITIES real communities simulated (the city
 * benchmark asks for 3,000), in its own process so its CPU and memory can be read from /proc.
 * Configuration comes from the environment (server/config.ts), listening on 127.0.0.1 only.
 *
 * Prints one JSON line when the simulation runs: {"url", "pid", "communities", "startMs"}.
 * IPC `stats`: since the last call, the main thread's event-loop delay, the samples the roll-ups
 * took in and the ms spent in them (accepting samples and reading figures for the summary rooms),
 * and the process's memory.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { configFromEnv } from '../../server/config.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { seedAssessments } from '../../server/simulation/seed-assessments.ts';
import { BENCH_ADMIN_PASSWORD } from './support/bench-auth.ts';
import { serveParent } from './support/children.ts';
import { startSimulatedApp } from './support/simulated-app.ts';

const t0 = performance.now();
const config = configFromEnv({ ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD, ...process.env, HOST: '127.0.0.1' });
const { app, communities } = await startSimulatedApp(config);
seedAssessments(app.records, communities, config.simulator.seed);

// Roll-up cost, wall time of synchronous calls on the main thread (which is their CPU time).
let rollupMs = 0;
let accepted = 0;
const rollups = app.rollups;
const accept = rollups.accept.bind(rollups);
const values = rollups.values.bind(rollups);
rollups.accept = (samples) => {
  const s = performance.now();
  accept(samples);
  rollupMs += performance.now() - s;
  accepted += samples.length;
};
rollups.values = (node) => {
  const s = performance.now();
  const v = values(node);
  rollupMs += performance.now() - s;
  return v;
};

const sim = await startSimulation(app, config, communities);
const startMs = performance.now() - t0;

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let since = performance.now();

function stats() {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  const now = performance.now();
  const out = {
    seconds: (now - since) / 1000, samples: accepted, rollupMs,
    loopDelayP50Ms: ms(delay.percentile(50)), loopDelayP99Ms: ms(delay.percentile(99)), loopDelayMaxMs: ms(delay.max),
    memory: process.memoryUsage(),
  };
  since = now;
  accepted = 0;
  rollupMs = 0;
  delay.reset();
  return out;
}

serveParent({ stats }, { url: app.url, pid: process.pid, communities: communities.length, startMs }, async () => {
  sim.stop();
  app.http.closeAllConnections();
  await app.close();
  await new Promise<void>((r) => app.http.close(() => r()));
});
