/**
 * What an IFC file says about where it is on Earth, read as written (the maths that turns it into
 * a placement is in manifest/ifc-placement.ts):
 *
 * - IfcMapConversion (IFC4 and later): the model's engineering origin in a projected CRS
 *   (eastings, northings, orthogonal height), the direction of its x axis on the map grid and a
 *   scale; the CRS is the IfcProjectedCRS it targets (name such as `EPSG:4545`, map unit).
 * - IfcSite RefLatitude / RefLongitude / RefElevation (every schema): the site's origin in WGS84,
 *   with the model context's TrueNorth giving the rotation.
 *
 * Lengths are converted to metres here: the file's length unit for site elevation and positions,
 * the CRS's map unit (or the project's, when it names none) for eastings and northings.
 */
import * as WebIfc from 'web-ifc';
import { ids, metresPerUnit, text } from './ifc-model.ts';

export interface IfcMapConversionInfo {
  /** Name of the target CRS as written, e.g. `EPSG:4545`. */
  crs: string;
  crsDescription: string;
  /** Eastings, northings and orthogonal height of the model's origin, metres. */
  eastingsM: number;
  northingsM: number;
  orthogonalHeightM: number;
  /** The model's x axis in grid coordinates (not necessarily unit length: normalised when used). */
  xAxisAbscissa: number;
  xAxisOrdinate: number;
  /** Grid metres per model metre (the file's Scale with the unit conversion taken out). */
  scale: number;
}

export interface IfcSiteReference {
  latitude: number;
  longitude: number;
  /** RefElevation, metres (0 when unset). */
  elevationM: number;
  /** Where the site's origin lies in the model's coordinates (IFC Z-up), metres. */
  originM: [number, number, number];
}

export interface IfcGeoreference {
  mapConversion: IfcMapConversionInfo | null;
  site: IfcSiteReference | null;
  /** Angle of true north from the model's +Y axis, counter-clockwise, degrees (TrueNorth of the 3D context; 0 when unset). */
  trueNorthDeg: number;
}

/** Reads the georeference of an opened model whose length unit is `lengthUnitM` metres. */
export function readIfcGeoreference(api: WebIfc.IfcAPI, modelId: number, lengthUnitM: number): IfcGeoreference {
  return { mapConversion: mapConversionOf(api, modelId, lengthUnitM), site: siteOf(api, modelId, lengthUnitM), trueNorthDeg: trueNorthOf(api, modelId) };
}

const num = (v: any, fallback = 0): number => {
  const n = Number(v?.value ?? v);
  return Number.isFinite(n) ? n : fallback;
};

function mapConversionOf(api: WebIfc.IfcAPI, modelId: number, lengthUnitM: number): IfcMapConversionInfo | null {
  const types = [WebIfc.IFCMAPCONVERSION, (WebIfc as any).IFCMAPCONVERSIONSCALED].filter((t) => typeof t === 'number');
  for (const type of types) {
    let found: number[];
    try { found = ids(api.GetLineIDsWithType(modelId, type)); } catch { continue; }
    for (const id of found) {
      const line = api.GetLine(modelId, id, true);
      const crs = line.TargetCRS;
      const mapUnitM = metresPerUnit(crs?.MapUnit) ?? lengthUnitM;
      // IFC: map = eastings + Scale × (rotated local coordinates in the project's unit), in map units.
      // A file that leaves Scale out relies on the units alone; one that gives it means it as written.
      const written = line.Scale == null ? null : num(line.Scale, 1);
      const scaleInMapUnits = written ?? lengthUnitM / mapUnitM;
      return {
        crs: text(crs?.Name),
        crsDescription: text(crs?.Description),
        eastingsM: num(line.Eastings) * mapUnitM,
        northingsM: num(line.Northings) * mapUnitM,
        orthogonalHeightM: num(line.OrthogonalHeight) * mapUnitM,
        xAxisAbscissa: line.XAxisAbscissa == null ? 1 : num(line.XAxisAbscissa, 1),
        xAxisOrdinate: line.XAxisOrdinate == null ? 0 : num(line.XAxisOrdinate, 0),
        scale: (scaleInMapUnits * mapUnitM) / lengthUnitM,
      };
    }
  }
  return null;
}

/** IfcCompoundPlaneAngleMeasure (degrees, minutes, seconds, millionths of a second) → decimal degrees. */
export function compoundAngleDeg(v: any): number | null {
  const parts = (Array.isArray(v?.value) ? v.value : Array.isArray(v) ? v : null)?.map((p: any) => num(p));
  if (!parts || parts.length < 3) return null;
  const [d, m, s, u = 0] = parts;
  return d + m / 60 + (s + u / 1e6) / 3600;
}

function siteOf(api: WebIfc.IfcAPI, modelId: number, lengthUnitM: number): IfcSiteReference | null {
  for (const id of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCSITE))) {
    const line = api.GetLine(modelId, id, true);
    const latitude = compoundAngleDeg(line.RefLatitude);
    const longitude = compoundAngleDeg(line.RefLongitude);
    if (latitude === null || longitude === null || (latitude === 0 && longitude === 0)) continue;
    return { latitude, longitude, elevationM: num(line.RefElevation) * lengthUnitM, originM: placementOrigin(line.ObjectPlacement, lengthUnitM) };
  }
  return null;
}

/** Origin of an IfcLocalPlacement chain in model coordinates (translations only: sites are rarely rotated against the world). */
function placementOrigin(p: any, lengthUnitM: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let depth = 0; p && depth < 16; depth++, p = p.PlacementRelTo) {
    const c = p.RelativePlacement?.Location?.Coordinates ?? [];
    for (let k = 0; k < 3; k++) out[k] += num(c[k]) * lengthUnitM;
  }
  return out;
}

function trueNorthOf(api: WebIfc.IfcAPI, modelId: number): number {
  for (const id of ids(api.GetLineIDsWithType(modelId, WebIfc.IFCGEOMETRICREPRESENTATIONCONTEXT))) {
    const line = api.GetLine(modelId, id, true);
    if (line.type !== WebIfc.IFCGEOMETRICREPRESENTATIONCONTEXT) continue; // sub-contexts share the type tree
    const r = line.TrueNorth?.DirectionRatios;
    if (!r || r.length < 2) continue;
    const x = num(r[0]);
    const y = num(r[1]);
    if (x === 0 && y === 0) continue;
    // TrueNorth is north's direction in model XY; its angle from +Y, counter-clockwise.
    return (Math.atan2(-x, y) * 180) / Math.PI;
  }
  return 0;
}
