/**
 * Latency histogram with 1 ms buckets (Date.now() resolution, which is what cross-process latency
 * can be measured with), so millions of samples cost one array increment each.
 */

/** Latencies above this land in the last bucket; `max` still records the true value. */
const MAX_MS = 120_000;

/** Sparse form that crosses the IPC channel: [ms, count] pairs of non-empty buckets. */
export interface HistogramData { buckets: [number, number][]; count: number; max: number; negative: number }

export class Histogram {
  private counts = new Float64Array(MAX_MS + 1);
  count = 0;
  max = 0;
  /** Samples whose receipt time was before their sample time (clock step); counted as 0 ms. */
  negative = 0;

  add(ms: number): void {
    if (ms < 0) { this.negative++; ms = 0; }
    if (ms > this.max) this.max = ms;
    this.counts[ms > MAX_MS ? MAX_MS : Math.floor(ms)]++;
    this.count++;
  }

  /** Add `n` samples of the same latency (a frame's samples share their receipt time). */
  addMany(ms: number, n: number): void {
    if (n <= 0) return;
    if (ms < 0) { this.negative += n; ms = 0; }
    if (ms > this.max) this.max = ms;
    this.counts[ms > MAX_MS ? MAX_MS : Math.floor(ms)] += n;
    this.count += n;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.max = 0;
    this.negative = 0;
  }

  /** The smallest latency (ms) at or below which fraction `p` (0..1) of samples lie; NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (let ms = 0; ms <= MAX_MS; ms++) {
      seen += this.counts[ms];
      if (seen >= rank) return ms;
    }
    return this.max;
  }

  toData(): HistogramData {
    const buckets: [number, number][] = [];
    for (let ms = 0; ms <= MAX_MS; ms++) if (this.counts[ms] > 0) buckets.push([ms, this.counts[ms]]);
    return { buckets, count: this.count, max: this.max, negative: this.negative };
  }

  static fromData(d: HistogramData): Histogram {
    const h = new Histogram();
    for (const [ms, n] of d.buckets) h.counts[ms] += n;
    h.count = d.count;
    h.max = d.max;
    h.negative = d.negative;
    return h;
  }
}

/** Percentile of a plain list of numbers (request latencies: a few thousand values). */
export function percentileOf(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
