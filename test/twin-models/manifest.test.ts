/**
 * The twin manifest: schema errors that name the field, cross-references checked on load, the
 * device registry checked both ways, and the georeference maths.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST, manifestJsonSchema } from '../../twin-models/manifest/manifest-schema.ts';
import { loadTwin, TwinManifestError } from '../../twin-models/manifest/load-twin.ts';
import { checkBindings, type SeriesIdentity } from '../../twin-models/manifest/binding-check.ts';
import { enuToEcefMatrix, enuToLonLat, lonLatToEnu, toEcef } from '../../twin-models/manifest/georef.ts';

const tmp = mkdtempSync(join(tmpdir(), 'manifest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const place = (id: string, zh: string) => ({ id, name: { zh, en: id } });
const GID = '2O2Fr$t4X7Zf8NOew3FLOH';
const origin = { longitude: 106.5335, latitude: 29.5525, height: 240 };

/** A small valid twin: one building with one meter, a camera, a parking lot. */
function baseManifest(): any {
  return {
    version: 1,
    community: { ...place('c-a', '甲社区'), city: place('cq', '重庆市'), district: place('d-yz', '渝中区'), street: place('s-1', '两路口街道'), neighbourhoods: [place('n-a1', '甲一小区')] },
    georef: { origin: { ...origin }, datum: 'CGCS2000' },
    buildings: [{ id: 'b-1', name: { zh: '1栋', en: 'B1' }, neighbourhood: 'n-a1', use: 'residential', floors: 18, heightM: 54, floorAreaM2: 9000, glb: 'buildings/b-1.glb', elements: 'buildings/b-1.elements.json', placement: { east: 0, north: 0, up: 0 } }],
    layers: { cameras: 'layers/cameras.geojson', parking: 'layers/parking.geojson' },
    devices: [
      { id: 'm-b-1', measurement: 'energy', neighbourhood: 'n-a1', binding: { building: 'b-1', globalId: GID } },
      { id: 'cam-1', measurement: 'alert', neighbourhood: 'n-a1', binding: { feature: 'cam-1' } },
      { id: 'p-1', measurement: 'parking', neighbourhood: 'n-a1', binding: { feature: 'p-1' } },
    ],
  };
}

