/**
 * Where a building's lifts stand: side by side in the lift core at the middle of the footprint, as
 * in a tower's central core (the demo's footprints are rectangles, so their middle is inside).
 * Lifts stand 2.2 m apart (a 1.6 m car and its shaft walls), along the footprint's first edge.
 */
import type { BuildingDeviceSpec } from './building-spec.ts';
import type { Point2 } from './footprint.ts';

export const LIFT_SPACING_M = 2.2;

export function liftCoreLayout(footprint: readonly Point2[], lifts: readonly BuildingDeviceSpec[]): Map<string, Point2> {
  const out = new Map<string, Point2>();
  if (lifts.length === 0) return out;
  const cx = footprint.reduce((s, p) => s + p[0], 0) / footprint.length;
  const cy = footprint.reduce((s, p) => s + p[1], 0) / footprint.length;
  const [x0, y0] = footprint[0];
  const [x1, y1] = footprint[1];
  const len = Math.hypot(x1 - x0, y1 - y0);
  const along: Point2 = [(x1 - x0) / len, (y1 - y0) / len];
  lifts.forEach((lift, k) => {
    const a = (k - (lifts.length - 1) / 2) * LIFT_SPACING_M;
    out.set(lift.id, [cx + along[0] * a, cy + along[1] * a]);
  });
  return out;
}
