/**
 * 11.4 (live energy metering) and 33.3 (drainage under online monitoring) through
 * GET /api/indicators/auto, from samples written through /write: a meter or sensor counts only
 * while it has reported in the last 15 minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTwin } from '../../twin-models/demo/generate-demo-twin.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { meterLine, pipeLine, writeSmallTwin } from './auto-twin-fixture.ts';

const twinsDir = mkdtempSync(join(tmpdir(), 'auto-live-'));
let app: TestApp;
const MIN = 60_000;

/** Small-twin communities, one per case, so each starts with no samples. */
const DRAINAGE_CASES = [
  { name: 'both sensors live', ages: { 'dr-a': 1, 'dr-b': 1 }, share: 100, live: 2 },
  // dr-a at x = 150 reaches [0, 350] m of the 500 m main.
  { name: 'dr-b silent for 16 min', ages: { 'dr-a': 1, 'dr-b': 16 }, share: 70, live: 1 },
  // dr-b at x = 500 reaches [300, 500].
  { name: 'dr-a never reported', ages: { 'dr-b': 2 }, share: 40, live: 1 },
  { name: 'no drainage sensor live (the water sensor does not count)', ages: { 'dr-a': 30, 'ws-1': 1 }, share: 0, live: 0 },
] as const;
const communityOf = (i: number) => `c-drain-${i}`;

beforeAll(async () => {
  writeSmallTwin(join(twinsDir, 'c-a'));
  DRAINAGE_CASES.forEach((_, i) => writeSmallTwin(join(twinsDir, communityOf(i)), { community: communityOf(i) }));
  await generateDemoTwin({ outDir: join(twinsDir, 'c-eling') });
  app = await startTestApp({ env: { TWINS_DIR: twinsDir }, auto: { cacheMs: 0 } });
}, 120_000);
afterAll(async () => {
  await app?.stop();
  rmSync(twinsDir, { recursive: true, force: true });
});

async function auto(community: string, check: string) {
  const res = await app.get(`/api/indicators/auto?community=${community}`);
  expect(res.status).toBe(200);
  return res.body.items.find((i: { check: string }) => i.check === check);
}

async function write(lines: string[]) {
  const res = await app.write(lines.join('\n'), 'precision=ms');
  expect(res).toEqual({ status: 204, error: undefined });
}

describe('11.4 live energy metering', () => {
  it('counts a building only while its bound meter reports, and lists the rest with why', async () => {
    const now = Date.now();
    await write([meterLine('m-1', now - MIN), meterLine('m-3', now - 20 * MIN), meterLine('m-u', now - 2 * MIN)]);
    const r = await auto('c-a', 'energy-metering');
    // b-1 and the pump room u-1 of 3 buildings + 1 utility plant.
    expect(r).toMatchObject({ item: '11.4', value: 50, unit: '%', met: false, evidence: { counted: 2, total: 4, buildings: 3, utilities: 1 } });
    expect(r.evidence.unmetered).toEqual([
      expect.objectContaining({ id: 'b-2', kind: 'building', why: expect.stringMatching(/no energy meter/) }),
      expect.objectContaining({ id: 'b-3', meters: ['m-3'], why: expect.stringMatching(/not reported in the last 15 min/), lastSample: new Date(now - 20 * MIN).toISOString() }),
    ]);

    // The health station's meter (bound to a facility inside b-3) reports again: b-3 counts.
    await write([meterLine('m-3', Date.now())]);
    const again = await auto('c-a', 'energy-metering');
    expect(again).toMatchObject({ value: 75, evidence: { counted: 3, unmetered: [expect.objectContaining({ id: 'b-2' })] } });
  });
});

describe('33.3 drainage under online monitoring', () => {
  it.each(DRAINAGE_CASES.map((c, i) => ({ ...c, i })))('$name → $share %', async ({ ages, share, live, i }) => {
    const community = communityOf(i);
    const now = Date.now();
    await write(Object.entries(ages).map(([sensor, min]) => pipeLine(sensor, sensor.startsWith('dr') ? 'drainage' : 'water_supply', now - min * MIN, community)));
    const r = await auto(community, 'drainage-monitoring');
    expect(r).toMatchObject({ item: '33.3', unit: '%', met: null, threshold: null, evidence: { totalM: 500, radiusM: 200, liveSensors: live } });
    expect(r.value).toBeCloseTo(share, 1);
  });
});

describe('on the demo community', () => {
  it('11.4 is every building once each meter has reported as the simulator does', async () => {
    const before = await auto('c-eling', 'energy-metering');
    expect(before).toMatchObject({ value: 0, met: false });
    const now = Date.now();
    await write(DEMO_COMMUNITY.buildings.map((b) =>
      `energy,community=c-eling,neighbourhood=${b.neighbourhood},building=${b.id},meter=${b.meter},category=${b.category} load_kw=40,energy_kwh=1200 ${now}`));
    const r = await auto('c-eling', 'energy-metering');
    expect(r).toMatchObject({ value: 100, met: true, evidence: { counted: DEMO_COMMUNITY.buildings.length, total: DEMO_COMMUNITY.buildings.length, unmetered: [] } });
  });

  it('33.3 drops when one drainage sensor is silent and recovers when it reports', async () => {
    const sensors = DEMO_COMMUNITY.pipeSensors;
    const drainage = sensors.filter((s) => s.network === 'drainage');
    expect(drainage.length).toBeGreaterThan(1);
    const silent = drainage[2].id;
    const now = Date.now();
    await write(sensors.map((s) => pipeLine(s.id, s.network, s.id === silent ? now - 20 * MIN : now, 'c-eling', s.neighbourhood)));
    const without = await auto('c-eling', 'drainage-monitoring');
    expect(without.evidence.liveSensors).toBe(drainage.length - 1);
    expect(without.evidence.sensors).toContainEqual(expect.objectContaining({ node: silent, live: false }));

    await write([pipeLine(silent, 'drainage', Date.now(), 'c-eling', drainage[2].neighbourhood)]);
    const all = await auto('c-eling', 'drainage-monitoring');
    expect(all.evidence.liveSensors).toBe(drainage.length);
    expect(all.value).toBeGreaterThan(without.value);
    expect(all.value).toBeLessThanOrEqual(100);
    expect(all.evidence.coveredM).toBeLessThanOrEqual(all.evidence.totalM);
  });
});
