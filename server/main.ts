/** Entry point: `npm start`. Reads the environment and the sites tree, starts the server and the simulated communities. */
import { startApp, type RunningApp } from './app.ts';
import { configFromEnv } from './config.ts';
import type { CommunityConfig } from '../streams/simulator/index.ts';
import { seedRuleSets } from './alerts/rules/community-rules.ts';
import { neighbourhoodSites, simulatedCommunities, startSimulation } from './simulation/simulated-communities.ts';
import { seedAssessments } from './simulation/seed-assessments.ts';

/**
 * SIGTERM/SIGINT stop the process within this bound, ms: the writer flushes to the store (or the
 * spool) and the stores close; whatever still hangs then is left, since everything acknowledged
 * is already in the store's staging table or the fsynced spool.
 */
const SHUTDOWN_BOUND_MS = 10_000;

const config = configFromEnv();
let app: RunningApp;
let communities: CommunityConfig[] = [];
try {
  const sim = config.simulator;
  // With the simulator on, every simulated community's rule set comes from its own configuration.
  app = await startApp({ config, alerts: sim.enabled ? { seedCommunities: [] } : undefined });
  if (sim.enabled) {
    const sites = app.sites.all();
    communities = simulatedCommunities(sites, sim.communities, sim.seed);
    // Their generated neighbourhoods join the live tree for this run (not the stored registry).
    const { problems } = app.sites.overlay(neighbourhoodSites(communities, sites), 'simulator');
    if (problems.length) throw new Error(`the simulated neighbourhoods do not fit the sites tree:\n${problems.join('\n')}`);
    seedRuleSets(app.alerts, communities);
    // Plausible indicator progress; items people have assessed are kept.
    seedAssessments(app.records, communities, sim.seed);
  }
} catch (e) {
  console.error(`community twin: cannot start: ${(e as Error).message}`);
  process.exit(1);
}
console.log(`community twin: ${config.store} store, listening on ${app.url}`);

const simulation = config.simulator.enabled ? await startSimulation(app, config, communities) : undefined;
if (simulation) console.log(`community twin: simulating ${communities.length} community(ies) at ${config.simulator.acceleration}×`);
console.log(`community twin: open http://localhost:${app.port} and sign in (see the README: user admin)`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) {
    // A second signal: the operator does not want to wait for the flush.
    console.error(`community twin: ${signal} again, exiting now`);
    process.exit(1);
  }
  stopping = true;
  console.log(`community twin: ${signal}, stopping`);
  setTimeout(() => {
    console.error(`community twin: still stopping after ${SHUTDOWN_BOUND_MS / 1000} s (the store does not answer); exiting, acknowledged points are in the store or the spool`);
    process.exit(1);
  }, SHUTDOWN_BOUND_MS);
  simulation?.stop();
  // A write answered while stopping leaves a keep-alive connection behind, which close() would wait for.
  setInterval(() => app.http.closeIdleConnections(), 100).unref();
  try {
    await app.close();
  } catch (e) {
    console.error(`community twin: stopping: ${(e as Error).message}`);
  }
  app.http.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
