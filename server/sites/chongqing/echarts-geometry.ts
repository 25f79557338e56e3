/**
 * ECharts' compressed GeoJSON (`UTF8Encoding: true`) decoded into RFC 7946 geometry. Each ring is
 * one string: pairs of UTF-16 code units, each `64 + zigzag(delta)` of a coordinate quantized at
 * `1 / encodeScale` degrees, the deltas starting from the ring's `encodeOffsets` pair. This is the
 * algorithm of echarts' own decoder (src/coord/geo/parseGeoJson.ts, decodePolygon).
 */
import type { SiteBoundary } from '../../../streams/sites/site-record.ts';

export const ECHARTS_ENCODE_SCALE = 1024;

export type EchartsGeometry =
  | { type: 'Polygon'; coordinates: string[]; encodeOffsets: number[][] }
  | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: number[][][] };

/** One encoded ring as [lon, lat] positions, exactly as echarts decodes it (no rounding). */
export function decodeEchartsRing(encoded: string, offset: number[], scale = ECHARTS_ENCODE_SCALE): number[][] {
  if (encoded.length % 2 !== 0) throw new Error(`ECharts ring has an odd number of code units (${encoded.length})`);
  if (offset.length !== 2 || !offset.every(Number.isFinite)) throw new Error(`ECharts encodeOffsets must be a pair of numbers, got ${JSON.stringify(offset)}`);
  const ring: number[][] = [];
  let x = offset[0];
  let y = offset[1];
  for (let i = 0; i < encoded.length; i += 2) {
    x += unzigzag(encoded.charCodeAt(i) - 64);
    y += unzigzag(encoded.charCodeAt(i + 1) - 64);
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

/**
 * A whole encoded geometry as a clean RFC 7946 boundary: positions rounded to `decimals`, repeated
 * positions dropped, rings closed, exterior rings counter-clockwise and holes clockwise, rings that
 * collapse to fewer than three distinct positions (slivers of the source) dropped. A MultiPolygon
 * left with one polygon becomes a Polygon.
 */
export function decodeEchartsGeometry(geometry: EchartsGeometry, decimals = 4, scale = ECHARTS_ENCODE_SCALE): SiteBoundary {
  const encodedPolygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const offsets = geometry.type === 'Polygon' ? [geometry.encodeOffsets] : geometry.encodeOffsets;
  if (!Array.isArray(encodedPolygons) || !Array.isArray(offsets) || offsets.length !== encodedPolygons.length) {
    throw new Error(`ECharts ${geometry.type} needs one encodeOffsets entry per polygon`);
  }
  const polygons: number[][][][] = [];
  encodedPolygons.forEach((rings, p) => {
    const clean: number[][][] = [];
    rings.forEach((encoded, r) => {
      const ring = cleanRing(decodeEchartsRing(encoded, offsets[p][r], scale), decimals);
      if (!ring) return;
      const exterior = clean.length === 0;
      if (!exterior || r === 0) clean.push(orient(ring, exterior));
    });
    if (clean.length > 0) polygons.push(clean);
  });
  if (polygons.length === 0) throw new Error(`ECharts ${geometry.type} has no ring with three distinct positions`);
  return polygons.length === 1 ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
}

/** Rounded, without repeats, closed; null when fewer than three distinct positions remain. */
function cleanRing(ring: number[][], decimals: number): number[][] | null {
  const factor = 10 ** decimals;
  const round = (v: number) => Math.round(v * factor) / factor;
  const out: number[][] = [];
  for (const [lon, lat] of ring) {
    const p = [round(lon), round(lat)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && samePosition(out[0], out[out.length - 1])) out.pop();
  if (out.length < 3 || signedArea(out) === 0) return null;
  out.push([...out[0]]);
  return out;
}

/** RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise. */
function orient(ring: number[][], exterior: boolean): number[][] {
  const ccw = signedArea(ring) > 0;
  return ccw === exterior ? ring : [...ring].reverse();
}

/** Shoelace area in degrees²; positive when counter-clockwise. */
export function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

const samePosition = (a: number[], b: number[]) => a[0] === b[0] && a[1] === b[1];
const unzigzag = (v: number) => (v >> 1) ^ -(v & 1);
