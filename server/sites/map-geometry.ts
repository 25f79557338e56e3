/**
 * Plane geometry for the city map, in longitude/latitude with longitudes scaled by cos(latitude)
 * where distances matter (Chongqing spans 4°, so a local equirectangular frame is close enough for
 * spacing points and simplifying outlines; nothing here is used for measuring).
 */
import type { SiteBoundary } from '../../streams/sites/site-record.ts';
import type { LonLat, MapPolygon } from '../../streams/sites/city-map.ts';

export type Bounds = [west: number, south: number, east: number, north: number];

/** An area points may be placed in: inside the polygons (when any) and within the circle (when given). */
export interface PlacementRegion {
  polygons: MapPolygon[];
  circle?: { centre: LonLat; radiusDeg: number };
}

export const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;
const roundPoint = (p: readonly number[]): LonLat => [round5(p[0]!), round5(p[1]!)];

/** A boundary's polygons (a Polygon is one). */
export function polygonsOf(b: SiteBoundary): MapPolygon[] {
  const polys = b.type === 'Polygon' ? [b.coordinates] : b.coordinates;
  return polys.map((rings) => rings.map((ring) => ring.map(roundPoint)));
}

/**
 * Douglas–Peucker on one closed ring, tolerance in degrees; a ring is kept with at least four
 * points (a triangle, closed), so a small island does not vanish.
 */
export function simplifyRing(ring: readonly LonLat[], tolerance: number): LonLat[] {
  if (ring.length <= 5) return ring.map((p) => [p[0], p[1]]);
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  // The ring is closed, so split it at its farthest point from the start: two open chains.
  let far = 1;
  let farD = -1;
  for (let i = 1; i < ring.length - 1; i++) {
    const d = (ring[i]![0] - ring[0]![0]) ** 2 + (ring[i]![1] - ring[0]![1]) ** 2;
    if (d > farD) { farD = d; far = i; }
  }
  keep[far] = 1;
  const stack: [number, number][] = [[0, far], [far, ring.length - 1]];
  const tol2 = tolerance * tolerance;
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    let index = -1;
    let maxD = tol2;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(ring[i]!, ring[a]!, ring[b]!);
      if (d > maxD) { maxD = d; index = i; }
    }
    if (index >= 0) {
      keep[index] = 1;
      stack.push([a, index], [index, b]);
    }
  }
  let out = ring.filter((_p, i) => keep[i] === 1);
  if (out.length < 4) out = [ring[0]!, ring[Math.floor(ring.length / 3)]!, ring[Math.floor((2 * ring.length) / 3)]!, ring[ring.length - 1]!];
  return out.map((p) => [p[0], p[1]]);
}

function segmentDistance2(p: LonLat, a: LonLat, b: LonLat): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return (p[0] - a[0] - t * dx) ** 2 + (p[1] - a[1] - t * dy) ** 2;
}

export function simplifyPolygons(polygons: readonly MapPolygon[], tolerance: number): MapPolygon[] {
  return polygons.map((rings) => rings.map((r) => simplifyRing(r, tolerance)));
}

export function pointCount(polygons: readonly MapPolygon[]): number {
  let n = 0;
  for (const rings of polygons) for (const r of rings) n += r.length;
  return n;
}

/** Even-odd ray casting over every ring of every polygon, so holes count. */
export function insidePolygons(polygons: readonly MapPolygon[], lon: number, lat: number): boolean {
  let inside = false;
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

export function insideRegion(region: PlacementRegion, lon: number, lat: number): boolean {
  const c = region.circle;
  if (c && distanceDeg(c.centre, [lon, lat]) > c.radiusDeg) return false;
  return region.polygons.length === 0 || insidePolygons(region.polygons, lon, lat);
}

/** Distance in degrees of latitude, longitudes scaled by the cosine of the mean latitude. */
export function distanceDeg(a: LonLat, b: LonLat): number {
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * k, a[1] - b[1]);
}

export function boundsOfPolygons(polygons: readonly MapPolygon[]): Bounds | null {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const rings of polygons) {
    for (const [lon, lat] of rings[0] ?? []) {
      if (lon < w) w = lon;
      if (lon > e) e = lon;
      if (lat < s) s = lat;
      if (lat > n) n = lat;
    }
  }
  return w === Infinity ? null : [w, s, e, n];
}

