/**
 * The server as `npm start` runs it (server/main.ts), in this process: the shipped sites tree,
 * SIM_COMMUNITIES real communities of it picked by the simulator's seed (the demo community first),
 * their generated neighbourhoods overlaid on the live tree and their rule sets seeded. The caller
 * starts the simulation (startSimulation) once it is ready for the data.
 */
import { startApp, type RunningApp } from '../../../server/app.ts';
import type { ServerConfig } from '../../../server/config.ts';
import { seedRuleSets } from '../../../server/alerts/rules/community-rules.ts';
import { neighbourhoodSites, simulatedCommunities } from '../../../server/simulation/simulated-communities.ts';
import type { CommunityConfig } from '../../../streams/simulator/index.ts';

export async function startSimulatedApp(config: ServerConfig): Promise<{ app: RunningApp; communities: CommunityConfig[] }> {
  const app = await startApp({ config, alerts: { seedCommunities: [] } });
  try {
    const sites = app.sites.all();
    const communities = simulatedCommunities(sites, config.simulator.communities, config.simulator.seed);
    const { problems } = app.sites.overlay(neighbourhoodSites(communities, sites), 'simulator');
    if (problems.length) throw new Error(`the simulated neighbourhoods do not fit the sites tree:\n${problems.join('\n')}`);
    seedRuleSets(app.alerts, communities);
    return { app, communities };
  } catch (e) {
    await app.close();
    app.http.close();
    throw e;
  }
}
