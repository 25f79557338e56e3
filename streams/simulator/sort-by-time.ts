/**
 * Stable sort of points by time, O(n): an LSD radix sort on the offset from the earliest time
 * (11 bits a pass), falling back to Array.prototype.sort (also stable) when times are not whole
 * milliseconds or span more than 2^32 ms. The simulator's batches are many short sorted runs
 * (one per device), which comparison sorts handle poorly at hundreds of thousands of points.
 */
import type { PointInput } from '../line-protocol/format.ts';

const BITS = 11;
const RADIX = 1 << BITS;
const MASK = RADIX - 1;

const byTime = (a: PointInput, b: PointInput): number => a.time - b.time;

/** Returns the points in time order; points with equal times keep their relative order. */
export function sortByTime(points: PointInput[]): PointInput[] {
  const n = points.length;
  if (n < 64) return points.sort(byTime);
  let min = Infinity;
  let max = -Infinity;
  let sorted = true;
  let prev = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = points[i].time;
    if (!Number.isInteger(t)) return points.sort(byTime);
    if (t < min) min = t;
    if (t > max) max = t;
    if (t < prev) sorted = false;
    prev = t;
  }
  if (sorted) return points;
  const span = max - min;
  if (span >= 2 ** 32) return points.sort(byTime);

  let keys = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    keys[i] = points[i].time - min;
    idx[i] = i;
  }
  let keys2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const count = new Uint32Array(RADIX);
  for (let shift = 0; shift < 32 && span >>> shift > 0; shift += BITS) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i] >>> shift) & MASK]++;
    let sum = 0;
    for (let b = 0; b < RADIX; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      const pos = count[(k >>> shift) & MASK]++;
      keys2[pos] = k;
      idx2[pos] = idx[i];
    }
    [keys, keys2] = [keys2, keys];
    [idx, idx2] = [idx2, idx];
  }
  const out = new Array<PointInput>(n);
  for (let i = 0; i < n; i++) out[i] = points[idx[i]];
  return out;
}
