/**
 * Assembling a customer's twin by command, on IFC files written here (test/support/ifc-fixture.ts):
 * millimetre models give storeys and explode offsets in metres; a model with an IfcMapConversion
 * to CGCS2000 Gauss–Krüger (EPSG:4545) lands where its transform says, checked against a hand
 * computation with proj4; IfcSite latitude/longitude and flags place files without one;
 * `add-building` writes an entry `check` accepts, and `check` names what a bare entry lacks;
 * truncated files are called truncated; IFC4X3_RC2 is read; GeoJSON in GCJ-02 or projected
 * metres comes out in WGS84; `--help` works on every command.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import proj4 from 'proj4';
import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertIfc, type ElementIndexFile } from '../../twin-models/import/ifc/convert-ifc.ts';
import { gltfIO } from '../../twin-models/import/gltf/optimise-glb.ts';
import { validateGlb } from '../../twin-models/import/gltf/validate-glb.ts';
import { newTwin } from '../../twin-models/assemble/new-twin.ts';
import { addBuilding } from '../../twin-models/assemble/add-building.ts';
import { addLayer } from '../../twin-models/assemble/add-layer.ts';
import { checkTwin } from '../../twin-models/assemble/check-twin.ts';
import { readManifest, writeManifest } from '../../twin-models/assemble/manifest-file.ts';
import { glbToEnu } from '../../twin-models/manifest/placement.ts';
import { lonLatToEnu, enuToLonLat } from '../../twin-models/manifest/georef.ts';
import { explodeOffsets } from '../../client/twin/building-detail/storey-layout.ts';
import { ifcFixture } from '../support/ifc-fixture.ts';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'twin-assembly-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A community of the shipped sites tree that is not the demo's (the demo's registry is checked against the simulator). */
const COMMUNITY = '500103004002';
const ORIGIN = { longitude: 106.5423, latitude: 29.555, height: 250 };
/** EPSG:4545 written out here, independently of the product's table: CGCS2000 3° Gauss–Krüger, CM 108°E. */
const EPSG4545 = '+proj=tmerc +lat_0=0 +lon_0=108 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';

