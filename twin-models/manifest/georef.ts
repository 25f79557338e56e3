/**
 * Georeferencing: WGS84 longitude/latitude/height ↔ a local east-north-up frame in metres.
 *
 * CGCS2000 (China's datum) and WGS84 agree to within centimetres at community scale, so a CGCS2000
 * survey point can be used as-is. Chinese web basemaps (高德/腾讯, GCJ-02) are deliberately shifted
 * by hundreds of metres: coordinates read off them must be converted before they are used here.
 *
 * glTF models in the twin are Y-up: glTF +X = east, +Y = up, −Z = north (the same convention
 * 3D Tiles uses when it rotates glTF content into its Z-up frame).
 */

export interface GeoOrigin {
  /** Degrees east. */
  longitude: number;
  /** Degrees north. */
  latitude: number;
  /** Metres above the WGS84 ellipsoid. */
  height: number;
}

const A = 6378137.0; // WGS84 semi-major axis, m
const F = 1 / 298.257223563;
const E2 = F * (2 - F);
const RAD = Math.PI / 180;

/** Earth-centred, earth-fixed coordinates (metres) of a WGS84 position. */
export function toEcef(o: GeoOrigin): [number, number, number] {
  const lon = o.longitude * RAD;
  const lat = o.latitude * RAD;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  return [
    (n + o.height) * Math.cos(lat) * Math.cos(lon),
    (n + o.height) * Math.cos(lat) * Math.sin(lon),
    (n * (1 - E2) + o.height) * Math.sin(lat),
  ];
}

/** Column-major 4×4 matrix taking local east-north-up metres at `o` to ECEF (a 3D Tiles `transform`). */
export function enuToEcefMatrix(o: GeoOrigin): number[] {
  const lon = o.longitude * RAD;
  const lat = o.latitude * RAD;
  const [x, y, z] = toEcef(o);
  const east = [-Math.sin(lon), Math.cos(lon), 0];
  const north = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const up = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  return [...east, 0, ...north, 0, ...up, 0, x, y, z, 1];
}

/** Metres east and north of `o` for a nearby longitude/latitude (local tangent plane; fine within a few km). */
export function lonLatToEnu(o: GeoOrigin, longitude: number, latitude: number, height = o.height): [number, number, number] {
  const lat = o.latitude * RAD;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  const m = (A * (1 - E2)) / (1 - E2 * Math.sin(lat) ** 2) ** 1.5;
  return [(longitude - o.longitude) * RAD * n * Math.cos(lat), (latitude - o.latitude) * RAD * m, height - o.height];
}

/** Inverse of lonLatToEnu: the longitude/latitude/height of a point given in local metres. */
export function enuToLonLat(o: GeoOrigin, east: number, north: number, up = 0): [number, number, number] {
  const lat = o.latitude * RAD;
  const n = A / Math.sqrt(1 - E2 * Math.sin(lat) ** 2);
  const m = (A * (1 - E2)) / (1 - E2 * Math.sin(lat) ** 2) ** 1.5;
  return [o.longitude + east / (n * Math.cos(lat)) / RAD, o.latitude + north / m / RAD, o.height + up];
}