function writeTwin(name: string, manifest: any, edit: (dir: string) => void = () => {}): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'buildings'), { recursive: true });
  mkdirSync(join(dir, 'layers'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'buildings/b-1.glb'), 'glb');
  writeFileSync(join(dir, 'buildings/b-1.elements.json'), JSON.stringify({ source: 'b-1.ifc', schema: 'IFC4', storeys: [], elements: [
    { globalId: GID, ifcType: 'IfcFlowMeter', name: '总电表', storey: '1F', tag: 'm-b-1', bbox: [0, 0, 0, 1, 1, 1] },
    { globalId: '3cUkl32yn9qRSPvBJVyWYp', ifcType: 'IfcWall', name: 'wall', storey: '1F', tag: null, bbox: [0, 0, 0, 1, 1, 1] },
  ] }));
  const pt = (id: string, props: object = {}) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [106.5336, 29.5526, 241] }, properties: { id, neighbourhood: 'n-a1', ...props } });
  writeFileSync(join(dir, 'layers/cameras.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [pt('cam-1', { kind: 'fence_camera' })] }));
  writeFileSync(join(dir, 'layers/parking.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ ...pt('p-1'), geometry: { type: 'Polygon', coordinates: [[[106.5336, 29.5526], [106.5337, 29.5526], [106.5337, 29.5527], [106.5336, 29.5526]]] } }] }));
  edit(dir);
  return dir;
}

const SERIES: SeriesIdentity[] = [
  { measurement: 'energy', tags: { community: 'c-a', neighbourhood: 'n-a1', building: 'b-1', meter: 'm-b-1' } },
  { measurement: 'alert', tags: { community: 'c-a', neighbourhood: 'n-a1', device: 'cam-1' } },
  { measurement: 'parking', tags: { community: 'c-a', neighbourhood: 'n-a1', lot: 'p-1' } },
];

describe('manifest schema', () => {
  it.each([
    { change: (m: any) => { m.community.id = 'c a'; }, error: /community\.id: ids are 1–80 letters/ },
    { change: (m: any) => { m.georef.origin.longitude = 206.5; }, error: /georef\.origin\.longitude: Too big/ },
    { change: (m: any) => { m.georef.datum = 'GCJ-02'; }, error: /georef\.datum/ },
    { change: (m: any) => { m.buildings[0].glb = '../../etc/passwd'; }, error: /buildings\.0\.glb: must be a path inside the twin folder/ },
    { change: (m: any) => { m.buildings[0].glb = 'https://cdn.example/b.glb'; }, error: /buildings\.0\.glb: must be a path inside/ },
    { change: (m: any) => { m.buildings[0].floors = 0; }, error: /buildings\.0\.floors/ },
    { change: (m: any) => { m.devices[0].binding = { building: 'b-1', globalId: 'not-a-guid' }; }, error: /devices\.0\.binding/ },
    { change: (m: any) => { m.devices[0].measurement = 'weather'; }, error: /devices\.0\.measurement/ },
    { change: (m: any) => { m.version = 2; }, error: /version/ },
  ])('rejects $error', async ({ change, error }) => {
    const m = baseManifest();
    change(m);
    const dir = writeTwin(`schema-${String(error).replace(/\W+/g, '')}`, m);
    await expect(loadTwin(dir)).rejects.toThrow(error);
  });

  it('publishes a JSON Schema for editors', () => {
    const schema = manifestJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['community', 'georef', 'buildings', 'layers', 'devices']));
    expect(MANIFEST.safeParse(baseManifest()).success).toBe(true);
  });
});

describe('loading a twin', () => {
  it('loads a valid twin with its layers and element indexes', async () => {
    const twin = await loadTwin(writeTwin('valid', baseManifest()));
    expect(twin.features.get('cam-1')?.layer).toBe('cameras');
    expect(twin.elements.get('b-1')?.elements).toHaveLength(2);
  });

  it('collects every cross-reference problem in one error', async () => {
    const m = baseManifest();
    m.buildings[0].neighbourhood = 'n-zz';
    m.buildings.push({ ...m.buildings[0], neighbourhood: 'n-a1', glb: 'buildings/missing.glb' });
    const dir = writeTwin('broken-refs', m, (d) => {
      writeFileSync(join(d, 'layers/cameras.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] }, properties: { id: 'cam-1' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [29.55, 106.53] }, properties: { id: 'cam-2' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [106.53, 29.55] }, properties: {} },
      ] }));
    });
    const err = await loadTwin(dir).catch((e) => e as TwinManifestError);
    expect(err).toBeInstanceOf(TwinManifestError);
    const problems = (err as TwinManifestError).problems.join('\n');
    expect(problems).toMatch(/building "b-1": unknown neighbourhood "n-zz"/);
    expect(problems).toMatch(/building "b-1": id used twice/);
    expect(problems).toMatch(/buildings\/missing\.glb is missing/);
    expect(problems).toMatch(/layer cameras feature "cam-1": geometry LineString not allowed here/);
    expect(problems).toMatch(/feature "cam-2": coordinates must be \[longitude, latitude/);
    expect(problems).toMatch(/feature #2: properties\.id is required/);
  });

  it('names a manifest that is missing or not JSON', async () => {
    await expect(loadTwin(join(tmp, 'nowhere'))).rejects.toThrow(/manifest\.json has 1 problem:\n  - file not found/);
    const dir = writeTwin('not-json', baseManifest(), (d) => writeFileSync(join(d, 'manifest.json'), '{'));
    await expect(loadTwin(dir)).rejects.toThrow(/not valid JSON/);
  });
});

describe('device registry, checked both ways', () => {
  it('passes when every series lands on an object and every measured object has a series', async () => {
    const r = checkBindings(await loadTwin(writeTwin('bind-ok', baseManifest())), SERIES);
    expect(r).toMatchObject({ ok: true, unregisteredSeries: [], danglingDevices: [], unmeasuredObjects: [], misplaced: [] });
  });

  it('finds series with no device, devices bound to nothing, misplaced devices and unmeasured objects', async () => {
    const m = baseManifest();
    m.devices = [
      { id: 'm-b-1', measurement: 'energy', neighbourhood: 'n-a1', binding: { building: 'b-1', globalId: '0000000000000000000000' } },
      { id: 'p-1', measurement: 'parking', neighbourhood: 'n-a1', binding: { feature: 'p-9' } },
    ];
    const twin = await loadTwin(writeTwin('bind-bad', m));
    const r = checkBindings(twin, [...SERIES, { measurement: 'env', tags: { community: 'c-a', neighbourhood: 'n-a2', sensor: 'env-7' } }]);
    expect(r.ok).toBe(false);
    expect(r.unregisteredSeries).toEqual(['alert device=cam-1', 'env sensor=env-7']);
    expect(r.danglingDevices).toEqual(['energy/m-b-1: building "b-1" has no element 0000000000000000000000', 'parking/p-1: feature "p-9" is not in any layer']);
    expect([...r.unmeasuredObjects].sort()).toEqual(['building "b-1" IfcFlowMeter 2O2Fr$t4X7Zf8NOew3FLOH (总电表)', 'cameras feature "cam-1"', 'parking feature "p-1"']);
  });
});

describe('georeference', () => {
  it('round-trips local metres and longitude/latitude within a millimetre near the origin', () => {
    for (const [e, n] of [[0, 0], [450, -300], [-1200, 800]]) {
      const [lon, lat] = enuToLonLat(origin, e, n);
      const [e2, n2] = lonLatToEnu(origin, lon, lat);
      expect(Math.abs(e2 - e)).toBeLessThan(1e-3);
      expect(Math.abs(n2 - n)).toBeLessThan(1e-3);
    }
  });

  it('puts the ENU frame on the WGS84 ellipsoid: origin in ECEF, up pointing away from the centre', () => {
    const m = enuToEcefMatrix(origin);
    const [x, y, z] = toEcef(origin);
    expect([m[12], m[13], m[14]]).toEqual([x, y, z]);
    expect(Math.hypot(x, y, z)).toBeGreaterThan(6_370_000);
    expect(Math.hypot(x, y, z)).toBeLessThan(6_380_000);
    const up = [m[8], m[9], m[10]];
    const dot = (up[0] * x + up[1] * y + up[2] * z) / Math.hypot(x, y, z);
    expect(dot).toBeGreaterThan(0.99);
    // 1° of latitude is about 110.8 km at 29.5°N.
    expect(lonLatToEnu(origin, origin.longitude, origin.latitude + 1)[1]).toBeCloseTo(110_800, -3);
  });
});