function write(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('units: a model in millimetres', () => {
  let index: ElementIndexFile;
  let glbStoreys: { name: string; elevationM: number }[];
  beforeAll(async () => {
    const r = await convertIfc(write('mm.ifc', ifcFixture({ unit: 'mm' })), { outDir: join(tmp, 'mm') });
    index = JSON.parse(readFileSync(r.indexPath, 'utf8'));
    const doc = await (await gltfIO()).readBinary(readFileSync(r.glbPath));
    glbStoreys = doc.getRoot().listScenes()[0].listChildren().map((n) => n.getExtras() as { storey: string; elevationM: number }).map((e) => ({ name: e.storey, elevationM: e.elevationM }));
  });

  it('storey elevations are in metres in the element index and in the GLB the viewer reads', () => {
    expect(index.lengthUnitM).toBe(0.001);
    expect(index.storeys.map((s) => s.elevationM)).toEqual([0, 3.14]);
    expect(glbStoreys.map((s) => s.elevationM).sort()).toEqual([0, 3.14]);
    // Geometry too: the building is 6.28 m tall, not 6,280.
    const top = Math.max(...index.elements.map((e) => e.bbox[4]));
    expect(top).toBeCloseTo(6.28, 2);
  });

  it('the building detail explodes the upper floor by metres', () => {
    const offsets = explodeOffsets(glbStoreys.sort((a, b) => a.elevationM - b.elevationM), 1.5);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeCloseTo(3.14 * 1.5, 6); // 4.71 m, where an unconverted file threw it 4.7 km
  });

  it('keeps the rooms (IfcSpace) as elements of their storey, marked as rooms', () => {
    const rooms = index.elements.filter((e) => e.room);
    expect(rooms.map((r) => [r.ifcType, r.storey])).toEqual([['IfcSpace', '1F'], ['IfcSpace', '2F']]);
    expect(rooms[0].name).toBe('101');
  });
});

describe('placement from the file\'s own georeference', () => {
  const dir = join(tmp, 'twin');
  // Where the test wants the model's origin, and how the model is turned on the grid.
  const target = { longitude: 106.5441, latitude: 29.5561 };
  const [E0, N0] = proj4(EPSG4545, [target.longitude, target.latitude]);
  const theta = (30 * Math.PI) / 180;
  const mc = { crs: 'EPSG:4545', eastings: Math.round(E0 * 1000) / 1000, northings: Math.round(N0 * 1000) / 1000, orthogonalHeight: 252.5, xAxisAbscissa: Math.cos(theta), xAxisOrdinate: Math.sin(theta), scale: 0.001 };

  /** Hand computation: a local point (metres) rotated onto the grid, then proj4's inverse to WGS84, then the twin's frame. */
  function expectedEnu(x: number, y: number, z: number): [number, number, number] {
    const e = mc.eastings + Math.cos(theta) * x - Math.sin(theta) * y;
    const n = mc.northings + Math.sin(theta) * x + Math.cos(theta) * y;
    const [lon, lat] = proj4(EPSG4545, 'WGS84', [e, n]);
    return lonLatToEnu(ORIGIN, lon, lat, mc.orthogonalHeight + z);
  }

  beforeAll(async () => {
    await newTwin({ community: COMMUNITY, origin: ORIGIN, dir });
  });

  it('new binds the twin to the community of the sites tree, and names a node that is not there', async () => {
    const m = await readManifest(dir);
    expect(m.community.id).toBe(COMMUNITY);
    expect(m.community.street.id).toBe('500103004000');
    expect(m.community.neighbourhoods).toHaveLength(1);
    await expect(newTwin({ community: 'no-such-place', origin: ORIGIN, dir: join(tmp, 'x') })).rejects.toThrow(/no node "no-such-place" in the sites tree/);
    await expect(newTwin({ community: '500103004000', origin: ORIGIN, dir: join(tmp, 'x') })).rejects.toThrow(/is a street/);
  });

  it('IfcMapConversion (EPSG:4545, rotated, millimetres with Scale 0.001) lands where its transform says', { timeout: 60_000 }, async () => {
    const file = write('mapconv.ifc', ifcFixture({ unit: 'mm', mapConversion: mc, site: { latitude: 29.5, longitude: 106.5, elevation: 0 } }));
    const r = await addBuilding({ dir, ifcPath: file, id: 'mc-tower', name: { zh: '测试楼', en: 'Test tower' } });
    expect(r.placementSource).toMatch(/IfcMapConversion \(EPSG:4545/);
    const p = r.entry.placement;
    // The model's corners (x 0–20 m, y 0–12 m on the local grid), through the manifest's placement rule
    // (glTF x = model x, glTF −z = model y, glTF y = up), against the hand computation.
    for (const [x, y, z] of [[0, 0, 0], [20, 0, 0], [20, 12, 6.28], [10, 6, 3]]) {
      const got = glbToEnu(p, x, z, -y);
      const want = expectedEnu(x, y, z);
      for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - want[k]), `corner ${x},${y},${z} axis ${k}`).toBeLessThan(0.02);
    }
    // The grid rotation plus the meridian convergence west of 108°E (a little under a degree here).
    expect(p.headingDeg).toBeGreaterThan(29);
    expect(p.headingDeg).toBeLessThan(31);
    // Bounds and footprint carry the placement: the footprint's corner is the model's (20, 12) corner.
    const centre = expectedEnu(10, 6, 0);
    const b = r.entry.bounds!;
    expect(Math.abs((b[0] + b[3]) / 2 - centre[0])).toBeLessThan(0.05);
    expect(Math.abs((b[1] + b[4]) / 2 - centre[1])).toBeLessThan(0.05);
    const corner = enuToLonLat(ORIGIN, ...expectedEnu(20, 12, 0).slice(0, 2) as [number, number]);
    expect(r.entry.footprint!.some(([lon, lat]) => Math.abs(lon - corner[0]) < 2e-7 && Math.abs(lat - corner[1]) < 2e-7)).toBe(true);
    expect(r.entry.floors).toBe(2);
    expect(r.entry.heightM).toBeCloseTo(6.28, 1);
    // Storeys in metres in the manifest too (the file says 0 and 3140 mm).
    expect(r.entry.storeys).toEqual([{ name: '1F', elevationM: 0 }, { name: '2F', elevationM: 3.14 }]);
  });

  it('add-building writes the BIM shell the overview draws close up: the exterior in one valid mesh, no rooms or devices', async () => {
    const m = await readManifest(dir);
    const b = m.buildings.find((x) => x.id === 'mc-tower')!;
    expect(b.shell).toBe('buildings/mc-tower.shell.glb');
    const glb = readFileSync(join(dir, b.shell!));
    expect((await validateGlb(glb, 'mc-tower.shell.glb')).errors).toBe(0);
    const doc = await (await gltfIO()).readBinary(glb);
    const nodes = doc.getRoot().listNodes().filter((n) => n.getMesh());
    expect(nodes).toHaveLength(1);
    const prims = nodes[0].getMesh()!.listPrimitives();
    expect(prims).toHaveLength(1);
    expect(prims[0].getAttribute('COLOR_0')).not.toBeNull();
    const { elements } = nodes[0].getExtras() as { elements: Record<string, number> };
    const index = JSON.parse(readFileSync(join(dir, b.elements), 'utf8')) as ElementIndexFile;
    const shellTypes = index.elements.filter((e) => !e.room && /^Ifc(Wall|Slab|Roof|Window|Door|CurtainWall|Plate|Railing|Column|Member)/.test(e.ifcType));
    expect(Object.values(elements).reduce((a, n) => a + n, 0)).toBe(shellTypes.length);
    expect(Object.keys(elements).some((t) => t === 'IfcSpace')).toBe(false);
  });

  it('a Scale left out on a millimetre model means the units alone; a Scale of 1 on one is a unit mistake, said so', { timeout: 60_000 }, async () => {
    const first = (await readManifest(dir)).buildings.find((b) => b.id === 'mc-tower')!.placement;
    for (const [id, scale] of [['mc-unscaled', undefined], ['mc-scale-1', 1]] as const) {
      const r = await addBuilding({ dir, ifcPath: write(`${id}.ifc`, ifcFixture({ unit: 'mm', mapConversion: { ...mc, scale } })), id });
      expect(Math.abs(r.entry.placement.east - first.east) + Math.abs(r.entry.placement.north - first.north)).toBeLessThan(0.01);
      expect(r.notes.some((n) => /Scale gives 1000 grid metres per model metre; taken as 1/.test(n))).toBe(scale === 1);
    }
  });

  it('IfcSite RefLatitude/RefLongitude with a TrueNorth places a file without a map conversion', { timeout: 60_000 }, async () => {
    const site = { latitude: 29.5555, longitude: 106.5430, elevation: 251 };
    const r = await addBuilding({ dir, ifcPath: write('site.ifc', ifcFixture({ unit: 'm', site, trueNorth: [0, 1] })), id: 'site-house' });
    expect(r.placementSource).toMatch(/IfcSite/);
    const at = lonLatToEnu(ORIGIN, site.longitude, site.latitude, site.elevation);
    const got = glbToEnu(r.entry.placement, 0, 0, 0);
    for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - at[k])).toBeLessThan(0.01);
    expect(r.entry.placement.headingDeg).toBeCloseTo(0, 6);
  });

  it('a file without georeference needs --at and --heading, and then heading turns it', { timeout: 60_000 }, async () => {
    const file = write('bare.ifc', ifcFixture({ unit: 'm', noSpaces: true }));
    await expect(addBuilding({ dir, ifcPath: file, id: 'bare' })).rejects.toThrow(/no georeference.*--at lon,lat/);
    const r = await addBuilding({ dir, ifcPath: file, id: 'bare', at: [106.5425, 29.5552], headingDeg: 90 });
    // Turned 90°: the model's x axis points north, so its 20 m side runs north.
    const b = r.entry.bounds!;
    expect(b[4] - b[1]).toBeCloseTo(20, 1);
    expect(b[3] - b[0]).toBeCloseTo(12, 1);
  });

  it('check accepts what add-building wrote, and lists everything a hand-made entry lacks', async () => {
    expect((await checkTwin(dir)).problems).toEqual([]);
    const m = await readManifest(dir);
    const good = m.buildings.find((b) => b.id === 'mc-tower')!;
    // Required fields only: the overview has nothing to draw. And one with bounds moved by its placement again.
    m.buildings.push({ ...good, id: 'bare-entry', bounds: undefined, footprint: undefined });
    m.buildings.push({ ...good, id: 'twice-placed', bounds: good.bounds!.map((v, i) => v + (i % 3 === 0 ? good.placement.east : i % 3 === 1 ? good.placement.north : 0)) });
    m.buildings.push({ ...good, id: 'lost', glb: 'buildings/lost.glb', elements: 'buildings/lost.elements.json' });
    await writeManifest(dir, m);
    const { problems } = await checkTwin(dir);
    expect(problems.some((p) => /building "bare-entry": not drawn in the community overview: footprint and bounds missing/.test(p))).toBe(true);
    expect(problems.some((p) => /building "twice-placed": bounds are [\d.]+ m from where the model lands with its placement/.test(p))).toBe(true);
    expect(problems.some((p) => /building "lost": buildings\/lost\.glb is missing/.test(p))).toBe(true);
    expect(problems.some((p) => /building "lost": element index buildings\/lost\.elements\.json is missing/.test(p))).toBe(true);
    m.buildings = m.buildings.filter((b) => !['bare-entry', 'twice-placed', 'lost'].includes(b.id));
    await writeManifest(dir, m);
  });
});

