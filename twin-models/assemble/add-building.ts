/**
 * `twin add-building FILE.ifc`: converts the IFC (in the memory-capped child) into the twin's
 * buildings/ folder and writes the building's manifest entry itself: placement from the file's
 * own georeference (or the flags), then bounds and footprint with that placement applied (the
 * rule in manifest/placement.ts), storeys, height and floor area from the model.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BUILDING_CATEGORIES, type BuildingCategory } from '../../streams/families/index.ts';
import { convertIfcInChild, type ChildConversion } from '../import/ifc/convert-in-child.ts';
import type { ElementIndexFile } from '../import/ifc/convert-ifc.ts';
import type { ManifestBuilding } from '../manifest/manifest-schema.ts';
import { enuToLonLat } from '../manifest/georef.ts';
import { placedBounds, placedOutline } from '../manifest/placement.ts';
import { solvePlacement, type PlacementFlags } from './ifc-placement.ts';
import { readManifest, writeManifest } from './manifest-file.ts';

export interface AddBuildingOptions extends PlacementFlags {
  dir: string;
  ifcPath: string;
  id?: string;
  name?: { zh: string; en: string };
  neighbourhood?: string;
  use?: string;
  households?: number;
  floorAreaM2?: number;
  maxMemoryMb?: number;
  /** Replace an entry with the same id. */
  replace?: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface AddBuildingResult {
  entry: ManifestBuilding;
  conversion: ChildConversion;
  placementSource: string;
  /** Things the operator should know (assumptions made, values estimated). */
  notes: string[];
}

/** Distance from the community's origin past which a building is probably misplaced, metres. */
export const FAR_FROM_ORIGIN_M = 3000;

export async function addBuilding(opts: AddBuildingOptions): Promise<AddBuildingResult> {
  const manifest = await readManifest(opts.dir);
  const id = opts.id ?? basename(opts.ifcPath).replace(/\.ifc$/i, '').replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 80);
  if (!id) throw new Error(`twin: cannot make a building id from ${opts.ifcPath}; give --id`);
  const existing = manifest.buildings.findIndex((b) => b.id === id);
  if (existing >= 0 && !opts.replace) throw new Error(`twin: building "${id}" is already in the twin (use --replace to convert it again, or --id for another)`);
  const neighbourhood = opts.neighbourhood ?? manifest.community.neighbourhoods[0].id;
  if (!manifest.community.neighbourhoods.some((n) => n.id === neighbourhood)) {
    throw new Error(`twin: unknown neighbourhood "${neighbourhood}" (the twin has ${manifest.community.neighbourhoods.map((n) => n.id).join(', ')})`);
  }
  const use = (opts.use ?? 'residential') as BuildingCategory;
  if (!BUILDING_CATEGORIES.includes(use)) throw new Error(`twin: --use must be one of ${BUILDING_CATEGORIES.join(', ')} (got "${opts.use}")`);

  const conversion = await convertIfcInChild(opts.ifcPath, { outDir: join(opts.dir, 'buildings'), name: id, maxMemoryMb: opts.maxMemoryMb, onProgress: opts.onProgress });
  const index = JSON.parse(await readFile(conversion.indexPath, 'utf8')) as ElementIndexFile;
  const notes: string[] = [];
  const origin = manifest.georef.origin;
  const solved = solvePlacement(origin, index.georef, index.elements, opts);
  notes.push(...solved.warnings);
  const bounds = placedBounds(solved.placement, index.elements);
  const outline = placedOutline(solved.placement, index.elements);
  const footprint = outline.map(([e, n]) => { const [lon, lat] = enuToLonLat(origin, e, n); return [round7(lon), round7(lat)] as [number, number]; });
  const distance = Math.hypot((bounds[0] + bounds[3]) / 2, (bounds[1] + bounds[4]) / 2);
  if (distance > FAR_FROM_ORIGIN_M) notes.push(`the building lands ${(distance / 1000).toFixed(1)} km from the community's origin: check the file's georeference, or place it with --at lon,lat --heading deg`);

  const aboveGround = index.storeys.filter((s) => s.elevationM > -1);
  const floors = Math.max(1, aboveGround.length);
  const heightM = Math.max(0.1, Math.round((bounds[5] - bounds[2]) * 100) / 100);
  let floorAreaM2 = opts.floorAreaM2;
  if (floorAreaM2 === undefined) {
    floorAreaM2 = Math.max(1, Math.round(polygonArea(outline) * floors));
    notes.push(`floor area estimated as footprint × ${floors} storey${floors === 1 ? '' : 's'} = ${floorAreaM2.toLocaleString('en')} m² (give --floor-area for the surveyed figure)`);
  }
  if (index.lengthUnitM !== 1) notes.push(`the file's lengths are in ${unitName(index.lengthUnitM)}; converted to metres`);
  const rooms = index.elements.filter((e) => e.room).length;
  const name = opts.name ?? { zh: id, en: id };
  const entry: ManifestBuilding = {
    id, name, neighbourhood, use, floors, heightM, floorAreaM2, households: opts.households ?? 0,
    storeys: index.storeys.map((s) => ({ name: s.name, elevationM: s.elevationM })),
    glb: `buildings/${id}.glb`, elements: `buildings/${id}.elements.json`, ...(conversion.shell ? { shell: `buildings/${id}.shell.glb` } : {}), source: basename(opts.ifcPath),
    placement: solved.placement, bounds, footprint,
  };
  if (existing >= 0) manifest.buildings[existing] = entry; else manifest.buildings.push(entry);
  await writeManifest(opts.dir, manifest);
  if (!conversion.shell) notes.push('no walls, slabs, roofs or windows in the model: the overview draws the building as its massing at every distance');
  else if (conversion.shell.simplified) notes.push(`the BIM shell the overview draws close up was simplified to ${conversion.shell.triangles.toLocaleString('en')} triangles`);
  if (rooms) notes.push(`${rooms} rooms (IfcSpace) kept: hidden in the building view until "rooms" is switched on`);
  return { entry, conversion, placementSource: solved.source, notes };
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

function polygonArea(ring: [number, number][]): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % ring.length];
    a += x0 * y1 - x1 * y0;
  }
  return Math.abs(a) / 2;
}

function unitName(m: number): string {
  return m === 0.001 ? 'millimetres' : m === 0.01 ? 'centimetres' : m === 0.3048 ? 'feet' : m === 0.0254 ? 'inches' : `units of ${m} m`;
}
