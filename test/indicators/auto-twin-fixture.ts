/**
 * A small hand-made twin for community c-a (TEST_HIERARCHY) whose auto-assessed figures can be
 * worked out on paper. Positions are local metres (x east, y north, z up) turned into GeoJSON with
 * the georeference, as a real delivery would be.
 *
 * Walkways (lengths are the features' `lengthM`):
 *
 *   rail (0,900) ─── path 800 m ─── a (0,100) ── stairs 200 m (climb 30) ── b (150,100) ─ lift 30 m ─ top
 *                                   │ path 120 m                            │ path 100 m
 *                                   g1 (0,0) main gate                      bus (150,0) ── path 180 m ── g2 (300,0) main gate
 *                                                                           │ crossing 20 m
 *                                                                           g3 (150,-20) side gate
 *
 *   g1 → bus: 120 + 200 + 100 = 420 m along the stairs, 150 m in a straight line.
 *   g2 → bus: 180 m.   g1 → rail: 920 m.   g2 → rail: 180 + 100 + 200 + 800 = 1280 m.
 *
 * Boundary: the square x, y ∈ [−50, 350]: 0.16 km². Walkway inside: 120 + 200 + 100 + 180 + 20
 * (crossing) + 250 (the part of the rail path with y ≤ 350) = 870 m; the lift does not count.
 *
 * Drainage main along y = −30 (nodes at x = 0, 100, 150, 250, 400, 500; 500 m in all), sensors
 * dr-a at x = 150 and dr-b at x = 500; a water main beside it that 33.3 must ignore.
 *
 * Buildings b-1, b-2, b-3; facility f-1 inside b-3; utility plant u-1 (a pump room). Energy
 * meters: m-1 on b-1 (BIM element), m-3 on f-1 (so b-3), m-u on u-1; b-2 has none.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enuToLonLat, type GeoOrigin } from '../../twin-models/manifest/georef.ts';

export const ORIGIN: GeoOrigin = { longitude: 106.5, latitude: 29.55, height: 200 };

type XYZ = [number, number, number];
const at = (x: number, y: number, z = 0): number[] => enuToLonLat(ORIGIN, x, y, z);
const line = (a: XYZ, b: XYZ) => ({ type: 'LineString', coordinates: [at(...a), at(...b)] });
const point = (p: XYZ) => ({ type: 'Point', coordinates: at(...p) });
const fc = (features: unknown[]) => ({ type: 'FeatureCollection', features });
const feature = (geometry: unknown, properties: Record<string, unknown>) => ({ type: 'Feature', geometry, properties });

const WALK_NODES: Record<string, XYZ> = {
  g1: [0, 0, 0], a: [0, 100, 0], b: [150, 100, 30], top: [150, 100, 60], bus: [150, 0, 30], g2: [300, 0, 30], g3: [150, -20, 30], rail: [0, 900, 0],
};
const WALK_EDGES: [id: string, from: string, to: string, kind: string, lengthM: number][] = [
  ['w-1', 'g1', 'a', 'path', 120],
  ['w-2', 'a', 'b', 'stairs', 200],
  ['w-3', 'b', 'bus', 'path', 100],
  ['w-4', 'g2', 'bus', 'path', 180],
  ['w-5', 'g3', 'bus', 'crossing', 20],
  ['w-6', 'a', 'rail', 'path', 800],
  ['w-7', 'b', 'top', 'elevator', 30],
];
const GATES: [id: string, node: string, main: boolean][] = [['gate-1', 'g1', true], ['gate-2', 'g2', true], ['gate-3', 'g3', false]];

const PIPE_NODES: [id: string, x: number, kind: string][] = [
  ['dr-n0', 0, 'source'], ['dr-n1', 100, 'manhole'], ['dr-a', 150, 'sensor'], ['dr-n3', 250, 'manhole'], ['dr-n4', 400, 'manhole'], ['dr-b', 500, 'sensor'],
];

export interface FixtureOptions {
  /** Leave layers out (e.g. ['transit']) to test what the items say without them. */
  without?: string[];
  /** Override gates' main flag. */
  mainGates?: string[];
  /** Community id of the manifest (the folder's name). Default c-a. */
  community?: string;
}

