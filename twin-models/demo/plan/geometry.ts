/** Small plane-geometry helpers for the planner (metres, local frame). */
import type { XY } from './plan-types.ts';

export const rect = (cx: number, cy: number, w: number, h: number): XY[] => [
  [cx - w / 2, cy - h / 2], [cx + w / 2, cy - h / 2], [cx + w / 2, cy + h / 2], [cx - w / 2, cy + h / 2],
];

export const dist = (a: XY, b: XY): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

export function inRect(p: XY, r: { minX: number; maxX: number; minY: number; maxY: number }, margin = 0): boolean {
  return p[0] >= r.minX - margin && p[0] <= r.maxX + margin && p[1] >= r.minY - margin && p[1] <= r.maxY + margin;
}

/** Rotates and translates a footprint into the community frame. */
export function place(footprint: XY[], at: XY, rotationDeg: number): XY[] {
  const r = (rotationDeg * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  return footprint.map(([x, y]) => [at[0] + x * c - y * s, at[1] + x * s + y * c]);
}

/** Points every `step` metres along a polyline, ends included. */
export function along(path: XY[], step: number): XY[] {
  const out: XY[] = [path[0]];
  for (let i = 1; i < path.length; i++) {
    const [a, b] = [path[i - 1], path[i]];
    const n = Math.max(1, Math.round(dist(a, b) / step));
    for (let k = 1; k <= n; k++) out.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]);
  }
  return out;
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
