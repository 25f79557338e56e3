/**
 * Histogram of the current pressures of one pipe network. Water supply (hundreds of kPa) and gas
 * (a few kPa) are binned apart: on one axis the gas sensors would all fall in the first bin.
 */

export interface Histogram {
  /** Lower edge of each bin; bin i covers [edges[i], edges[i] + step), the last one includes its upper edge. */
  edges: number[];
  counts: number[];
  step: number;
}

/** 1, 2 or 5 × a power of ten, the smallest not below `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  // The tolerance keeps 0.2 / 4 = 0.050000000000000044 a step of 0.05, not 0.1.
  const f = raw / mag - 1e-9;
  // Rounded so 0.1 × 3 does not come out as 0.30000000000000004.
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  return Number(step.toPrecision(12));
}

/**
 * Bins of a nice width covering the values, about `targetBins` of them (default 6). NaN values are
 * left out. All equal values give one bin around them; no values give no bins.
 */
export function histogram(values: readonly number[], targetBins = 6): Histogram {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { edges: [], counts: [], step: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (const v of xs) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const step = niceStep(max > min ? (max - min) / Math.max(1, targetBins) : Math.abs(min) * 0.05 || 1);
  const start = Math.floor(min / step + 1e-9) * step;
  // When the maximum sits on an edge (a whole number of steps above start) it goes in the last bin.
  const bins = Math.max(1, Math.ceil((max - start) / step - 1e-9));
  const counts = new Array<number>(bins).fill(0);
  for (const v of xs) counts[Math.min(bins - 1, Math.floor((v - start) / step + 1e-9))]++;
  const edges = counts.map((_, i) => Number((start + i * step).toPrecision(12)));
  return { edges, counts, step };
}
