/**
 * The embedded store's own check of what it is asked to keep (defence in depth: ingest validates
 * first). A NaN that got into the rollups made every later query fail; a sample of a series the
 * store does not know would be kept under an id the next series may take.
 */
import type { FieldType } from '../../../streams/families/index.ts';
import type { WriteBatch } from '../types.ts';

const UNKNOWN = 0;
const NUMERIC = 1;
const TEXT = 2;
/** Numbers, and the exact decimal text of values beyond ±2^53 (see WriteBatch.text). */
const INTEGER = 3;
const INT64_TEXT = /^-?\d{1,19}$/;

/** Which samples each series id takes (numbers or text), for the recorded series. */
export class SeriesKinds {
  private kinds = new Uint8Array(1024);

  set(id: number, type: FieldType): void {
    if (id >= this.kinds.length) {
      const grown = new Uint8Array(Math.max(id + 1, this.kinds.length * 2));
      grown.set(this.kinds);
      this.kinds = grown;
    }
    this.kinds[id] = type === 'string' ? TEXT : type === 'integer' ? INTEGER : NUMERIC;
  }

  /** Why a numeric sample cannot be stored, or undefined if it can. Cheap enough for every sample. */
  numberProblem(sid: number, t: number, v: number): string | undefined {
    const kind = sid < this.kinds.length ? this.kinds[sid] : UNKNOWN;
    if ((kind === NUMERIC || kind === INTEGER) && Number.isFinite(v) && Number.isFinite(t)) return undefined;
    if (kind === UNKNOWN) return 'was never announced (not in the series table)';
    if (kind === TEXT) return 'is a string field but got a number';
    if (!Number.isFinite(t)) return `time ${t} is not a finite number of ms`;
    return `value ${v} is not a finite number`;
  }

  textProblem(sid: number, t: number, s: unknown): string | undefined {
    const kind = sid < this.kinds.length ? this.kinds[sid] : UNKNOWN;
    if (kind === TEXT && Number.isFinite(t) && typeof s === 'string') return undefined;
    if (kind === INTEGER && Number.isFinite(t) && typeof s === 'string' && INT64_TEXT.test(s)) return undefined;
    if (kind === INTEGER) return `value ${JSON.stringify(s)} is not the decimal text of an int64`;
    if (kind === UNKNOWN) return 'was never announced (not in the series table)';
    if (kind === NUMERIC) return 'is a numeric field but got text';
    if (!Number.isFinite(t)) return `time ${t} is not a finite number of ms`;
    return `value ${JSON.stringify(s)} is not text`;
  }
}

/** Problems listed in an error message; the rest are counted. */
const LISTED = 3;

/**
 * Why a batch cannot be stored, or undefined: counts the samples at fault and describes the first
 * few (`describe` names a series id).
 */
export function batchProblem(batch: WriteBatch, kinds: SeriesKinds, describe: (sid: number) => string): string | undefined {
  const { sid, t, v } = batch.samples;
  const listed: string[] = [];
  let bad = 0;
  for (let i = 0; i < sid.length; i++) {
    const p = kinds.numberProblem(sid[i], t[i], v[i]);
    if (p === undefined) continue;
    if (++bad <= LISTED) listed.push(`${describe(sid[i])} ${p}`);
  }
  const text = batch.text;
  for (let i = 0; i < text.sid.length; i++) {
    const p = kinds.textProblem(text.sid[i], text.t[i], text.s[i]);
    if (p === undefined) continue;
    if (++bad <= LISTED) listed.push(`${describe(text.sid[i])} ${p}`);
  }
  if (bad === 0) return undefined;
  const total = sid.length + text.sid.length;
  return `${bad} of ${total} samples cannot be stored: ${listed.join('; ')}${bad > LISTED ? `; and ${bad - LISTED} more` : ''}`;
}
