/** Line protocol writer: the inverse of parse.ts (InfluxDB 1.x's dialect), used by simulators and tests. */
import { escapeMeasurement, escapeStringField, escapeTag, MAX_TIME_MS, MIN_TIME_MS } from './parse.ts';
import { escapeName, influxSeriesPrefix, lineSplitProblem, nameProblem, type NameKind } from './influx-names.ts';

export type FieldValue = number | boolean | string | { int: number };

export interface PointInput {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, FieldValue>;
  /** Epoch ms. */
  time: number;
}

/** Series key with tags sorted, as parse.ts produces it. */
export function seriesKey(measurement: string, tags: Record<string, string>): string {
  let key = escapeMeasurement(measurement);
  for (const k of Object.keys(tags).sort()) key += `,${escapeTag(k)}=${escapeTag(tags[k])}`;
  return key;
}

/** Throws a RangeError for a value parse.ts would not read back as the same value and type. */
export function formatFieldValue(v: FieldValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`line protocol: ${v} cannot be written as a field value`);
    return Object.is(v, -0) ? '-0' : String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') {
    if (v.indexOf('\n') >= 0) throw new RangeError(`line protocol: string field value ${JSON.stringify(v.slice(0, 60))} has a line break, which ends a line`);
    return escapeStringField(v);
  }
  const i = Math.trunc(v.int);
  if (!Number.isSafeInteger(i)) throw new RangeError(`line protocol: ${v.int} cannot be written as an integer field value`);
  return `${i}i`;
}

/**
 * One line, with the timestamp in milliseconds (write with precision=ms). Throws a RangeError for
 * a point parse.ts would not read back exactly: a name InfluxDB 1.x line protocol cannot express
 * (`nameProblem`, `lineSplitProblem`: an empty name or tag value, a line break, a name ending in a
 * backslash, a measurement starting with `#` or a tab...), the field key `time`, a time outside
 * InfluxDB's range, or a value formatFieldValue refuses.
 */
export function formatLine(p: PointInput): string {
  checkName('measurement', p.measurement);
  for (const k of Object.keys(p.tags)) { checkName('tag key', k); checkName('tag value', p.tags[k]); }
  let fields = '';
  for (const k of Object.keys(p.fields)) {
    checkName('field key', k);
    const split = lineSplitProblem(p.measurement, p.tags, k);
    if (split) throw new RangeError(`line protocol: ${split}`);
    fields += `${fields ? ',' : ''}${escapeName(k)}=${formatFieldValue(p.fields[k])}`;
  }
  if (!fields) throw new RangeError(`line protocol: a point of "${p.measurement}" needs at least one field`);
  if (!(p.time >= MIN_TIME_MS && p.time <= MAX_TIME_MS)) throw new RangeError(`line protocol: time ${p.time} ms is outside the range InfluxDB stores`);
  return `${influxSeriesPrefix(p.measurement, p.tags)} ${fields} ${Math.round(p.time)}`;
}

function checkName(kind: NameKind, s: string): void {
  // InfluxDB has no empty tag values (the parser refuses them): formatted, the tag would vanish.
  const problem = s === '' ? `${kind} is empty` : nameProblem(kind, s);
  if (problem) throw new RangeError(`line protocol: ${problem}`);
}
