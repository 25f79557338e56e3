/** End to end: the simulated community → validation → store and live hub → a Socket.IO client. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { simulatedCommunities, simulatedHierarchy, startSimulation } from '../../server/simulation/simulated-communities.ts';
import { configFromEnv } from '../../server/config.ts';
import type { RunningSimulator } from '../../streams/simulator/index.ts';

let app: TestApp;
let sim: RunningSimulator;
const communities = simulatedCommunities(1, 7);

beforeAll(async () => {
  app = await startTestApp({ hierarchy: simulatedHierarchy(communities) });
  // Two hours of history, played at 600×: a simulated minute every 100 ms.
  const config = configFromEnv({ SIM_ACCELERATION: '600', SIM_BACKFILL_HOURS: '2', SIM_SEED: '7' });
  sim = await startSimulation(app, config, communities);
});
afterAll(async () => {
  sim?.stop();
  await app?.stop();
});

it('streams the simulated community to a subscriber and keeps its history in the store', async () => {
  const c = new LiveTestClient(app.url);
  try {
    const community = communities[0].id;
    await until(() => app.catalog.ofCommunity(community).length > 100, 10_000, 'the simulator to announce its series');
    const res = await c.subscribe(community, ['energy', 'pipe', 'env', 'parking']);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.node).toMatchObject({ id: community, level: 'community' });
    const energy = res.rooms.find((r) => r.room === `${community}/energy`)!;
    expect(energy.latest!.schema!.some((d) => d.field === 'load_kw' && d.tags.category === 'residential')).toBe(true);
    // Deltas keep coming for every family.
    await until(() => ['energy', 'pipe', 'env', 'parking'].every((topic) => c.frames.some((f) => f.room === `${community}/${topic}`)), 15_000, 'frames of every topic');
    const loads = c.samples.filter((s) => c.schema.get(s.sid)?.field === 'load_kw');
    expect(loads.length).toBeGreaterThan(0);
    expect(loads.every((s) => s.v >= 0 && s.v < 5000)).toBe(true);
    expect(c.gaps).toBe(0);
    // The same series read back from the store through the query API.
    const b = loads[0];
    const building = c.schema.get(b.sid)!.tags.building;
    // At 600× a real second is 10 simulated minutes: 5-minute buckets fill up quickly.
    await expect.poll(async () => {
      const q = await app.get(`/api/query?measurement=energy&field=load_kw&community=${community}&tag.building=${building}&from=now-3h&window=5m`);
      expect(q.body.series[0].unit).toBe('kW');
      return q.body.series[0].t.length;
    }, { timeout: 10_000, interval: 500 }).toBeGreaterThan(5);
  } finally {
    c.close();
  }
});
