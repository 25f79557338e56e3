/**
 * Projected coordinate systems a customer's files come in, as proj4 definitions shipped in code
 * (no lookup service: the product runs offline). proj4 itself knows WGS84 (EPSG:4326) and Web
 * Mercator (EPSG:3857); added here:
 *
 * - CGCS2000 3-degree Gauss–Krüger, EPSG:4513–4533 (zones 25–45, the false easting carries the zone
 *   number, e.g. 36 500 000 m) and EPSG:4534–4554 (central meridians 75°E–135°E, false easting
 *   500 000 m): Chinese survey grids, e.g. EPSG:4545 (108°E) around Chongqing;
 * - CGCS2000 6-degree Gauss–Krüger, EPSG:4491–4501 (zones 13–23, prefixed) and EPSG:4502–4512;
 * - CGCS2000 geographic (EPSG:4490) and WGS84 UTM (EPSG:32601–32660 north, 32701–32760 south).
 *
 * CGCS2000 and WGS84 agree to centimetres, so the datum shift is taken as none (towgs84 zero).
 */
import proj4 from 'proj4';

const CGCS2000 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/** The proj4 definition of an EPSG code this product knows, or null. */
export function crsDefinition(code: number): string | null {
  if (code === 4326) return '+proj=longlat +datum=WGS84 +no_defs';
  if (code === 4490) return `+proj=longlat ${CGCS2000}`;
  if (code === 3857) return '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs';
  const tm = (lon0: number, x0: number) => `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 ${CGCS2000}`;
  if (code >= 4513 && code <= 4533) { const zone = code - 4488; return tm(zone * 3, zone * 1e6 + 500_000); }
  if (code >= 4534 && code <= 4554) return tm(75 + (code - 4534) * 3, 500_000);
  if (code >= 4491 && code <= 4501) { const zone = code - 4478; return tm(zone * 6 - 3, zone * 1e6 + 500_000); }
  if (code >= 4502 && code <= 4512) return tm(75 + (code - 4502) * 6, 500_000);
  if (code >= 32601 && code <= 32660) return `+proj=utm +zone=${code - 32600} +datum=WGS84 +units=m +no_defs`;
  if (code >= 32701 && code <= 32760) return `+proj=utm +zone=${code - 32700} +south +datum=WGS84 +units=m +no_defs`;
  return null;
}

/** EPSG code of a CRS name as IFC files write it: `EPSG:4545`, `epsg 4545`, `urn:ogc:def:crs:EPSG::4545`. */
export function epsgCode(name: string): number | null {
  const m = /EPSG\D{0,3}(\d{4,5})\s*$/i.exec(name.trim());
  return m ? Number(m[1]) : null;
}

export interface GridProjection {
  code: number;
  /** Grid eastings/northings (metres) → WGS84 [longitude, latitude]. */
  toLonLat(e: number, n: number): [number, number];
  /** WGS84 longitude/latitude → grid [eastings, northings]. */
  fromLonLat(lon: number, lat: number): [number, number];
}

/** A projection for a CRS name, or null when the name is not one shipped here (the error says which are). */
export function gridProjection(name: string): GridProjection | null {
  const code = epsgCode(name);
  const def = code === null ? null : crsDefinition(code);
  if (code === null || !def) return null;
  const p = proj4(def, 'WGS84');
  return {
    code,
    toLonLat: (e, n) => p.forward([e, n]) as [number, number],
    fromLonLat: (lon, lat) => p.inverse([lon, lat]) as [number, number],
  };
}

export const KNOWN_CRS = 'EPSG:4326, 4490 (CGCS2000), 3857, 4491–4554 (CGCS2000 Gauss–Krüger 3° and 6° zones), 32601–32760 (WGS84 UTM)';
