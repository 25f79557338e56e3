/** Line protocol writer: the inverse of parse.ts, used by simulators and the InfluxDB store. */
import { escapeMeasurement, escapeStringField, escapeTag } from './parse.ts';

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

export function formatFieldValue(v: FieldValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`line protocol: ${v} cannot be written as a field value`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return escapeStringField(v);
  return `${Math.trunc(v.int)}i`;
}

/** One line, with the timestamp in milliseconds (write with precision=ms). */
export function formatLine(p: PointInput): string {
  let fields = '';
  for (const k of Object.keys(p.fields)) {
    fields += `${fields ? ',' : ''}${escapeTag(k)}=${formatFieldValue(p.fields[k])}`;
  }
  return `${seriesKey(p.measurement, p.tags)} ${fields} ${Math.round(p.time)}`;
}
