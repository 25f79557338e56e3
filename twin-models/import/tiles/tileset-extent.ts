/**
 * Where a tileset is on the earth, from its root alone: the root bounding volume (a geographic
 * `region`, or a `box` or `sphere` taken through the root's `transform`, usually ECEF) as a centre
 * and radius in ECEF metres. Enough to tell whether a delivery lies within a community without
 * reading a tile. A box or sphere with no transform that stays near the earth's centre is in a
 * local frame: survey software forgot (or was not asked) to georeference it.
 */
import { toEcef } from '../../manifest/georef.ts';

export interface TilesetExtent {
  /** ECEF metres. */
  centre: [number, number, number];
  /** Radius of a sphere around `centre` holding the whole root volume, metres. */
  radiusM: number;
  /** Which root volume it came from. */
  volume: 'region' | 'box' | 'sphere';
  /** False when the volume sits far below the earth's surface: a local frame without an ECEF transform. */
  georeferenced: boolean;
}

interface RootTile {
  boundingVolume?: { region?: number[]; box?: number[]; sphere?: number[] };
  transform?: number[];
}

/** Points this far from the earth's centre or closer are not on its surface, metres (the surface is 6,357–6,378 km out). */
const BELOW_SURFACE_M = 6_000_000;

/** The root's extent, or null when the root has no usable volume (the validator names that). */
export function tilesetExtent(root: RootTile | undefined): TilesetExtent | null {
  const bv = root?.boundingVolume;
  if (!bv) return null;
  if (bv.region?.length === 6) {
    const [w, s, e, n, lo, hi] = bv.region;
    const deg = (r: number) => (r * 180) / Math.PI;
    const corners: [number, number, number][] = [];
    for (const lon of [w, e, (w + e) / 2]) for (const lat of [s, n, (s + n) / 2]) for (const h of [lo, hi]) corners.push(toEcef({ longitude: deg(lon), latitude: deg(lat), height: h }));
    const centre = toEcef({ longitude: deg((w + e) / 2), latitude: deg((s + n) / 2), height: (lo + hi) / 2 });
    return { centre, radiusM: Math.max(...corners.map((c) => dist(c, centre))), volume: 'region', georeferenced: true };
  }
  const m = root?.transform?.length === 16 ? root.transform : IDENTITY;
  if (bv.box?.length === 12) {
    const b = bv.box;
    const centre = point(m, b[0], b[1], b[2]);
    const axes = [vector(m, b[3], b[4], b[5]), vector(m, b[6], b[7], b[8]), vector(m, b[9], b[10], b[11])];
    let radiusM = 0;
    for (const i of [-1, 1]) for (const j of [-1, 1]) for (const k of [-1, 1]) {
      radiusM = Math.max(radiusM, Math.hypot(...[0, 1, 2].map((c) => i * axes[0][c] + j * axes[1][c] + k * axes[2][c])));
    }
    return { centre, radiusM, volume: 'box', georeferenced: Math.hypot(...centre) > BELOW_SURFACE_M };
  }
  if (bv.sphere?.length === 4) {
    const [x, y, z, r] = bv.sphere;
    const centre = point(m, x, y, z);
    const scale = Math.max(...[0, 1, 2].map((c) => Math.hypot(m[c * 4], m[c * 4 + 1], m[c * 4 + 2])));
    return { centre, radiusM: r * scale, volume: 'sphere', georeferenced: Math.hypot(...centre) > BELOW_SURFACE_M };
  }
  return null;
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** A column-major 4×4 matrix applied to a point. */
function point(m: number[], x: number, y: number, z: number): [number, number, number] {
  const v = vector(m, x, y, z);
  return [v[0] + m[12], v[1] + m[13], v[2] + m[14]];
}

function vector(m: number[], x: number, y: number, z: number): [number, number, number] {
  return [m[0] * x + m[4] * y + m[8] * z, m[1] * x + m[5] * y + m[9] * z, m[2] * x + m[6] * y + m[10] * z];
}

export function dist(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
