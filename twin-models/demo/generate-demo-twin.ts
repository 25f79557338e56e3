/**
 * Writes the demo community's twin: IFC files for every building, converted to GLB by the same
 * pipeline a customer's model takes, the GIS layers, the photogrammetry stand-in tileset, and the
 * manifest with its device registry, checked both ways before the folder is swapped into place.
 * The result is cached: a folder written by the same generator version and seed is reused.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GeoOrigin } from '../manifest/georef.ts';
import type { TwinManifest, ManifestDevice } from '../manifest/manifest-schema.ts';
import { loadTwin } from '../manifest/load-twin.ts';
import { checkBindings, type SeriesIdentity } from '../manifest/binding-check.ts';
import { AtomicOutput } from '../import/output/atomic-output.ts';
import { convertIfc } from '../import/ifc/convert-ifc.ts';
import { validateTileset } from '../import/tiles/validate-tileset.ts';
import { writeBuildingIfc } from './ifc/building-ifc.ts';
import { gisLayers, footprintInFrame } from './gis-layers.ts';
import { enuToLonLat } from '../manifest/georef.ts';
import { photogrammetryTileset } from './photogrammetry-tileset.ts';
import { planDemoCommunity, DEMO_SEED } from './plan/plan-demo-community.ts';
import { communityConfigOf } from './demo-community.ts';
import { BIM_DEVICE_FAMILY } from './demo-services.ts';
import { seriesOf } from '../../streams/simulator/series.ts';
import type { CommunityConfig } from '../../streams/simulator/community-config.ts';

/** Bump when the generator's output changes, so cached twins are regenerated. */
export const GENERATOR_VERSION = 5;

/** 鹅岭 on the Yuzhong peninsula, Chongqing (WGS84; the frame's zero is near the riverside road). */
export const DEMO_ORIGIN: GeoOrigin = { longitude: 106.5335, latitude: 29.5525, height: 240 };

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  /** Regenerate even if a cached twin of this version and seed is there. */
  force?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface GenerateResult {
  dir: string;
  cached: boolean;
  ms: number;
  /** Bytes a viewer downloads: GLBs, tiles and layers (IFC sources are kept but not served to walls). */
  assetBytes: number;
  buildingBytes: { id: string; glbBytes: number; elements: number }[];
}