describe('files that cannot be converted, and IFC4X3 variants', () => {
  it('a truncated file is called truncated, not "no element with geometry"', async () => {
    const text = ifcFixture();
    const file = write('cut.ifc', text.slice(0, Math.floor(text.length * 0.6)));
    await expect(convertIfc(file, { outDir: join(tmp, 'cut') })).rejects.toThrow(/cut\.ifc is truncated or corrupt \(it does not end with END-ISO-10303-21;/);
  });

  it('an IFC4X3_RC2 file is read', async () => {
    const r = await convertIfc(write('rc2.ifc', ifcFixture({ schema: 'IFC4X3_RC2' })), { outDir: join(tmp, 'rc2') });
    expect(r.schema).toBe('IFC4X3_RC2');
    expect(r.stats.elements).toBe(12);
  });
});

describe('add-layer: GeoJSON into WGS84', () => {
  const dir = join(tmp, 'layers-twin');
  const wgs = [106.5431, 29.5557];
  beforeAll(async () => { await newTwin({ community: COMMUNITY, origin: ORIGIN, dir }); });
  const fc = (coords: number[], id = 'cam-1') => ({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: coords }, properties: { id } }] });
  const written = async () => JSON.parse(readFileSync(join(dir, 'layers/cameras.geojson'), 'utf8')).features[0].geometry.coordinates as number[];

  it('GCJ-02 (高德) coordinates are converted back to WGS84', async () => {
    const gcj = gcoord.transform(wgs as [number, number], gcoord.WGS84, gcoord.GCJ02);
    expect(Math.hypot(...lonLatToEnu(ORIGIN, gcj[0], gcj[1]).slice(0, 2).map((v, k) => v - lonLatToEnu(ORIGIN, wgs[0], wgs[1])[k]))).toBeGreaterThan(100);
    const r = await addLayer({ dir, file: write('gcj.geojson', JSON.stringify(fc(gcj))), kind: 'cameras', crs: 'gcj02' });
    expect(r.assumed).toBe(false);
    expect(r.crs).toMatch(/GCJ-02/);
    const [lon, lat] = await written();
    const [de, dn] = lonLatToEnu({ longitude: wgs[0], latitude: wgs[1], height: 0 }, lon, lat);
    expect(Math.hypot(de, dn)).toBeLessThan(1);
  });

  it('CGCS2000 Gauss–Krüger metres are projected with --crs EPSG:4545, and refused without it', async () => {
    const [e, n] = proj4(EPSG4545, wgs);
    const file = write('gk.geojson', JSON.stringify(fc([e, n, 3])));
    await expect(addLayer({ dir, file, kind: 'cameras' })).rejects.toThrow(/coordinates are in metres.*--crs/);
    const r = await addLayer({ dir, file, kind: 'cameras', crs: 'EPSG:4545' });
    expect(r.crs).toMatch(/EPSG:4545/);
    const [lon, lat, h] = await written();
    expect(lon).toBeCloseTo(wgs[0], 7);
    expect(lat).toBeCloseTo(wgs[1], 7);
    expect(h).toBe(3);
  });

  it('degrees without --crs are assumed WGS84 and it says so; every problem of a bad file is listed at once', async () => {
    const r = await addLayer({ dir, file: write('wgs.geojson', JSON.stringify(fc(wgs))), kind: 'cameras' });
    expect(r.assumed).toBe(true);
    expect(r.crs).toMatch(/WGS84/);
    const bad = { type: 'FeatureCollection', features: [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [wgs, wgs] }, properties: { id: 'a' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: wgs }, properties: {} },
      { type: 'Feature', geometry: { type: 'Point', coordinates: wgs }, properties: { id: 'c', neighbourhood: 'nowhere' } },
    ] };
    const err = await addLayer({ dir, file: write('bad.geojson', JSON.stringify(bad)), kind: 'cameras' }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/3 problems/);
    expect((err as Error).message).toMatch(/feature "a": geometry LineString not allowed in cameras/);
    expect((err as Error).message).toMatch(/feature #1: properties\.id is required/);
    expect((err as Error).message).toMatch(/feature "c": unknown neighbourhood "nowhere"/);
  });
});

