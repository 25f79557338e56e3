/** Entry point: `npm start`. Reads the environment, starts the server and the simulated community. */
import { startApp } from './app.ts';
import { configFromEnv } from './config.ts';
import { simulatedCommunities, simulatedHierarchy, startSimulation } from './simulation/simulated-communities.ts';

const config = configFromEnv();
const communities = simulatedCommunities(config.simulator.communities, config.simulator.seed);
const app = await startApp({ config, hierarchy: simulatedHierarchy(communities) });
console.log(`community twin: ${config.store} store, listening on ${app.url}`);

const simulation = config.simulator.enabled ? await startSimulation(app, config, communities) : undefined;
if (simulation) console.log(`community twin: simulating ${communities.length} community(ies) at ${config.simulator.acceleration}×`);
console.log(`community twin: open http://localhost:${app.port}`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`community twin: ${signal}, stopping`);
  simulation?.stop();
  await app.close();
  app.http.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