export async function generateDemoTwin(opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const seed = opts.seed ?? DEMO_SEED;
  if (!opts.force) {
    const cached = await cachedTwin(opts.outDir, seed);
    if (cached) return { ...cached, ms: performance.now() - t0 };
  }
  const progress = opts.onProgress ?? (() => {});
  const plan = planDemoCommunity(seed);
  const config = communityConfigOf(plan);
  const out = await AtomicOutput.begin(opts.outDir, 'directory');
  try {
    const buildingBytes: GenerateResult['buildingBytes'] = [];
    const devices: ManifestDevice[] = [];
    const manifestBuildings: TwinManifest['buildings'] = [];
    for (const [i, b] of plan.buildings.entries()) {
      progress('buildings', i, plan.buildings.length);
      const { ifc } = writeBuildingIfc({
        id: b.id, name: b.name, use: b.use, footprint: b.footprint, floors: b.floors, floorHeightM: b.floorHeightM,
        position: b.position, rotationDeg: b.rotationDeg, devices: b.devices,
        georef: { ...DEMO_ORIGIN, crsName: 'EPSG:4545' }, // CGCS2000 3-degree Gauss–Krüger, central meridian 108°E
      });
      const ifcPath = await out.write(`ifc/${b.id}.ifc`, ifc);
      const converted = await convertIfc(ifcPath, { outDir: join(out.staging, 'buildings'), name: b.id });
      const index = JSON.parse(await readFile(converted.indexPath, 'utf8')) as { elements: { globalId: string; tag: string | null; bbox: number[] }[] };
      // Bind each device to the element the pipeline kept for it (its Tag is the device id).
      for (const d of b.devices) {
        const element = index.elements.find((e) => e.tag === d.id);
        if (!element) throw new Error(`demo: building ${b.id}: device ${d.id} did not survive the IFC conversion`);
        devices.push({ id: d.id, measurement: BIM_DEVICE_FAMILY[d.kind], neighbourhood: b.neighbourhood, binding: { building: b.id, globalId: element.globalId } });
      }
      buildingBytes.push({ id: b.id, glbBytes: converted.glbBytes, elements: converted.stats.elements });
      manifestBuildings.push({
        id: b.id, name: b.name, neighbourhood: b.neighbourhood, use: b.use, floors: b.floors, heightM: b.floors * b.floorHeightM,
        floorAreaM2: b.floorAreaM2, households: b.households, glb: `buildings/${b.id}.glb`, elements: `buildings/${b.id}.elements.json`,
        ...(converted.shell ? { shell: `buildings/${b.id}.shell.glb` } : {}),
        source: `${b.id}.ifc`,
        // The IFC places the building in the community frame itself, so no further placement is needed.
        placement: { east: 0, north: 0, up: 0, headingDeg: 0 },
        bounds: enuBounds(index.elements.map((e) => e.bbox)),
        footprint: footprintInFrame(b).map(([x, y]) => { const [lon, lat] = enuToLonLat(DEMO_ORIGIN, x, y); return [round7(lon), round7(lat)] as [number, number]; }),
      });
    }
    progress('buildings', plan.buildings.length, plan.buildings.length);

    progress('layers', 0, 1);
    const layers = gisLayers(plan, DEMO_ORIGIN);
    const layerPaths: TwinManifest['layers'] = {};
    for (const [name, fc] of Object.entries(layers) as [keyof typeof layers, unknown][]) {
      await out.write(`layers/${name}.geojson`, JSON.stringify(fc));
      layerPaths[name] = `layers/${name}.geojson`;
    }
    for (const l of plan.lots) {
      devices.push({ id: l.id, measurement: 'parking', neighbourhood: l.neighbourhood, binding: { feature: l.id } });
      for (const s of l.spaces) devices.push({ id: s.id, measurement: 'parking_space', neighbourhood: l.neighbourhood, binding: { feature: s.id } });
    }
    for (const n of plan.pipes.nodes) if (n.sensor) devices.push({ id: n.id, measurement: 'pipe', neighbourhood: n.neighbourhood, binding: { feature: n.id } });
    for (const e of plan.envSensors) devices.push({ id: e.id, measurement: 'env', neighbourhood: e.neighbourhood, binding: { feature: e.id } });
    for (const c of plan.cameras) devices.push({ id: c.id, measurement: 'alert', neighbourhood: c.neighbourhood, binding: { feature: c.id } });
    for (const w of plan.wasteBins) devices.push({ id: w.id, measurement: 'waste_bin', neighbourhood: w.neighbourhood, binding: { feature: w.id } });
    for (const g of plan.gates) devices.push({ id: g.id, measurement: 'access_control', neighbourhood: g.neighbourhood, binding: { feature: g.id } });

    progress('tiles', 0, 1);
    const tiles = await photogrammetryTileset(plan, DEMO_ORIGIN);
    for (const f of tiles.files) await out.write(`tiles/photogrammetry/${f.name}`, f.data);
    const tilesetPath = await out.write('tiles/photogrammetry/tileset.json', tiles.tilesetJson);
    const tilesetReport = await validateTileset(tilesetPath);
    if (tilesetReport.errors.length) throw new Error(`demo: the photogrammetry tileset is invalid: ${tilesetReport.errors.join('; ')}`);

    const manifest: TwinManifest = {
      version: 1,
      generator: { name: 'community-twin demo', version: GENERATOR_VERSION, seed },
      community: { id: config.id, name: config.name, city: config.city, district: config.district, street: config.street, neighbourhoods: config.neighbourhoods },
      georef: { origin: DEMO_ORIGIN, datum: 'WGS84' },
      tilesets: [{ id: 'photogrammetry', kind: 'photogrammetry', name: { zh: '倾斜摄影（示意）', en: 'Oblique photogrammetry (stand-in)' }, uri: 'tiles/photogrammetry/tileset.json' }],
      buildings: manifestBuildings,
      layers: layerPaths,
      devices,
    };
    await out.write('manifest.json', JSON.stringify(manifest, null, 1));

    progress('check', 0, 1);
    const twin = await loadTwin(out.staging);
    const report = checkBindings(twin, expectedSeries(config));
    if (!report.ok) {
      throw new Error(`demo: device registry does not match the simulator: ${JSON.stringify({ ...report, silentDevices: undefined }).slice(0, 2000)}`);
    }
    await out.commit();
    progress('check', 1, 1);
    const assetBytes = buildingBytes.reduce((n, b) => n + b.glbBytes, 0) + tiles.files.reduce((n, f) => n + f.data.byteLength, 0)
      + Object.values(layers).reduce((n, fc) => n + Buffer.byteLength(JSON.stringify(fc)), 0);
    return { dir: opts.outDir, cached: false, ms: performance.now() - t0, assetBytes, buildingBytes };
  } catch (e) {
    await out.abandon();
    throw e;
  }
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

/** Element bounds in the GLB frame (x east, y up, z −north) → one east-north-up box, metres. */
export function enuBounds(boxes: number[][]): number[] {
  const b = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (const [x0, y0, z0, x1, y1, z1] of boxes) {
    b[0] = Math.min(b[0], x0); b[3] = Math.max(b[3], x1);
    b[1] = Math.min(b[1], -z1); b[4] = Math.max(b[4], -z0);
    b[2] = Math.min(b[2], y0); b[5] = Math.max(b[5], y1);
  }
  return b.map((v) => Math.round(v * 100) / 100);
}

/** Every series the simulator produces for a community, alert devices included (they report on events). */
export function expectedSeries(c: CommunityConfig): SeriesIdentity[] {
  const out: SeriesIdentity[] = seriesOf(c).map((s) => ({ measurement: s.measurement, tags: s.tags }));
  for (const d of c.alertDevices) out.push({ measurement: 'alert', tags: { community: c.id, neighbourhood: d.neighbourhood, device: d.id } });
  return out;
}

async function cachedTwin(dir: string, seed: number): Promise<Omit<GenerateResult, 'ms'> | null> {
  try {
    const twin = await loadTwin(dir);
    const g = twin.manifest.generator;
    if (!g || g.version !== GENERATOR_VERSION || g.seed !== seed) return null;
    return { dir, cached: true, assetBytes: 0, buildingBytes: [] };
  } catch {
    return null;
  }
}
