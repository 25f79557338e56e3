/**
 * Simulator throughput and volume: `npx tsx test/simulator/bench.ts [communities=100]`.
 * Prints series and points per community per simulated hour, and how long one simulated hour of
 * N communities and one simulated month of the demo community take.
 */
import { CommunitySimulator } from '../../streams/simulator/community-simulator.ts';
import { generateCommunity, syntheticPlaces } from '../../streams/simulator/community-generator.ts';
import { DEMO_COMMUNITY } from '../../twin-models/demo/demo-community.ts';
import { seriesOf } from '../../streams/simulator/series.ts';
import { CHINA_OFFSET_MS } from '../../streams/china-time.ts';

const HOUR = 3_600_000;
const n = Number(process.argv[2] ?? 100);
const start = Date.UTC(2025, 5, 2) - CHINA_OFFSET_MS; // Monday 2 June 2025, 00:00 in Chongqing

const series = seriesOf(DEMO_COMMUNITY);
const fieldSeries = series.reduce((s, x) => s + x.fields.length, 0);
const byFamily: Record<string, number> = {};
{
  const sim = new CommunitySimulator({ communities: [DEMO_COMMUNITY], seed: 1, start });
  for (let h = 1; h <= 24; h++) for (const p of sim.advance(start + h * HOUR)) byFamily[p.measurement] = (byFamily[p.measurement] ?? 0) + 1;
}
const perHour = Object.fromEntries(Object.entries(byFamily).map(([k, v]) => [k, Math.round(v / 24)]));
const total = Object.values(byFamily).reduce((a, b) => a + b, 0) / 24;
console.log(`demo community: ${series.length} series (${fieldSeries} field series) + alert series as they occur`);
console.log(`points per simulated hour (mean over a weekday):`, perHour, `total ${Math.round(total)}`);

// No sites tree here: synthetic places, each with a generated community.
const communities = syntheticPlaces(n).map((p) => generateCommunity(p, 1));
let t0 = performance.now();
const sim = new CommunitySimulator({ communities, seed: 1, start });
const built = performance.now() - t0;
for (let rep = 1; rep <= 3; rep++) {
  t0 = performance.now();
  const points = sim.advance(start + rep * HOUR);
  console.log(`${n} communities, simulated hour ${rep}: ${points.length} points in ${Math.round(performance.now() - t0)} ms (construction ${Math.round(built)} ms)`);
}

t0 = performance.now();
const month = new CommunitySimulator({ communities: [DEMO_COMMUNITY], seed: 1, start });
let count = 0;
for (let h = 1; h <= 30 * 24; h++) count += month.advance(start + h * HOUR).length;
console.log(`demo community, 30 simulated days in hourly steps: ${count} points in ${Math.round(performance.now() - t0)} ms`);
