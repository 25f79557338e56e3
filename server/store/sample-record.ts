/**
 * The file format of a SampleRecord (the disk spool's and the quarantine's): JSON with the numeric
 * columns as base64 of their bytes (exact, and about a third of the size of JSON numbers).
 * A quarantine file is a spool file with `reason` and `at` added, so one can be replayed by moving
 * it into the spool (see docs/architecture.md, Durability).
 */
import type { TextSamples } from '../../streams/live-protocol.ts';
import type { SampleRecord, SeriesDef } from './types.ts';

/** JSON text of a record, with extra top-level fields (`reason`, `at`) if given. */
export function encodeRecord(rec: SampleRecord, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...extra, series: rec.series, sid: b64(rec.sid), t: b64(rec.t), v: b64(rec.v), text: rec.text });
}

/** Parse what `encodeRecord` wrote; throws if the text is not such a record. */
export function decodeRecord(json: string): SampleRecord & Record<string, unknown> {
  const raw = JSON.parse(json) as { series: SeriesDef[]; sid: string; t: string; v: string; text: TextSamples };
  if (!Array.isArray(raw.series) || typeof raw.sid !== 'string' || typeof raw.t !== 'string' || typeof raw.v !== 'string' || !raw.text) {
    throw new Error('not a sample record (expected series, sid, t, v and text)');
  }
  const rec = {
    ...raw,
    sid: new Uint32Array(unb64(raw.sid)), t: new Float64Array(unb64(raw.t)), v: new Float64Array(unb64(raw.v)),
  };
  if (rec.sid.length !== rec.t.length || rec.t.length !== rec.v.length) {
    throw new Error(`column lengths differ (sid ${rec.sid.length}, t ${rec.t.length}, v ${rec.v.length})`);
  }
  return rec;
}

/** Points in a record, numeric and text. */
export function recordPoints(rec: SampleRecord): number {
  return rec.sid.length + rec.text.sid.length;
}

function b64(a: Uint32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function unb64(s: string): ArrayBuffer {
  const b = Buffer.from(s, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
