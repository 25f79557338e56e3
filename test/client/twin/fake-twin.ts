/** A small twin model for the scene controller's tests: two buildings, a lot with three spaces, a pipe and its sensor, an environment sensor, a camera. */
import type { TwinModel } from '../../../client/twin/twin-model.ts';
import type { Feature } from '../../../twin-models/manifest/load-twin.ts';
import { LiveStore } from '../../../client/live/live-store.ts';
import { packColumns, type SeriesDescriptor } from '../../../streams/live-protocol.ts';

const LON = 106.5;
const LAT = 29.5;
const point = (id: string, dx: number, dy: number, properties: Record<string, unknown>): Feature =>
  ({ type: 'Feature', geometry: { type: 'Point', coordinates: [LON + dx, LAT + dy, 300] }, properties: { id, ...properties } });

export const CAMERA = 'cam-1';
export const BIM_DEVICE = 'smk-1';

export function fakeTwin(): TwinModel {
  const building = (id: string, dx: number) => ({
    id, name: { zh: id, en: id }, neighbourhood: 'n-1', floorAreaM2: 1000, floors: 3, footprint: [[LON + dx, LAT], [LON + dx + 0.0002, LAT], [LON + dx + 0.0002, LAT + 0.0002]],
    bounds: [0, 0, 0, 20, 20, 12], placement: { east: 0, north: 0, up: 0 },
  });
  const features: Feature[] = [
    { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[LON, LAT, 300], [LON + 0.001, LAT, 300], [LON + 0.001, LAT + 0.001, 300]]] }, properties: { id: 'lot-1', kind: 'lot', name: 'P1', capacity: 3, level: -1 } },
    ...['s-1', 's-2', 's-3'].map((id, i) => point(id, 0.0001 * i, 0, { kind: 'space', lot: 'lot-1' })),
  ];
  const layers: TwinModel['layers'] = {
    parking: { type: 'FeatureCollection', features },
    pipes: { type: 'FeatureCollection', features: [
      point('ps-1', 0, 0.001, { kind: 'sensor', network: 'water_supply', name: 'PS1' }),
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[LON, LAT + 0.001, 300], [LON + 0.001, LAT + 0.001, 300]] }, properties: { id: 'pipe-1', network: 'water_supply' } },
    ] },
    sensors: { type: 'FeatureCollection', features: [point('env-1', 0.002, 0, { name: 'E1' })] },
    cameras: { type: 'FeatureCollection', features: [point(CAMERA, 0.003, 0, { name: 'C1', kind: 'area_camera' })] },
  };
  const byId = new Map<string, Feature>();
  for (const fc of Object.values(layers)) for (const f of fc!.features) byId.set(f.properties.id, f);
  const manifest = {
    base: '/twins/c-test/', community: { id: 'c-test', neighbourhoods: [] }, tilesets: [], layers: {},
    georef: { origin: { longitude: LON, latitude: LAT, height: 300 } },
    buildings: [building('b-1', 0), building('b-2', 0.0005)],
    devices: [
      { id: 'm-b-1', measurement: 'energy', binding: { building: 'b-1' } },
      { id: 'm-b-2', measurement: 'energy', binding: { building: 'b-2' } },
      { id: BIM_DEVICE, measurement: 'alert', binding: { building: 'b-2' } },
    ],
  } as unknown as TwinModel['manifest'];
  return {
    manifest, url: (p) => `/twins/c-test/${p}`, layers, feature: (id) => byId.get(id),
    buildingOfDevice: new Map([['m-b-1', 'b-1'], ['m-b-2', 'b-2'], [BIM_DEVICE, 'b-2']]),
    origin: [LON, LAT, 300],
    buildingCentres: new Map([['b-1', [LON, LAT, 312]], ['b-2', [LON + 0.0005, LAT, 312]]]),
  };
}

/** Series of the fake twin, by id. */
const SERIES: SeriesDescriptor[] = [
  { id: 1, measurement: 'energy', tags: { meter: 'm-b-1' }, field: 'load_kw', type: 'float' },
  { id: 2, measurement: 'energy', tags: { meter: 'm-b-2' }, field: 'load_kw', type: 'float' },
  { id: 3, measurement: 'parking_space', tags: { space: 's-1' }, field: 'occupied', type: 'float' },
  { id: 4, measurement: 'parking_space', tags: { space: 's-2' }, field: 'occupied', type: 'float' },
  { id: 5, measurement: 'parking', tags: { lot: 'lot-1' }, field: 'occupied', type: 'integer' },
  { id: 6, measurement: 'env', tags: { sensor: 'env-1' }, field: 'pm25_ugm3', type: 'float' },
  { id: 7, measurement: 'pipe', tags: { sensor: 'ps-1' }, field: 'status', type: 'string' },
];

let seq = 0;

/** Writes samples `[series id, value]` (numbers) or `[series id, text]` into the store, stamped now. */
export function write(store: LiveStore, rows: [number, number | string][]): void {
  const t = Date.now();
  const nums = rows.filter((r): r is [number, number] => typeof r[1] === 'number');
  const texts = rows.filter((r): r is [number, string] => typeof r[1] === 'string');
  store.applyTelemetry({
    room: 'c-test/all', epoch: 'e1', seq: ++seq, schema: SERIES,
    samples: packColumns(nums.map((r) => r[0]), nums.map(() => t), nums.map((r) => r[1])),
    text: texts.length ? { sid: texts.map((r) => r[0]), t: texts.map(() => t), s: texts.map((r) => r[1]) } : undefined,
  });
}
