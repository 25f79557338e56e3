/**
 * Accumulates samples into per-series buckets and hands out deltas to merge into a rollup table.
 * Deltas (not whole-bucket states) make restarts and late samples safe: the table merges each delta
 * with what it already holds, so nothing is counted twice and nothing is lost.
 */

export interface RollupDelta {
  sid: number;
  /** Bucket start, epoch ms. */
  t: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastT: number;
}

export class RollupAccumulator {
  private bucket = new Float64Array(1024).fill(NaN);
  private n = new Uint32Array(1024);
  private sum = new Float64Array(1024);
  private min = new Float64Array(1024);
  private max = new Float64Array(1024);
  private last = new Float64Array(1024);
  private lastT = new Float64Array(1024);
  private readonly dirty = new Set<number>();
  private readonly out: RollupDelta[] = [];

  constructor(readonly bucketMs: number) {}

  add(sid: number, t: number, v: number): void {
    if (sid >= this.bucket.length) this.grow(sid);
    const b = t - (((t % this.bucketMs) + this.bucketMs) % this.bucketMs);
    const cur = this.bucket[sid];
    if (b !== cur) {
      if (b < cur) {
        // Late sample for a bucket already moved past: merge it on its own.
        this.out.push({ sid, t: b, n: 1, sum: v, min: v, max: v, last: v, lastT: t });
        return;
      }
      this.emit(sid);
      this.bucket[sid] = b;
    }
    if (this.n[sid] === 0) {
      this.n[sid] = 1; this.sum[sid] = v; this.min[sid] = v; this.max[sid] = v; this.last[sid] = v; this.lastT[sid] = t;
    } else {
      this.n[sid]++;
      this.sum[sid] += v;
      if (v < this.min[sid]) this.min[sid] = v;
      if (v > this.max[sid]) this.max[sid] = v;
      if (t >= this.lastT[sid]) { this.last[sid] = v; this.lastT[sid] = t; }
    }
    this.dirty.add(sid);
  }

  /** Deltas of every touched bucket since the last drain; the open buckets restart empty. */
  drain(): RollupDelta[] {
    for (const sid of this.dirty) this.emit(sid);
    this.dirty.clear();
    return this.out.splice(0, this.out.length);
  }

  private emit(sid: number): void {
    if (this.n[sid] === 0) return;
    this.out.push({
      sid, t: this.bucket[sid], n: this.n[sid], sum: this.sum[sid], min: this.min[sid],
      max: this.max[sid], last: this.last[sid], lastT: this.lastT[sid],
    });
    this.n[sid] = 0;
  }

  private grow(sid: number): void {
    const size = Math.max(sid + 1, this.bucket.length * 2);
    const g = <T extends Float64Array | Uint32Array>(a: T, fill?: number): T => {
      const b = new (a.constructor as { new (n: number): T })(size);
      if (fill !== undefined) b.fill(fill);
      b.set(a);
      return b;
    };
    this.bucket = g(this.bucket, NaN); this.n = g(this.n); this.sum = g(this.sum); this.min = g(this.min);
    this.max = g(this.max); this.last = g(this.last); this.lastT = g(this.lastT);
  }
}
