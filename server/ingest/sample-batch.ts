/** A growable set of sample columns (series id, time ms, value), plus string samples. */
import type { SampleColumns, TextSamples } from '../../streams/live-protocol.ts';
import type { LineProtocolPart } from '../store/types.ts';

export class SampleBatch {
  sid: Uint32Array;
  t: Float64Array;
  v: Float64Array;
  length = 0;
  text: TextSamples = { sid: [], t: [], s: [] };
  /** The senders' own line protocol for some of these samples, in order (WriteBatch.lineProtocol). */
  lineProtocol: LineProtocolPart[] = [];

  constructor(capacity = 1024) {
    this.sid = new Uint32Array(capacity);
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  push(sid: number, t: number, v: number): void {
    if (this.length === this.sid.length) this.grow(this.length * 2);
    const i = this.length++;
    this.sid[i] = sid; this.t[i] = t; this.v[i] = v;
  }

  pushText(sid: number, t: number, s: string): void {
    this.text.sid.push(sid); this.text.t.push(t); this.text.s.push(s);
  }

  append(other: SampleBatch): void {
    const num = this.length, text = this.text.sid.length;
    for (const p of other.lineProtocol) {
      this.lineProtocol.push({ ...p, num: p.num + num, numEnd: p.numEnd + num, text: p.text + text, textEnd: p.textEnd + text });
    }
    if (this.length + other.length > this.sid.length) this.grow(Math.max(this.sid.length * 2, this.length + other.length));
    this.sid.set(other.sid.subarray(0, other.length), this.length);
    this.t.set(other.t.subarray(0, other.length), this.length);
    this.v.set(other.v.subarray(0, other.length), this.length);
    this.length += other.length;
    for (let i = 0; i < other.text.sid.length; i++) this.pushText(other.text.sid[i], other.text.t[i], other.text.s[i]);
  }

  /** Number of samples, numeric and text. */
  get size(): number {
    return this.length + this.text.sid.length;
  }

  /** Exact-length copies of the columns, safe to hand over (transfer) to a store. */
  columns(): SampleColumns {
    return { sid: this.sid.slice(0, this.length), t: this.t.slice(0, this.length), v: this.v.slice(0, this.length) };
  }

  private grow(size: number): void {
    const sid = new Uint32Array(size); sid.set(this.sid); this.sid = sid;
    const t = new Float64Array(size); t.set(this.t); this.t = t;
    const v = new Float64Array(size); v.set(this.v); this.v = v;
  }
}
