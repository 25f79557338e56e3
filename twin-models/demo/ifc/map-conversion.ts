/**
 * From the community's geographic origin to the numbers IfcMapConversion needs.
 *
 * IfcMapConversion says where the model's local origin lies in a *projected* CRS (eastings, northings)
 * and which way the local x axis points on that map grid. Writing a real EPSG code with made-up
 * eastings would silently misplace the model in any GIS-aware importer, so the CGCS2000 3-degree
 * Gauss–Krüger grids used for Chongqing surveys are actually projected here; any other CRS name is
 * treated as a description of a local east-north-up frame (eastings = northings = 0).
 */

/** CGCS2000 ellipsoid (differs from WGS84 by 0.1 mm in the semi-minor axis). */
const A = 6378137;
const F = 1 / 298.257222101;

/** Transverse Mercator grid parameters. */
export interface TransverseMercator {
  centralMeridianDeg: number;
  falseEastingM: number;
  scaleFactor: number;
}

/**
 * The Gauss–Krüger grid behind a CGCS2000 3-degree EPSG code, or null if the code is not one:
 * EPSG:4513–4533 are zones 25–45 (false easting carries the zone prefix, e.g. 36 500 000 m),
 * EPSG:4534–4554 the same central meridians 75°E–135°E without the prefix (false easting 500 000 m).
 */
export function cgcs2000GaussKruger(crsName: string): TransverseMercator | null {
  const m = /^EPSG:(\d+)$/i.exec(crsName.trim());
  const code = m ? Number(m[1]) : NaN;
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4488;
    return { centralMeridianDeg: zone * 3, falseEastingM: zone * 1e6 + 500_000, scaleFactor: 1 };
  }
  if (code >= 4534 && code <= 4554) {
    return { centralMeridianDeg: 75 + (code - 4534) * 3, falseEastingM: 500_000, scaleFactor: 1 };
  }
  return null;
}

/**
 * Projects longitude/latitude (degrees) to grid eastings/northings (metres) with Krüger's series to n³,
 * good to well under a millimetre within a few degrees of the central meridian.
 */
export function projectTransverseMercator(tm: TransverseMercator, lonDeg: number, latDeg: number): { e: number; n: number } {
  const n = F / (2 - F);
  const rectifyingRadius = (A / (1 + n)) * (1 + (n * n) / 4 + (n ** 4) / 64);
  const alpha = [n / 2 - (2 * n * n) / 3 + (5 * n ** 3) / 16, (13 * n * n) / 48 - (3 * n ** 3) / 5, (61 * n ** 3) / 240];
  const ecc = (2 * Math.sqrt(n)) / (1 + n);
  const phi = (latDeg * Math.PI) / 180;
  const dLambda = ((lonDeg - tm.centralMeridianDeg) * Math.PI) / 180;
  const t = Math.sinh(Math.atanh(Math.sin(phi)) - ecc * Math.atanh(ecc * Math.sin(phi)));
  const xi = Math.atan2(t, Math.cos(dLambda));
  const eta = Math.atanh(Math.sin(dLambda) / Math.sqrt(1 + t * t));
  let e = eta;
  let north = xi;
  alpha.forEach((a, i) => {
    const j = 2 * (i + 1);
    e += a * Math.cos(j * xi) * Math.sinh(j * eta);
    north += a * Math.sin(j * xi) * Math.cosh(j * eta);
  });
  return { e: tm.falseEastingM + tm.scaleFactor * rectifyingRadius * e, n: tm.scaleFactor * rectifyingRadius * north };
}

/** The numeric part of an IfcMapConversion. */
export interface MapConversionValues {
  eastings: number;
  northings: number;
  orthogonalHeight: number;
  /** Local x axis (true east at the origin) expressed in grid coordinates: cos/sin of the grid convergence. */
  xAxisAbscissa: number;
  xAxisOrdinate: number;
  /** Grid distance per local metre at the origin (TM point scale factor). */
  scale: number;
}

/**
 * IfcMapConversion values for a local east-north-up frame whose origin is at `lonDeg`, `latDeg`, `heightM`.
 * The x-axis direction and scale are taken from the projection itself (a 1 m step east along the parallel),
 * which gives the meridian convergence and point scale without separate formulas to get wrong.
 */
export function mapConversionFor(crsName: string, lonDeg: number, latDeg: number, heightM: number): MapConversionValues {
  const tm = cgcs2000GaussKruger(crsName);
  if (!tm) return { eastings: 0, northings: 0, orthogonalHeight: heightM, xAxisAbscissa: 1, xAxisOrdinate: 0, scale: 1 };
  const origin = projectTransverseMercator(tm, lonDeg, latDeg);
  const phi = (latDeg * Math.PI) / 180;
  const e2 = F * (2 - F);
  const primeVerticalRadius = A / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const oneMetreEastDeg = ((1 / (primeVerticalRadius * Math.cos(phi))) * 180) / Math.PI;
  const east = projectTransverseMercator(tm, lonDeg + oneMetreEastDeg, latDeg);
  const dx = east.e - origin.e;
  const dy = east.n - origin.n;
  const len = Math.hypot(dx, dy);
  return { eastings: origin.e, northings: origin.n, orthogonalHeight: heightM, xAxisAbscissa: dx / len, xAxisOrdinate: dy / len, scale: len };
}
