/** End to end: the simulated community → validation → store and live hub → a Socket.IO client. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { LiveTestClient, until } from '../support/live-client.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { configFromEnv } from '../../server/config.ts';
import { hierarchyNodes, type RunningSimulator } from '../../streams/simulator/index.ts';
import { TELEMETRY_TOPICS } from '../../streams/live-protocol.ts';
import {
  ACCESS_CONTROL, CHILDCARE_SECURITY, ELEVATOR, ELEVATOR_STATES, FIRE_WATER, UTILITY_METER, WASTE_BIN,
} from '../../streams/families/index.ts';

let app: TestApp;
let sim: RunningSimulator;
const communities = [DEMO_COMMUNITY];

beforeAll(async () => {
  app = await startTestApp({ hierarchy: hierarchyNodes(communities) });
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

it('streams the service families on their own topics, with their fields, states and node totals', async () => {
  const c = new LiveTestClient(app.url);
  try {
    const community = communities[0].id;
    const services = [ELEVATOR, UTILITY_METER, WASTE_BIN, FIRE_WATER, CHILDCARE_SECURITY, ACCESS_CONTROL];
    const topics = services.map((d) => d.topic);
    // Every family the descriptors give a topic of its own is a topic of the live protocol.
    for (const t of topics) expect(TELEMETRY_TOPICS).toContain(t);
    await until(() => services.every((d) => app.catalog.find({ measurement: d.measurement, tags: { community } }).length > 0), 15_000, 'the service series');
    const res = await c.subscribe(community, [...topics, 'summary']);
    expect(res.ok).toBe(true);
    // The reports come every 1–5 simulated minutes: at 600× a frame of each topic within seconds.
    await until(() => topics.every((t) => c.frames.some((f) => f.room === `${community}/${t}`)), 20_000, 'frames of every service topic');
    for (const d of services) {
      const fields = new Set([...c.schema.values()].filter((s) => s.measurement === d.measurement).map((s) => s.field));
      expect([...fields].sort(), d.measurement).toEqual(d.fields.map((f) => f.key).sort());
    }
    // Lift states travel as text, each a declared state.
    const liftStates = c.frames.filter((f) => f.room === `${community}/elevator`).flatMap((f) => f.text?.s ?? []);
    expect(liftStates.length).toBeGreaterThan(0);
    for (const s of liftStates) expect(ELEVATOR_STATES).toContain(s);
    // Node totals by each field's rollup: the lowest fire tank, the fullest bin, water and gas flows summed.
    await until(() => c.summaries.some((s) => s.values['fire_water.level_m'] && s.values['waste_bin.fill_pct']), 10_000, 'service totals');
    const totals = c.summaries.at(-1)!.values;
    const tanks = app.catalog.find({ measurement: 'fire_water', field: 'level_m', tags: { community } });
    expect(totals['fire_water.level_m'].series).toBe(tanks.length);
    expect(totals['fire_water.level_m'].value).toBeCloseTo(Math.min(...tanks.map((d) => app.catalog.latestValue(d.id))), 1);
    expect(totals['utility_meter.water_m3h'].value).toBeGreaterThan(0);
    expect(totals['childcare_security.armed'].series).toBe(communities[0].services.childcareAlarms.length);
  } finally {
    c.close();
  }
});
