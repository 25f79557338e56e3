/** Turns simulator points into parsed lines, so simulated data takes the same path as /write. */
import type { FieldValue, PointInput } from '../../streams/line-protocol/format.ts';
import { seriesKey } from '../../streams/line-protocol/format.ts';
import type { ParsedField, ParsedLine, SeriesIdentity } from '../../streams/line-protocol/parse.ts';
import { ownTags } from '../../streams/line-protocol/tag-map.ts';

export class PointConverter {
  /**
   * The simulator shares one frozen tags object per series: identities are cached by it, the
   * identity itself while one measurement uses the tags (every device but a few), else by measurement.
   */
  private readonly identities = new WeakMap<object, SeriesIdentity | Map<string, SeriesIdentity>>();

  convert(points: PointInput[]): ParsedLine[] {
    const out = new Array<ParsedLine>(points.length);
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      const fields: ParsedField[] = [];
      for (const key in p.fields) fields.push(field(key, p.fields[key]));
      out[i] = { line: i + 1, series: this.identity(p), fields, time: Math.round(p.time) };
    }
    return out;
  }

  private identity(p: PointInput): SeriesIdentity {
    const known = this.identities.get(p.tags);
    if (known instanceof Map) return known.get(p.measurement) ?? this.add(p, known);
    if (known?.measurement === p.measurement) return known;
    const id = identityOf(p);
    this.identities.set(p.tags, known ? new Map([[known.measurement, known], [id.measurement, id]]) : id);
    return id;
  }

  private add(p: PointInput, byMeasurement: Map<string, SeriesIdentity>): SeriesIdentity {
    const id = identityOf(p);
    byMeasurement.set(p.measurement, id);
    return id;
  }
}

function identityOf(p: PointInput): SeriesIdentity {
  const tags = ownTags(p.tags, true);
  return { measurement: p.measurement, tags, key: seriesKey(p.measurement, tags) };
}

function field(key: string, v: FieldValue): ParsedField {
  if (typeof v === 'number') return { key, type: 'float', value: v };
  if (typeof v === 'boolean') return { key, type: 'boolean', value: v ? 1 : 0 };
  if (typeof v === 'string') return { key, type: 'string', value: v };
  return { key, type: 'integer', value: Math.trunc(v.int) };
}
