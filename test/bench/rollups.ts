/**
 * rollups: CPU per second of keeping every node's live figures with 3,000 communities, against the
 * scan the live hub used to run for each summary room every second, measured in the same run on
 * the same catalog. In-process, no server.
 *
 * The load is synthetic and sized like the simulator's communities at 1×: per community three
 * neighbourhoods and 126 summarised series (30 meters × load, PV and EV at 60 s; 6 environment
 * stations × 4 fields at 60 s; 8 pipe segments at 10 s; 2 fire water tanks × 2 fields at 120 s),
 * so about 8,250 samples a second over 378,000 series, placed in `syntheticPlaces(3000)`.
 *
 * Per simulated second the roll-ups take in that second's samples (the catalog already holds them,
 * as after validation) and the summary rooms are read once; the baseline scans each room's
 * communities' series. Rooms: the city alone (one cockpit), and the city with every district and
 * street (a wall of centres). Target: the roll-ups cost ≤ 10 % of the scan for the city alone.
 */
import { performance } from 'node:perf_hooks';
import { Hierarchy, type HierarchyNode } from '../../streams/hierarchy.ts';
import { fieldDef, inSummary } from '../../streams/families/index.ts';
import { syntheticPlaces } from '../../streams/simulator/index.ts';
import { SeriesCatalog } from '../../server/catalog/series-catalog.ts';
import { NodeRollups, type RollupValues } from '../../server/rollups/node-rollups.ts';
import { scaled } from './support/durations.ts';
import { dec, int, mb, type BenchTable, type Verdict } from './support/table.ts';

const COMMUNITIES = 3000;
const NEIGHBOURHOODS = 3;
/** measurement, field, devices per community, extra tags, seconds between samples. */
const LOAD: [string, string[], number, Record<string, string>, number][] = [
  ['energy', ['load_kw', 'pv_kw', 'ev_kw'], 30, { category: 'residential' }, 60],
  ['env', ['temperature_c', 'humidity_pct', 'pm25_ugm3', 'noise_db'], 6, {}, 60],
  ['pipe', ['level_m'], 4, { network: 'drainage' }, 10],
  ['pipe', ['pressure_kpa'], 4, { network: 'water_supply' }, 10],
  ['fire_water', ['level_m', 'pressure_kpa'], 2, {}, 120],
];
const TARGET_RATIO = 0.1;

