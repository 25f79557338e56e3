/**
 * `twin check`: everything wrong with a twin in one run. The manifest and its cross-references
 * (load-twin.ts), what the community overview needs to draw each building, whether bounds agree
 * with the model and its placement (the rule in manifest/placement.ts), and the device registry.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTwin, TwinManifestError, type LoadedTwin } from '../manifest/load-twin.ts';
import type { ElementIndexFile } from '../import/ifc/convert-ifc.ts';
import type { ManifestBuilding } from '../manifest/manifest-schema.ts';
import { placedBounds } from '../manifest/placement.ts';
import { lonLatToEnu } from '../manifest/georef.ts';
import { checkBindings, type BindingReport, type SeriesIdentity } from '../manifest/binding-check.ts';
import { readManifest } from './manifest-file.ts';
import { validateTileset } from '../import/tiles/validate-tileset.ts';
import { tilesetExtent } from '../import/tiles/tileset-extent.ts';
import { locateTileset } from './add-tileset.ts';
import type { TwinManifest } from '../manifest/manifest-schema.ts';
import { existsSync } from 'node:fs';

export interface TwinCheck {
  problems: string[];
  /** The registry's report, when the twin loaded. */
  bindings?: BindingReport;
  twin?: LoadedTwin;
}

/** Metres by which bounds may disagree with the model and its placement before it is a problem. */
const BOUNDS_TOLERANCE_M = 2;

export async function checkTwin(dir: string, series: (twin: LoadedTwin) => readonly SeriesIdentity[] = () => []): Promise<TwinCheck> {
  const problems: string[] = [];
  let twin: LoadedTwin | undefined;
  try {
    twin = await loadTwin(dir);
  } catch (e) {
    if (!(e instanceof TwinManifestError)) throw e;
    problems.push(...e.problems);
  }
  let manifest: TwinManifest | undefined = twin?.manifest;
  if (!manifest) {
    try { manifest = await readManifest(dir); } catch { /* the schema problems are already listed */ }
  }
  const buildings: ManifestBuilding[] = manifest?.buildings ?? [];
  const origin = manifest?.georef.origin;
  for (const b of buildings) {
    const index = twin?.elements.get(b.id) ?? await readIndex(dir, b);
    problems.push(...buildingProblems(b, index, origin));
  }
  if (manifest) problems.push(...await tilesetProblems(dir, manifest));
  let bindings: BindingReport | undefined;
  if (twin) {
    bindings = checkBindings(twin, series(twin));
    // One line per kind of registry problem: a delivery with no registry yet has thousands.
    const list = (title: string, items: string[]) => {
      if (items.length) problems.push(`${title} (${items.length.toLocaleString('en')}): ${items.slice(0, 12).join(', ')}${items.length > 12 ? `, … and ${(items.length - 12).toLocaleString('en')} more` : ''}`);
    };
    list('series with no device in the registry', bindings.unregisteredSeries);
    list('devices bound to nothing', bindings.danglingDevices);
    list('devices in the wrong neighbourhood', bindings.misplaced);
    list('objects that should be measured but have no device', bindings.unmeasuredObjects);
  }
  return { problems, bindings, twin };
}

async function readIndex(dir: string, b: ManifestBuilding): Promise<ElementIndexFile | undefined> {
  try { return JSON.parse(await readFile(join(dir, b.elements), 'utf8')) as ElementIndexFile; } catch { return undefined; }
}

/**
 * Each tileset as the server checks it (structure, every content file there; files looked for,
 * not read), and whether it lies within the community. A missing tileset.json is already listed.
 */
async function tilesetProblems(dir: string, manifest: TwinManifest): Promise<string[]> {
  const out: string[] = [];
  for (const t of manifest.tilesets) {
    const path = join(dir, t.uri);
    if (!existsSync(path)) continue;
    const report = await validateTileset(path, { contents: 'exists', checkGltf: false });
    out.push(...report.errors.slice(0, 20).map((e) => `tileset "${t.id}": ${e}`));
    if (report.errors.length > 20) out.push(`tileset "${t.id}": … and ${report.errors.length - 20} more problems (npm run twin -- tileset ${t.uri} lists them all)`);
    let root;
    try { root = JSON.parse(await readFile(path, 'utf8')).root; } catch { continue; }
    const extent = tilesetExtent(root);
    if (!extent) continue;
    const { warning } = await locateTileset(dir, manifest, t.id, extent);
    if (warning) out.push(warning);
  }
  return out;
}

/** What stops the overview drawing a building, or puts it in the wrong place. */
export function buildingProblems(b: ManifestBuilding, index: ElementIndexFile | undefined, origin?: { longitude: number; latitude: number; height: number }): string[] {
  const out: string[] = [];
  const at = `building "${b.id}"`;
  const missing = [!b.footprint && 'footprint', !b.bounds && 'bounds'].filter(Boolean);
  if (missing.length) {
    out.push(`${at}: not drawn in the community overview: ${missing.join(' and ')} missing (npm run twin -- add-building ${b.source ?? 'FILE.ifc'} --id ${b.id} --replace writes them)`);
  }
  if (!b.shell && !missing.length) {
    out.push(`${at}: no BIM shell: the overview draws its massing even close up (npm run twin -- add-building ${b.source ?? 'FILE.ifc'} --id ${b.id} --replace writes buildings/${b.id}.shell.glb)`);
  }
  if (index && b.bounds && index.elements?.length) {
    const expected = placedBounds(b.placement, index.elements);
    const off = Math.hypot((expected[0] + expected[3] - b.bounds[0] - b.bounds[3]) / 2, (expected[1] + expected[4] - b.bounds[1] - b.bounds[4]) / 2, expected[2] - b.bounds[2]);
    if (off > BOUNDS_TOLERANCE_M) {
      out.push(`${at}: bounds are ${off.toFixed(1)} m from where the model lands with its placement (bounds are in the community frame with placement already applied; expected about [${expected.map((v) => v.toFixed(1)).join(', ')}])`);
    }
  }
  if (b.footprint && b.bounds && origin) {
    const pts = b.footprint.map(([lon, lat]) => lonLatToEnu(origin, lon, lat));
    const e = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const n = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    const inside = e >= b.bounds[0] - BOUNDS_TOLERANCE_M && e <= b.bounds[3] + BOUNDS_TOLERANCE_M && n >= b.bounds[1] - BOUNDS_TOLERANCE_M && n <= b.bounds[4] + BOUNDS_TOLERANCE_M;
    if (!inside) out.push(`${at}: footprint is outside its bounds (footprint centre ${e.toFixed(1)} m east, ${n.toFixed(1)} m north of the origin)`);
  }
  if (index?.storeys?.some((s) => Math.abs(s.elevationM) > 1000)) {
    out.push(`${at}: storey elevations up to ${Math.max(...index.storeys.map((s) => Math.abs(s.elevationM))).toLocaleString('en')} m: the element index was written before length units were applied; convert it again (add-building --replace)`);
  }
  return out;
}
