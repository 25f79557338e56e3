/**
 * The recent samples of one numeric series, bounded by rows and by a time window (as Grafana's
 * StreamingDataFrame): what a chart appends to the history it fetched from /api/query.
 *
 * Storage is two typed arrays used as a circular buffer. It starts small and doubles up to
 * `maxRows`, so the hundreds of slow series of a community cost little until they fill.
 */

export interface SeriesRingOptions {
  /** Most rows kept. Default 4096. */
  maxRows?: number;
  /** Rows older than the newest sample minus this are dropped, ms. Default 1 hour. */
  windowMs?: number;
  /** Rows allocated at first. Default 16. */
  initialRows?: number;
}

export class SeriesRing {
  readonly maxRows: number;
  readonly windowMs: number;
  private t: Float64Array;
  private v: Float64Array;
  /** Index of the oldest row. */
  private head = 0;
  private count = 0;
  /** Advances on every change, so a reader can tell whether to redraw. */
  version = 0;
  /** Samples refused because they were older than the newest row (out of order). */
  dropped = 0;

  constructor(opts: SeriesRingOptions = {}) {
    this.maxRows = opts.maxRows ?? 4096;
    this.windowMs = opts.windowMs ?? 3_600_000;
    if (!(this.maxRows >= 1)) throw new RangeError(`live: ring maxRows must be at least 1, got ${this.maxRows}`);
    const initial = Math.min(this.maxRows, Math.max(1, opts.initialRows ?? 16));
    this.t = new Float64Array(initial);
    this.v = new Float64Array(initial);
  }

  get length(): number {
    return this.count;
  }

  /** Time of the newest row, epoch ms (NaN when empty). */
  get lastTime(): number {
    return this.count === 0 ? NaN : this.t[(this.head + this.count - 1) % this.t.length];
  }

  get lastValue(): number {
    return this.count === 0 ? NaN : this.v[(this.head + this.count - 1) % this.v.length];
  }

  /**
   * Append one sample (epoch ms, value). A sample at the newest row's time replaces it (a snapshot
   * repeating the latest value); an older one is dropped, since a line chart needs ascending time.
   */
  push(time: number, value: number): void {
    const cap = this.t.length;
    if (this.count > 0) {
      const lastIdx = (this.head + this.count - 1) % cap;
      const last = this.t[lastIdx];
      if (time === last) {
        this.v[lastIdx] = value;
        this.version++;
        return;
      }
      if (time < last) {
        this.dropped++;
        return;
      }
    }
    if (this.count === cap) {
      if (cap < this.maxRows) this.grow(Math.min(this.maxRows, cap * 2));
      else {
        // Full at maxRows: overwrite the oldest.
        this.head = (this.head + 1) % cap;
        this.count--;
      }
    }
    const c = this.t.length;
    const idx = (this.head + this.count) % c;
    this.t[idx] = time;
    this.v[idx] = value;
    this.count++;
    this.trimWindow(time);
    this.version++;
  }

  /** Row `i` (0 = oldest). */
  timeAt(i: number): number {
    return this.t[(this.head + i) % this.t.length];
  }

  valueAt(i: number): number {
    return this.v[(this.head + i) % this.v.length];
  }

  /** Calls `fn` for every row with time > `after`, oldest first. */
  forEachAfter(after: number, fn: (time: number, value: number) => void): void {
    const cap = this.t.length;
    // Rows are ascending: binary search for the first row after `after`.
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[(this.head + mid) % cap] <= after) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.count; i++) {
      const idx = (this.head + i) % cap;
      fn(this.t[idx], this.v[idx]);
    }
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
    this.version++;
  }

  private trimWindow(newest: number): void {
    const cutoff = newest - this.windowMs;
    const cap = this.t.length;
    while (this.count > 1 && this.t[this.head] < cutoff) {
      this.head = (this.head + 1) % cap;
      this.count--;
    }
  }

  private grow(size: number): void {
    const t = new Float64Array(size);
    const v = new Float64Array(size);
    for (let i = 0; i < this.count; i++) {
      const idx = (this.head + i) % this.t.length;
      t[i] = this.t[idx];
      v[i] = this.v[idx];
    }
    this.t = t;
    this.v = v;
    this.head = 0;
  }
}
