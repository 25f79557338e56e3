/**
 * Turns parsed lines into samples of catalogued series, refusing (per line, with its number) what
 * the store must not take: field type conflicts, timestamps far in the future, family measurements
 * without their placement tags. A refused line contributes nothing; the other lines go on.
 */
import type { ParsedLine, ParseError } from '../../streams/line-protocol/parse.ts';
import { isFamily, PLACEMENT_TAGS } from '../../streams/families/index.ts';
import type { AlertEvent } from '../../streams/alerts.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { SampleBatch } from './sample-batch.ts';

export interface ValidatorOptions {
  /** How far ahead of the server clock a timestamp may be, ms. Default 10 minutes. */
  maxFutureMs: number;
}

export interface Accepted {
  samples: SampleBatch;
  alerts: AlertEvent[];
  /** Lines accepted (points, in InfluxDB's sense). */
  points: number;
  errors: ParseError[];
}

export function acceptLines(lines: ParsedLine[], catalog: SeriesCatalog, now: number, opts: ValidatorOptions): Accepted {
  const samples = new SampleBatch(Math.max(16, lines.length * 2));
  const alerts: AlertEvent[] = [];
  const errors: ParseError[] = [];
  let points = 0;
  const horizon = now + opts.maxFutureMs;
  next: for (const p of lines) {
    const { series } = p;
    const t = p.time ?? now;
    if (t > horizon) {
      errors.push({ line: p.line, message: `line ${p.line}: timestamp ${new Date(t).toISOString()} is more than ${Math.round(opts.maxFutureMs / 1000)} s ahead of the server clock (check the precision parameter and the device clock)` });
      continue;
    }
    if (isFamily(series.measurement)) {
      for (const tag of PLACEMENT_TAGS) {
        if (series.tags[tag] === undefined) {
          errors.push({ line: p.line, message: `line ${p.line}: measurement "${series.measurement}" needs the tag "${tag}"` });
          continue next;
        }
      }
    }
    for (const f of p.fields) {
      const id = catalog.lookup(series, f.key);
      const known = id !== undefined ? catalog.get(id)!.type : catalog.fieldType(series.measurement, f.key);
      if (known !== undefined && known !== f.type) {
        errors.push({ line: p.line, message: `line ${p.line}: field type conflict: input field "${f.key}" on measurement "${series.measurement}" is type ${f.type}, already exists as type ${known}` });
        continue next;
      }
    }
    for (const f of p.fields) {
      const id = catalog.resolve(series, f.key, f.type);
      if (f.type === 'string') {
        samples.pushText(id, t, f.value as string);
        catalog.setLatestText(id, t, f.value as string);
      } else {
        samples.push(id, t, f.value as number);
        catalog.setLatest(id, t, f.value as number);
      }
    }
    points++;
    if (series.measurement === 'alert') alerts.push(toAlert(p, t));
  }
  return { samples, alerts, points, errors };
}

function toAlert(p: ParsedLine, time: number): AlertEvent {
  const tags = p.series.tags;
  const field = (k: string) => p.fields.find((f) => f.key === k)?.value;
  return {
    community: tags.community, neighbourhood: tags.neighbourhood,
    type: tags.type ?? 'unknown', severity: tags.severity ?? 'warning', device: tags.device ?? '',
    location: String(field('location') ?? ''), message: String(field('message') ?? ''), time,
  };
}