export function boundsOfRegion(region: PlacementRegion): Bounds | null {
  const poly = boundsOfPolygons(region.polygons);
  const c = region.circle;
  if (!c) return poly;
  const k = Math.cos((c.centre[1] * Math.PI) / 180);
  const circle: Bounds = [c.centre[0] - c.radiusDeg / k, c.centre[1] - c.radiusDeg, c.centre[0] + c.radiusDeg / k, c.centre[1] + c.radiusDeg];
  if (!poly) return circle;
  const both: Bounds = [Math.max(poly[0], circle[0]), Math.max(poly[1], circle[1]), Math.min(poly[2], circle[2]), Math.min(poly[3], circle[3])];
  return both[0] < both[2] && both[1] < both[3] ? both : circle;
}

export function unionBounds(a: Bounds | null, b: Bounds | null): Bounds | null {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** Area of a region in square degrees (latitude-scaled), estimated by sampling where it is not a plain shape. */
function regionArea(region: PlacementRegion, box: Bounds): number {
  const k = Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
  const boxArea = (box[2] - box[0]) * k * (box[3] - box[1]);
  const rng = mulberry32(0x9e3779b9);
  let hits = 0;
  const N = 400;
  for (let i = 0; i < N; i++) {
    if (insideRegion(region, box[0] + rng() * (box[2] - box[0]), box[1] + rng() * (box[3] - box[1]))) hits++;
  }
  return (boxArea * Math.max(hits, 1)) / N;
}

/**
 * A point to put a label on: the centroid of the largest polygon's outer ring when it lies inside,
 * else the inside point of a coarse grid nearest to it (a crescent's centroid is outside it).
 */
export function labelPoint(polygons: readonly MapPolygon[]): LonLat {
  let best: LonLat[] = [];
  let bestArea = -1;
  for (const rings of polygons) {
    const a = Math.abs(ringArea(rings[0] ?? []));
    if (a > bestArea) { bestArea = a; best = rings[0] ?? []; }
  }
  const c = ringCentroid(best);
  if (insidePolygons(polygons, c[0], c[1])) return roundPoint(c);
  const box = boundsOfPolygons(polygons)!;
  let pick: LonLat = c;
  let pickD = Infinity;
  const steps = 24;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const p: LonLat = [box[0] + ((box[2] - box[0]) * i) / steps, box[1] + ((box[3] - box[1]) * j) / steps];
      if (!insidePolygons(polygons, p[0], p[1])) continue;
      const d = distanceDeg(p, c);
      if (d < pickD) { pickD = d; pick = p; }
    }
  }
  return roundPoint(pick);
}

function ringArea(ring: readonly LonLat[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return a / 2;
}

function ringCentroid(ring: readonly LonLat[]): LonLat {
  const a = ringArea(ring);
  if (ring.length === 0) return [0, 0];
  if (Math.abs(a) < 1e-12) return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
  let cx = 0, cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
    cx += (ring[j]![0] + ring[i]![0]) * f;
    cy += (ring[j]![1] + ring[i]![1]) * f;
  }
  return [cx / (6 * a), cy / (6 * a)];
}

/** Tries per point before the spacing is relaxed to the best spot found. */
const TRIES = 80;

/**
 * Schematic spots for places without geometry, inside `region`: each id seeds its own random
 * sampler (so the same id lands on the same spot), ids are placed in sorted order, and a spot
 * closer than the spacing (about 0.8 × √(area / n)) to one already taken is refused while other
 * tries remain. `avoid` are points already on the map (twins' origins). Returns the spacing too,
 * in degrees, which is also how large each place's own schematic area is drawn.
 */
export function schematicPositions(ids: readonly string[], region: PlacementRegion, avoid: readonly LonLat[] = []): { positions: Map<string, LonLat>; spacingDeg: number } {
  const positions = new Map<string, LonLat>();
  const box = boundsOfRegion(region);
  const n = ids.length + avoid.length;
  if (!box || ids.length === 0) return { positions, spacingDeg: 0 };
  const spacing = 0.8 * Math.sqrt(regionArea(region, box) / Math.max(n, 1));
  const taken: LonLat[] = [...avoid];
  const fallback = region.circle?.centre ?? labelPoint(region.polygons);
  for (const id of [...ids].sort()) {
    const rng = mulberry32(hashString(id));
    let best: LonLat | null = null;
    let bestD = -1;
    for (let i = 0; i < TRIES; i++) {
      const p: LonLat = [box[0] + rng() * (box[2] - box[0]), box[1] + rng() * (box[3] - box[1])];
      if (!insideRegion(region, p[0], p[1])) continue;
      let d = Infinity;
      for (const q of taken) d = Math.min(d, distanceDeg(p, q));
      if (d > bestD) { bestD = d; best = p; }
      if (d >= spacing) break;
    }
    const spot = roundPoint(best ?? fallback);
    taken.push(spot);
    positions.set(id, spot);
  }
  return { positions, spacingDeg: spacing };
}

/** FNV-1a of a string: the seed of an id's sampler. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
