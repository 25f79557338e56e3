/**
 * Where an imported building goes in its community (manifest `placement`, see
 * manifest/placement.ts for the rule), from the IFC file's own georeference or from the operator's
 * flags. IfcMapConversion is preferred to IfcSite's latitude/longitude: it is exact to the grid,
 * where RefLatitude/RefLongitude are often rounded or left at an authoring tool's default.
 *
 * The placement is solved at the centre of the building, not at the model's origin: buildingSMART
 * samples and survey-based models keep map coordinates (hundreds of kilometres) in their own
 * placements, where a local tangent plane at the origin would be wrong.
 *
 * Heights are taken in the vertical reference of the twin's origin (orthogonal height and
 * RefElevation are usually above sea level; give the origin's height the same way).
 */
import type { IfcGeoreference } from '../import/ifc/ifc-georef.ts';
import { enuToLonLat, lonLatToEnu, type GeoOrigin } from '../manifest/georef.ts';
import { gridProjection, KNOWN_CRS } from '../manifest/crs.ts';
import { glbToEnu, massingElements, type BoxedElement } from '../manifest/placement.ts';
import type { Placement } from '../manifest/manifest-types.ts';

export interface PlacementFlags {
  /** WGS84 longitude, latitude and (optionally) height of the model's origin. */
  at?: [number, number, number?];
  headingDeg?: number;
}

export interface SolvedPlacement {
  placement: Placement;
  /** What it came from, in words for the operator. */
  source: string;
  warnings: string[];
}

/** A point of the IFC model (Z-up metres) → WGS84 longitude, latitude, height; null when the file has no georeference this product can use. */
export function ifcToLonLat(georef: IfcGeoreference, warnings: string[] = []): ((x: number, y: number, z: number) => [number, number, number]) | null {
  const mc = georef.mapConversion;
  if (mc) {
    const grid = gridProjection(mc.crs);
    if (!grid) {
      warnings.push(`IfcMapConversion targets "${mc.crs}", which is not a CRS shipped here (${KNOWN_CRS}); ${georef.site ? 'IfcSite latitude/longitude used instead' : 'give --at and --heading'}`);
    } else {
      const len = Math.hypot(mc.xAxisAbscissa, mc.xAxisOrdinate) || 1;
      const a = mc.xAxisAbscissa / len;
      const b = mc.xAxisOrdinate / len;
      let k = mc.scale;
      if (!(k > 0.9 && k < 1.1)) {
        // A Scale of 1000 or 0.001 is a unit mistake (a millimetre model given Scale 1), not a grid factor.
        warnings.push(`IfcMapConversion Scale gives ${k} grid metres per model metre; taken as 1 (the scale looks like a unit mistake)`);
        k = 1;
      }
      return (x, y, z) => {
        const [lon, lat] = grid.toLonLat(mc.eastingsM + k * (a * x - b * y), mc.northingsM + k * (b * x + a * y));
        return [lon, lat, mc.orthogonalHeightM + k * z];
      };
    }
  }
  const site = georef.site;
  if (site) {
    const h = (-georef.trueNorthDeg * Math.PI) / 180;
    const c = Math.cos(h);
    const s = Math.sin(h);
    const at: GeoOrigin = { longitude: site.longitude, latitude: site.latitude, height: site.elevationM };
    return (x, y, z) => {
      const dx = x - site.originM[0];
      const dy = y - site.originM[1];
      return enuToLonLat(at, c * dx - s * dy, s * dx + c * dy, z - site.originM[2]);
    };
  }
  return null;
}

/** The building's placement in a twin with origin `origin`: from flags when given, else from the file. */
export function solvePlacement(origin: GeoOrigin, georef: IfcGeoreference, elements: readonly BoxedElement[], flags: PlacementFlags = {}): SolvedPlacement {
  const warnings: string[] = [];
  if (flags.at) {
    const [lon, lat, height] = flags.at;
    const [east, north, up] = lonLatToEnu(origin, lon, lat, height ?? origin.height);
    if (georef.mapConversion || georef.site) warnings.push('the file has its own georeference; --at given, so it was not used');
    return { placement: rounded({ east, north, up, headingDeg: flags.headingDeg ?? 0 }), source: `--at ${lon},${lat}${height === undefined ? '' : `,${height}`} --heading ${flags.headingDeg ?? 0}`, warnings };
  }
  const toLonLat = ifcToLonLat(georef, warnings);
  if (!toLonLat) {
    throw new Error(`the file has no georeference (no IfcMapConversion, no IfcSite RefLatitude/RefLongitude)${warnings.length ? ` it can use: ${warnings.join('; ')}` : ''}; place it with --at lon,lat[,height] --heading deg`);
  }
  // Solve at the middle of the building: its glTF centre, as an IFC point (x, −z, y).
  const box = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (const e of massingElements(elements)) for (let k = 0; k < 3; k++) { box[k] = Math.min(box[k], e.bbox[k]); box[k + 3] = Math.max(box[k + 3], e.bbox[k + 3]); }
  const [gx, gy, gz] = [0, 1, 2].map((k) => (Number.isFinite(box[k]) ? (box[k] + box[k + 3]) / 2 : 0));
  const [mx, my, mz] = [gx, -gz, gy];
  const p0 = lonLatToEnu(origin, ...toLonLat(mx, my, mz));
  const STEP = 100;
  const p1 = lonLatToEnu(origin, ...toLonLat(mx + STEP, my, mz));
  const headingDeg = (Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI;
  const turned = glbToEnu({ east: 0, north: 0, up: 0, headingDeg }, gx, gy, gz);
  const placement = rounded({ east: p0[0] - turned[0], north: p0[1] - turned[1], up: p0[2] - turned[2], headingDeg });
  const source = georef.mapConversion && !warnings.some((w) => w.startsWith('IfcMapConversion targets'))
    ? `IfcMapConversion (${georef.mapConversion.crs}, E ${georef.mapConversion.eastingsM.toFixed(3)} m, N ${georef.mapConversion.northingsM.toFixed(3)} m)`
    : `IfcSite RefLatitude/RefLongitude (${georef.site!.latitude.toFixed(7)}, ${georef.site!.longitude.toFixed(7)})`;
  return { placement, source, warnings };
}

function rounded(p: Placement): Placement {
  const r = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  return { east: r(p.east, 3), north: r(p.north, 3), up: r(p.up, 3), headingDeg: r(((p.headingDeg + 540) % 360) - 180, 4) };
}