/** Writes the twin into `dir` (the community's folder, e.g. TWINS_DIR/c-a). */
export function writeSmallTwin(dir: string, opts: FixtureOptions = {}): void {
  mkdirSync(join(dir, 'layers'), { recursive: true });
  mkdirSync(join(dir, 'buildings'), { recursive: true });
  const layers: Record<string, unknown> = {
    boundary: fc([feature({ type: 'Polygon', coordinates: [[[-50, -50], [350, -50], [350, 350], [-50, 350], [-50, -50]].map(([x, y]) => at(x, y))] }, { id: 'boundary' })]),
    walkways: fc([
      ...WALK_EDGES.map(([id, from, to, kind, lengthM]) => feature(line(WALK_NODES[from], WALK_NODES[to]), {
        id, from, to, kind, lengthM, climbM: Math.abs(WALK_NODES[to][2] - WALK_NODES[from][2]),
      })),
      ...GATES.map(([id, node, main]) => feature(point(WALK_NODES[node]), {
        id, kind: 'gate', node, main: opts.mainGates ? opts.mainGates.includes(id) : main, name: { zh: id, en: id },
      })),
    ]),
    transit: fc([
      feature(point(WALK_NODES.bus), { id: 'bus-1', kind: 'bus_stop', node: 'bus', name: { zh: '公交站', en: 'Bus stop' } }),
      feature(point(WALK_NODES.rail), { id: 'rail-1', kind: 'rail_station', node: 'rail', name: { zh: '轨道站', en: 'Rail station' } }),
    ]),
    pipes: fc([
      ...PIPE_NODES.slice(1).map(([id, x], i) => {
        const [prev, px] = PIPE_NODES[i];
        return feature(line([px, -30, 0], [x, -30, 0]), { id: `dr-s${i + 1}`, kind: 'segment', network: 'drainage', from: prev, to: id, lengthM: x - px, diameterMm: 400 });
      }),
      ...PIPE_NODES.map(([id, x, kind]) => feature(point([x, -30, 0]), { id, kind, network: 'drainage' })),
      feature(line([0, -20, 0], [500, -20, 0]), { id: 'ws-s1', kind: 'segment', network: 'water_supply', from: 'ws-n0', to: 'ws-1', lengthM: 500, diameterMm: 200 }),
      feature(point([500, -20, 0]), { id: 'ws-1', kind: 'sensor', network: 'water_supply' }),
    ]),
    facilities: fc([
      feature(point([60, 60, 0]), { id: 'f-1', category: 'health_station', building: 'b-3', name: { zh: '卫生服务站', en: 'Health station' } }),
      feature(point([200, 60, 0]), { id: 'u-1', category: 'pump_room', utility: true, name: { zh: '二次供水泵房', en: 'Booster pump room' } }),
    ]),
  };
  for (const name of opts.without ?? []) delete layers[name];
  for (const [name, body] of Object.entries(layers)) writeFileSync(join(dir, 'layers', `${name}.geojson`), JSON.stringify(body));

  const buildings = ['b-1', 'b-2', 'b-3'].map((id, i) => {
    writeFileSync(join(dir, 'buildings', `${id}.glb`), 'glTF');
    writeFileSync(join(dir, 'buildings', `${id}.elements.json`), '{"elements":[]}');
    return {
      id, name: { zh: `${i + 1}栋`, en: `Building ${i + 1}` }, neighbourhood: 'n-a1', use: 'residential', floors: 10, heightM: 30,
      floorAreaM2: 5000, glb: `buildings/${id}.glb`, elements: `buildings/${id}.elements.json`,
      placement: { east: 50 * i, north: 50, up: 0 },
    };
  });
  const device = (id: string, measurement: string, binding: unknown) => ({ id, measurement, neighbourhood: 'n-a1', binding });
  const manifest = {
    version: 1,
    community: {
      id: opts.community ?? 'c-a', name: { zh: '甲社区', en: 'Community A' },
      city: { id: 'cq', name: { zh: '重庆市', en: 'Chongqing' } },
      district: { id: 'd-yz', name: { zh: '渝中区', en: 'Yuzhong' } },
      street: { id: 's-1', name: { zh: '两路口街道', en: 'Lianglukou' } },
      neighbourhoods: [{ id: 'n-a1', name: { zh: '甲一小区', en: 'A1' } }],
    },
    georef: { origin: ORIGIN, datum: 'WGS84' },
    buildings,
    layers: Object.fromEntries(Object.keys(layers).map((n) => [n, `layers/${n}.geojson`])),
    devices: [
      device('m-1', 'energy', { building: 'b-1', globalId: '0123456789abcdefABCDEF' }),
      device('m-3', 'energy', { feature: 'f-1' }),
      device('m-u', 'energy', { feature: 'u-1' }),
      ...(opts.without?.includes('pipes') ? [] : [device('dr-a', 'pipe', { feature: 'dr-a' }), device('dr-b', 'pipe', { feature: 'dr-b' }), device('ws-1', 'pipe', { feature: 'ws-1' })]),
    ],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
}

/** Line protocol for an energy meter's load, at `t` ms. */
export const meterLine = (meter: string, t: number, community = 'c-a', neighbourhood = 'n-a1') =>
  `energy,community=${community},neighbourhood=${neighbourhood},meter=${meter},category=residential load_kw=12.5 ${t}`;

/** Line protocol for a pipe sensor's level, at `t` ms. */
export const pipeLine = (sensor: string, network: string, t: number, community = 'c-a', neighbourhood = 'n-a1') =>
  `pipe,community=${community},neighbourhood=${neighbourhood},network=${network},sensor=${sensor} level_m=0.3 ${t}`;