export async function runRollups(log: (s: string) => void): Promise<{ table: BenchTable }> {
  const { hierarchy, catalog, rate } = buildLoad();
  const nodes = [...hierarchy.nodes()];
  const city = nodes.find((n) => n.parent === null)!;
  const wall = nodes.filter((n) => n.level === 'city' || n.level === 'district' || n.level === 'street');
  log(`rollups: ${int(COMMUNITIES)} communities, ${int(catalog.size)} series, ${int(rate.length)} samples per simulated second`);

  const heapBefore = heapUsed();
  let t0 = performance.now();
  const rollups = new NodeRollups(catalog, hierarchy, { sweepEveryMs: 0 });
  const buildMs = performance.now() - t0;
  const heapMb = heapUsed() - heapBefore;

  // The figures agree with the scan before anything is timed.
  const disagree = wall.filter((n) => !same(rollups.values(n.id), scan(catalog, hierarchy, n))).map((n) => n.id);
  if (disagree.length) throw new Error(`bench: rollups: the roll-ups disagree with the scan at ${disagree.slice(0, 5).join(', ')}`);

  const measureMs = scaled(20, 2000);
  let clock = Date.now();
  let seconds = 0, acceptMs = 0, readCityMs = 0, readWallMs = 0;
  const end = performance.now() + measureMs;
  while (performance.now() < end) {
    clock += 1000;
    // One second of samples reaches the catalog (validation's part, not timed), then the roll-ups.
    for (let i = 0; i < rate.length; i++) catalog.setLatest(rate[i], clock, walk(catalog.latestValue(rate[i]), i + seconds));
    t0 = performance.now();
    rollups.accept({ length: rate.length, sid: rate });
    const t1 = performance.now();
    rollups.values(city.id);
    const t2 = performance.now();
    for (const n of wall) rollups.values(n.id);
    const t3 = performance.now();
    acceptMs += t1 - t0; readCityMs += t2 - t1; readWallMs += t3 - t2;
    seconds++;
  }
  const after = wall.filter((n) => !same(rollups.values(n.id), scan(catalog, hierarchy, n))).map((n) => n.id);
  if (after.length) throw new Error(`bench: rollups: after ${seconds} s of samples the roll-ups disagree with the scan at ${after.slice(0, 5).join(', ')}`);

  // The baseline: the old per-room scan, as often as the time allows (at least 3 rounds).
  let scans = 0, scanCityMs = 0, scanWallMs = 0;
  const scanEnd = performance.now() + measureMs;
  while (scans < 3 || performance.now() < scanEnd) {
    t0 = performance.now();
    scan(catalog, hierarchy, city);
    const t1 = performance.now();
    for (const n of wall) scan(catalog, hierarchy, n);
    scanCityMs += t1 - t0;
    scanWallMs += performance.now() - t1;
    scans++;
  }

  // A tree edit rebuilds every figure from the catalog: what one costs.
  const community = nodes.find((n) => n.level === 'community')!;
  const street = nodes.filter((n) => n.level === 'street').at(-1)!;
  t0 = performance.now();
  hierarchy.update(community.id, { parent: street.id });
  rollups.values(city.id);
  const rebuildMs = performance.now() - t0;

  const perS = (ms: number, n: number) => ms / n;
  const upd = perS(acceptMs, seconds);
  const newCity = upd + perS(readCityMs, seconds);
  const newWall = upd + perS(readWallMs, seconds);
  const oldCity = perS(scanCityMs, scans);
  const oldWall = perS(scanWallMs, scans);
  const verdict: Verdict = newCity <= TARGET_RATIO * oldCity ? 'PASS' : 'FAIL';
  const pct = (ms: number) => `${dec(ms / 10, 2)} %`;
  return {
    table: {
      title: `rollups: CPU per second of live roll-ups, ${int(COMMUNITIES)} communities, ${int(catalog.size)} series, ${int(rate.length)} samples/s (in-process, same catalog)`,
      columns: ['path', 'rooms', 'ms per second', 'CPU (one core)', 'vs scan', 'target'],
      rows: [
        ['baseline: scan per room (the old summarize), city', '1', dec(oldCity, 2), pct(oldCity), '1.00×', '–'],
        ['baseline: scan per room, city + districts + streets', int(wall.length), dec(oldWall, 2), pct(oldWall), '1.00×', '–'],
        ['roll-ups: take in one second of samples', '–', dec(upd, 2), pct(upd), '–', '–'],
        ['roll-ups: samples + read the city', '1', dec(newCity, 3), pct(newCity), `${dec(newCity / oldCity, 4)}×`, `≤ ${TARGET_RATIO}× ${verdict}`],
        ['roll-ups: samples + read city + districts + streets', int(wall.length), dec(newWall, 3), pct(newWall), `${dec(newWall / oldWall, 4)}×`, '–'],
        ['roll-ups: rebuild after a tree edit (once per edit)', '–', dec(rebuildMs, 1), '–', '–', '–'],
        ['roll-ups: first build at start', '–', dec(buildMs, 1), '–', '–', '–'],
      ],
      notes: [
        `${seconds} simulated seconds of samples and ${scans} scan rounds; the figures of every room were checked equal to the scan's before and after`,
        `roll-up state ≈ ${mb(heapMb * 1048576)} MiB of heap for ${int(rollups.nodeCount)} nodes with figures (heap growth while building, indicative)`,
        'a rebuild happens when the tree changes (any edit of the sites registry, an overlay); the sweep that finds latest values set without a publish (a replayed spool) re-reads 1/600 of the series a second, not timed here',
      ],
      verdicts: [verdict],
    },
  };
}

