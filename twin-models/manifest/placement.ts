/**
 * The one rule for where a building is, used by the tools that write a manifest and by every view
 * that reads one:
 *
 * - The GLB is in the building's own frame: glTF Y-up metres, its +X, −Z and +Y being the IFC
 *   model's x, y and z (web-ifc's convention), with the IFC file's own coordinates kept.
 * - `placement` takes that frame into the community's east-north-up frame: rotate by `headingDeg`
 *   counter-clockwise about the vertical (the model's x axis then points `headingDeg` from east
 *   towards north), then move by `east`, `north`, `up`:
 *       [e, n, u] = [east, north, up] + Rz(headingDeg) · [x, −z, y]
 * - `bounds` and `footprint` are in the community frame with the placement already applied: views
 *   draw and fly to them as they are and never add the placement again.
 *
 * Pure functions (the browser imports this module).
 */
import type { Placement } from './manifest-types.ts';

type PlacementLike = Pick<Placement, 'east' | 'north' | 'up'> & { headingDeg?: number };

/** A point of the GLB (glTF x, y, z) in the community's east-north-up frame. */
export function glbToEnu(p: PlacementLike, x: number, y: number, z: number): [number, number, number] {
  const h = ((p.headingDeg ?? 0) * Math.PI) / 180;
  const c = Math.cos(h);
  const s = Math.sin(h);
  const mx = x;
  const my = -z;
  return [p.east + c * mx - s * my, p.north + s * mx + c * my, p.up + y];
}

/** IFC types that are not the building's body: left out of its bounds and footprint. */
const NOT_MASSING = new Set(['IfcSpace', 'IfcSite', 'IfcOpeningElement', 'IfcAnnotation', 'IfcGrid', 'IfcVirtualElement', 'IfcGeographicElement']);

export interface BoxedElement { ifcType: string; bbox: readonly number[]; room?: boolean }

/** Elements that make up the building's massing (every element when none would be left). */
export function massingElements<T extends BoxedElement>(elements: readonly T[]): T[] {
  const body = elements.filter((e) => !e.room && !NOT_MASSING.has(e.ifcType));
  return body.length > 0 ? body : [...elements];
}

/** The eight corners of every element box, in the community frame. */
function placedCorners(p: PlacementLike, elements: readonly BoxedElement[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const { bbox: b } of elements) {
    for (let c = 0; c < 8; c++) out.push(glbToEnu(p, c & 1 ? b[3] : b[0], c & 2 ? b[4] : b[1], c & 4 ? b[5] : b[2]));
  }
  return out;
}

/** Bounds in the community frame, placement applied: [minE, minN, minU, maxE, maxN, maxU], metres (cm). */
export function placedBounds(p: PlacementLike, elements: readonly BoxedElement[]): number[] {
  const b = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (const q of placedCorners(p, massingElements(elements))) {
    for (let k = 0; k < 3; k++) { b[k] = Math.min(b[k], q[k]); b[k + 3] = Math.max(b[k + 3], q[k]); }
  }
  return b.map((v) => Math.round(v * 100) / 100);
}

/** Outline on the ground in the community frame: the convex hull of the massing's element boxes (east, north), counter-clockwise. */
export function placedOutline(p: PlacementLike, elements: readonly BoxedElement[]): [number, number][] {
  const pts = placedCorners(p, massingElements(elements)).map(([e, n]) => [Math.round(e * 100) / 100, Math.round(n * 100) / 100] as [number, number]);
  return convexHull(pts);
}

/** Andrew's monotone chain; counter-clockwise, no repeated closing point. */
export function convexHull(points: [number, number][]): [number, number][] {
  const pts = [...new Map(points.map((q) => [`${q[0]},${q[1]}`, q])).values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const q of pts) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], q) <= 0) lower.pop(); lower.push(q); }
  const upper: [number, number][] = [];
  for (const q of [...pts].reverse()) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], q) <= 0) upper.pop(); upper.push(q); }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** Centre of the roof of a building's bounds (community frame): where fly-to and markers aim. */
export function roofCentre(bounds: readonly number[]): [number, number, number] {
  return [(bounds[0] + bounds[3]) / 2, (bounds[1] + bounds[4]) / 2, bounds[5]];
}