describe('the command line', () => {
  const cli = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'twin-models/cli.ts', ...args], { env: { ...process.env, FORCE_COLOR: '0' } });

  it('--help lists the commands, and every command explains itself', { timeout: 120_000 }, async () => {
    const top = await cli('--help');
    for (const c of ['new', 'add-building', 'add-layer', 'check', 'demo', 'import', 'tileset', 'wrap', 'schema']) expect(top.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    const commands = ['new', 'add-building', 'add-layer', 'check', 'demo', 'import', 'tileset', 'wrap', 'schema'];
    const helps = await Promise.all(commands.map((c) => cli(c, '--help')));
    helps.forEach(({ stdout }, i) => expect(stdout).toMatch(new RegExp(`^usage: npm run twin -- ${commands[i]}`)));
  });

  it('new → add-building → check from the command line', { timeout: 120_000 }, async () => {
    const dir = join(tmp, 'cli-twin');
    await cli('new', COMMUNITY, '--origin', `${ORIGIN.longitude},${ORIGIN.latitude},${ORIGIN.height}`, '--twin', dir);
    const file = write('cli.ifc', ifcFixture({ unit: 'mm', site: { latitude: 29.5552, longitude: 106.5426, elevation: 250000 } }));
    const added = await cli('add-building', file, '--twin', dir, '--id', 'b-cli', '--name', '一号楼,Block 1', '--use', 'residential', '--quiet');
    expect(added.stdout).toMatch(/building "b-cli" placed from IfcSite/);
    expect(added.stdout).toMatch(/lengths are in millimetres/);
    const checked = await cli('check', dir);
    expect(checked.stdout).toMatch(/1 building, 0 devices, 0 layers, no problems/);
    const bad = await cli('add-building', file, '--twin', dir, '--heading', '30').catch((e: { stderr: string; code: number }) => e);
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/--heading goes with --at/);
  });
});
