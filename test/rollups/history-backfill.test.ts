/**
 * A fresh start with the simulator at 1×: the backfilled day has its roll-up history too, so the
 * street above the simulated community has a curve for yesterday (and for today, once today has a
 * step), and a level's curve is the sum of its community's for a summed figure.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { configFromEnv } from '../../server/config.ts';
import { hierarchyNodes, type RunningSimulator } from '../../streams/simulator/index.ts';
import { chinaDayStart } from '../../streams/china-time.ts';

let app: TestApp;
let sim: RunningSimulator;
const communities = [DEMO_COMMUNITY];

beforeAll(async () => {
  app = await startTestApp({ hierarchy: hierarchyNodes(communities) });
  // Back to an hour before today's China midnight: yesterday is an hour of it, whatever the time of day.
  const hours = Math.ceil((Date.now() - chinaDayStart(Date.now())) / 3_600_000) + 1;
  const config = configFromEnv({ SIM_ACCELERATION: '1', SIM_BACKFILL_HOURS: String(hours), SIM_SEED: '7' });
  sim = await startSimulation(app, config, communities);
  await app.writer.flush();
}, 240_000);
afterAll(async () => {
  sim?.stop();
  await app?.stop();
});

interface Curve { t: number[]; v: number[] }

it('has yesterday\'s curve at every level above the simulated community on a fresh start', async () => {
  const path = app.sites.hierarchy().pathOf(DEMO_COMMUNITY.id).map((n) => n.id);
  expect(path.length).toBeGreaterThanOrEqual(4);
  const read = async (node: string) => {
    const res = await app.get(`/api/summary/history?node=${node}&key=energy.load_kw`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.curves['energy.load_kw'] as { today: Curve; yesterday: Curve };
  };
  const community = await read(DEMO_COMMUNITY.id);
  // An hour or more of yesterday, a record every 15 minutes (one community: a backfill step each), loads a community draws (kW).
  expect(community.yesterday.t.length).toBeGreaterThanOrEqual(4);
  expect(community.yesterday.v.every((v) => v > 0 && v < 100_000)).toBe(true);
  if (Date.now() - chinaDayStart(Date.now()) > 15 * 60_000) expect(community.today.t.length).toBeGreaterThan(0);
  // Each level above holds only this community: the same curve.
  for (const node of path.slice(1)) {
    const above = await read(node);
    expect(above.yesterday.t).toEqual(community.yesterday.t);
    above.yesterday.v.forEach((v, i) => expect(v).toBeCloseTo(community.yesterday.v[i], 6));
  }
});