/** The live hub's summary before the roll-ups: every series of every community under the node, each second. */
function scan(catalog: SeriesCatalog, hierarchy: Hierarchy, node: HierarchyNode): RollupValues {
  const acc = new Map<string, { value: number; series: number; rule: string }>();
  const communities = node.level === 'neighbourhood' ? [node.parent ?? ''] : hierarchy.communitiesUnder(node.id);
  for (const c of communities) {
    for (const id of catalog.ofCommunity(c)) {
      const d = catalog.get(id)!;
      if (node.level === 'neighbourhood' && d.tags.neighbourhood !== node.id) continue;
      const rule = fieldDef(d.measurement, d.field)?.rollup;
      if (!rule || rule === 'none' || !inSummary(d.measurement)) continue;
      const t = catalog.latestTime(id);
      if (Number.isNaN(t)) continue;
      const v = catalog.latestValue(id);
      const key = `${d.measurement}.${d.field}`;
      const cur = acc.get(key);
      if (!cur) acc.set(key, { value: v, series: 1, rule });
      else {
        cur.series++;
        cur.value = rule === 'max' ? Math.max(cur.value, v) : rule === 'min' ? Math.min(cur.value, v) : cur.value + v;
      }
    }
  }
  const values: RollupValues = {};
  for (const [k, a] of acc) values[k] = { value: a.rule === 'mean' ? a.value / a.series : a.value, series: a.series };
  return values;
}

function buildLoad(): { hierarchy: Hierarchy; catalog: SeriesCatalog; rate: Int32Array } {
  const seen = new Set<string>();
  const nodes: HierarchyNode[] = [];
  const add = (n: HierarchyNode) => { if (!seen.has(n.id)) { seen.add(n.id); nodes.push(n); } };
  for (const p of syntheticPlaces(COMMUNITIES)) {
    for (const s of [p.city, p.district, p.street, p.community]) add({ id: s.id, level: s.level, name: s.name, parent: s.parent });
    for (let k = 1; k <= NEIGHBOURHOODS; k++) add({ id: `${p.community.id}-n${k}`, level: 'neighbourhood', name: { zh: `小区${k}`, en: `Estate ${k}` }, parent: p.community.id });
  }
  const hierarchy = new Hierarchy(nodes);
  const catalog = new SeriesCatalog();
  const due: number[] = [];
  const start = Date.now();
  let n = 0;
  for (const c of nodes.filter((x) => x.level === 'community')) {
    for (const [measurement, fields, devices, extra, intervalS] of LOAD) {
      for (let d = 0; d < devices; d++) {
        const tags = { community: c.id, neighbourhood: `${c.id}-n${(d % NEIGHBOURHOODS) + 1}`, device: `${measurement}-${d}`, ...extra };
        const key = `${measurement},${Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(',')}`;
        for (const f of fields) {
          const id = catalog.resolve({ measurement, tags, key }, f, 'float');
          catalog.setLatest(id, start, 10 + (n++ % 97));
          // Each second, 1/intervalS of the series report: spread evenly over ids.
          if (n % intervalS === 0) due.push(id);
        }
      }
    }
  }
  return { hierarchy, catalog, rate: Int32Array.from(due) };
}

/** Values going up and down, now and then far (a max or min holder moving off its extreme). */
function walk(v: number, i: number): number {
  const step = ((i * 2654435761) % 1000) / 1000 - 0.5;
  return i % 50 === 0 ? 10 + (i % 97) : v + step;
}

function same(a: RollupValues, b: RollupValues): boolean {
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((k) => a[k] !== undefined && a[k].series === b[k].series && Math.abs(a[k].value - b[k].value) <= 1e-9 * Math.max(1, Math.abs(b[k].value)));
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderTable } = await import('./support/table.ts');
  const { table } = await runRollups((s) => process.stderr.write(`${s}\n`));
  console.log(renderTable(table));
}
