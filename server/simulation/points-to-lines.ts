/** Turns simulator points into parsed lines, so simulated data takes the same path as /write. */
import type { FieldValue, PointInput } from '../../streams/line-protocol/format.ts';
import { seriesKey } from '../../streams/line-protocol/format.ts';
import type { ParsedField, ParsedLine, SeriesIdentity } from '../../streams/line-protocol/parse.ts';
import { ownTags } from '../../streams/line-protocol/tag-map.ts';

export class PointConverter {
  /** The simulator shares one frozen tags object per series: identities are cached by it. */
  private readonly identities = new WeakMap<object, Map<string, SeriesIdentity>>();

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
    let byMeasurement = this.identities.get(p.tags);
    if (!byMeasurement) this.identities.set(p.tags, (byMeasurement = new Map()));
    let id = byMeasurement.get(p.measurement);
    if (!id) {
      const tags = ownTags(p.tags, true);
      id = { measurement: p.measurement, tags, key: seriesKey(p.measurement, tags) };
      byMeasurement.set(p.measurement, id);
    }
    return id;
  }
}

function field(key: string, v: FieldValue): ParsedField {
  if (typeof v === 'number') return { key, type: 'float', value: v };
  if (typeof v === 'boolean') return { key, type: 'boolean', value: v ? 1 : 0 };
  if (typeof v === 'string') return { key, type: 'string', value: v };
  return { key, type: 'integer', value: Math.trunc(v.int) };
}
