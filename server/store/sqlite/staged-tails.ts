/**
 * Samples staged since the last compaction, held per series in memory (typed arrays), so queries
 * see them and compaction can write each series' run contiguously.
 */

export class SeriesTail {
  t = new Float64Array(16);
  v = new Float64Array(16);
  n = 0;

  push(t: number, v: number): void {
    if (this.n === this.t.length) {
      const t2 = new Float64Array(this.n * 2); t2.set(this.t); this.t = t2;
      const v2 = new Float64Array(this.n * 2); v2.set(this.v); this.v = v2;
    }
    this.t[this.n] = t; this.v[this.n] = v; this.n++;
  }

  /** Samples in [from, to), time order, the later write winning for equal times. */
  range(from: number, to: number): { t: number[]; v: number[] } {
    const idx: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.t[i] >= from && this.t[i] < to) idx.push(i);
    idx.sort((a, b) => this.t[a] - this.t[b] || a - b);
    const t: number[] = [], v: number[] = [];
    for (const i of idx) {
      if (t.length && t[t.length - 1] === this.t[i]) { v[v.length - 1] = this.v[i]; continue; }
      t.push(this.t[i]); v.push(this.v[i]);
    }
    return { t, v };
  }

  /** Index of the newest sample (the later write for equal times), or -1. */
  newest(): number {
    let best = -1;
    for (let i = 0; i < this.n; i++) if (best < 0 || this.t[i] >= this.t[best]) best = i;
    return best;
  }
}

export class StagedTails {
  private readonly tails = new Map<number, SeriesTail>();
  samples = 0;

  add(sid: number, t: number, v: number): void {
    let tail = this.tails.get(sid);
    if (!tail) this.tails.set(sid, (tail = new SeriesTail()));
    tail.push(t, v);
    this.samples++;
  }

  get(sid: number): SeriesTail | undefined {
    return this.tails.get(sid);
  }

  entries(): IterableIterator<[number, SeriesTail]> {
    return this.tails.entries();
  }

  keys(): IterableIterator<number> {
    return this.tails.keys();
  }

  delete(sid: number): void {
    const tail = this.tails.get(sid);
    if (!tail) return;
    this.samples -= tail.n;
    this.tails.delete(sid);
  }

  clear(): void {
    this.tails.clear();
    this.samples = 0;
  }
}

/** Merge two time-ordered runs; on equal times `newer` wins. */
export function mergeRuns(older: { t: number[]; v: number[] }, newer: { t: number[]; v: number[] }): { t: number[]; v: number[] } {
  if (newer.t.length === 0) return older;
  if (older.t.length === 0) return newer;
  const t: number[] = [], v: number[] = [];
  let i = 0, j = 0;
  while (i < older.t.length || j < newer.t.length) {
    if (j >= newer.t.length || (i < older.t.length && older.t[i] < newer.t[j])) { t.push(older.t[i]); v.push(older.v[i]); i++; }
    else {
      if (i < older.t.length && older.t[i] === newer.t[j]) i++;
      t.push(newer.t[j]); v.push(newer.v[j]); j++;
    }
  }
  return { t, v };
}

/** Pack numeric sample columns into one blob: n Float64 times, n Float64 values, n Uint32 ids. */
export function packStaged(sid: Uint32Array, t: Float64Array, v: Float64Array): Buffer {
  const n = sid.length;
  const buf = Buffer.allocUnsafe(n * 20);
  Buffer.from(t.buffer, t.byteOffset, n * 8).copy(buf, 0);
  Buffer.from(v.buffer, v.byteOffset, n * 8).copy(buf, n * 8);
  Buffer.from(sid.buffer, sid.byteOffset, n * 4).copy(buf, n * 16);
  return buf;
}

export function unpackStaged(blob: Buffer): { sid: Uint32Array; t: Float64Array; v: Float64Array } {
  const n = blob.byteLength / 20;
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return { t: new Float64Array(copy.buffer, 0, n), v: new Float64Array(copy.buffer, n * 8, n), sid: new Uint32Array(copy.buffer, n * 16, n) };
}
