/**
 * Turns parsed lines into samples of catalogued series, refusing (per line, with its number) what
 * the store must not take: field type conflicts, timestamps far in the future or outside what
 * InfluxDB stores, the server's own roll-up history, family measurements without their placement tags, names InfluxDB 1.x cannot
 * store exactly (a tag value ending in a backslash, say), and values that are not finite. A
 * refused line contributes nothing; the other lines go on.
 */
import { MAX_TIME_MS, MIN_TIME_MS, type ParsedField, type ParsedLine, type ParseError, type SeriesIdentity } from '../../streams/line-protocol/parse.ts';
import { lineSplitProblem, nameProblem, seriesNameProblem } from '../../streams/line-protocol/influx-names.ts';
import { tagValue } from '../../streams/line-protocol/tag-map.ts';
import { isFamily, PLACEMENT_TAGS, type FieldType } from '../../streams/families/index.ts';
import type { AlertEvent } from '../../streams/alerts.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { SampleBatch } from './sample-batch.ts';
import { NODE_ROLLUP } from '../rollups/rollup-history.ts';

export interface ValidatorOptions {
  /** How far ahead of the server clock a timestamp may be, ms (Infinity: any time InfluxDB stores). */
  maxFutureMs: number;
  /** Refuse family measurements without their placement tags. Default true. */
  placementTags?: boolean;
  /** Refuse names the InfluxDB store could not write back exactly. Default true. */
  influxNames?: boolean;
  /** The batch these lines are part of was checked for type conflicts already (`batchTypeConflict`): a slice of a large body. */
  conflictChecked?: boolean;
}

export interface Accepted {
  samples: SampleBatch;
  alerts: AlertEvent[];
  /** Lines accepted (points, in InfluxDB's sense). */
  points: number;
  errors: ParseError[];
}

/** Name problems of parsed series; identities are shared between lines, so each is checked once. */
const seriesProblems = new WeakMap<SeriesIdentity, string | null>();

export function acceptLines(lines: ParsedLine[], catalog: SeriesCatalog, now: number, opts: ValidatorOptions): Accepted {
  const samples = new SampleBatch(Math.max(16, lines.length * 2));
  const alerts: AlertEvent[] = [];
  const errors: ParseError[] = [];
  let points = 0;
  const horizon = now + opts.maxFutureMs;
  const checkNames = opts.influxNames ?? true;
  const conflict = opts.conflictChecked ? undefined : batchTypeConflict(lines, catalog);
  if (conflict) {
    for (const p of lines) errors.push({ line: p.line, message: `line ${p.line}: ${conflict}` });
    return { samples, alerts, points, errors };
  }
  next: for (const p of lines) {
    const { series } = p;
    if (p.mixedTypes) {
      const f = p.mixedTypes[0];
      errors.push({ line: p.line, message: `line ${p.line}: field type conflict: input field "${f}" on measurement "${series.measurement}" is given with two types` });
      continue;
    }
    const t = p.time ?? now;
    if (t > horizon || t > MAX_TIME_MS) {
      errors.push({ line: p.line, message: `line ${p.line}: timestamp ${isoTime(t)} is more than ${Math.round(opts.maxFutureMs / 1000)} s ahead of the server clock (check the precision parameter and the device clock)` });
      continue;
    }
    // Written as "not inside" so that NaN is refused too.
    if (!(t >= MIN_TIME_MS)) {
      errors.push({ line: p.line, message: `line ${p.line}: timestamp ${isoTime(t)} is before 1677-09-21T00:12:43.146Z, the earliest time InfluxDB stores` });
      continue;
    }
    // The roll-up history is the server's own record of its figures: nobody else may write it.
    if (series.measurement === NODE_ROLLUP) {
      errors.push({ line: p.line, message: `line ${p.line}: measurement "${NODE_ROLLUP}" is written by the server itself (the roll-up history) and cannot be sent` });
      continue;
    }
    const lacks = (opts.placementTags ?? true) ? missingPlacement(series) : undefined;
    if (lacks !== undefined) {
      errors.push({ line: p.line, message: `line ${p.line}: measurement "${series.measurement}" needs the tag "${lacks}"` });
      continue;
    }
    for (const f of p.fields) {
      const id = catalog.lookup(series, f.key);
      // A series the catalog holds was checked when it was created (or is already in the store).
      const problem = id === undefined && checkNames ? newSeriesProblem(series, f.key) : undefined;
      if (problem) {
        errors.push({ line: p.line, message: `line ${p.line}: ${problem}` });
        continue next;
      }
      const known = id !== undefined ? catalog.get(id)!.type : catalog.fieldType(series.measurement, f.key);
      if (known !== undefined && known !== f.type) {
        errors.push({ line: p.line, message: `line ${p.line}: field type conflict: input field "${f.key}" on measurement "${series.measurement}" is type ${f.type}, already exists as type ${known}` });
        continue next;
      }
      const bad = valueProblem(f);
      if (bad) {
        errors.push({ line: p.line, message: `line ${p.line}: field "${f.key}": ${bad}` });
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
        // An int64 beyond ±2^53: its exact text travels beside the float64 (see WriteBatch.text).
        if (f.exact !== undefined) {
          samples.pushText(id, t, f.exact);
          catalog.setLatestText(id, t, f.exact);
        }
      }
    }
    points++;
    if (series.measurement === 'alert') alerts.push(toAlert(p, t));
  }
  return { samples, alerts, points, errors };
}

/**
 * InfluxDB checks a batch's points against the fields its store already has, then creates the
 * new ones: a field new to the store that the batch gives two types fails the whole write. So
 * does such a batch here, with the reason on every line. Series the catalog holds have their
 * type, so a batch of known series costs one lookup per field.
 */
export function batchTypeConflict(lines: ParsedLine[], catalog: SeriesCatalog): string | undefined {
  let seen: Map<string, FieldType> | undefined;
  for (const p of lines) {
    const m = p.series.measurement;
    for (const f of p.fields) {
      if (catalog.lookup(p.series, f.key) !== undefined || catalog.fieldType(m, f.key) !== undefined) continue;
      const k = `${m}\n${f.key}`;
      const t = (seen ??= new Map()).get(k);
      if (t === undefined) seen.set(k, f.type);
      else if (t !== f.type) return `field type conflict: input field "${f.key}" on measurement "${m}" is new and this batch gives it types ${t} and ${f.type}, so the whole batch is refused (as InfluxDB does)`;
    }
    for (const key of p.mixedTypes ?? []) {
      if (catalog.fieldType(m, key) === undefined) return `field type conflict: input field "${key}" on measurement "${m}" is new and line ${p.line} gives it two types, so the whole batch is refused (as InfluxDB does)`;
    }
  }
  return undefined;
}

/** Placement tags a series lacks: identities are shared between lines, so each is checked once ('' for none). */
const placementLacks = new WeakMap<SeriesIdentity, string>();

/** The first placement tag a family measurement's series lacks, or undefined. */
function missingPlacement(series: SeriesIdentity): string | undefined {
  let lacks = placementLacks.get(series);
  if (lacks === undefined) {
    lacks = isFamily(series.measurement) ? PLACEMENT_TAGS.find((tag) => tagValue(series.tags, tag) === undefined) ?? '' : '';
    placementLacks.set(series, lacks);
  }
  return lacks === '' ? undefined : lacks;
}

function newSeriesProblem(series: SeriesIdentity, field: string): string | undefined {
  let problem = seriesProblems.get(series);
  if (problem === undefined) seriesProblems.set(series, (problem = seriesNameProblem(series.measurement, series.tags) ?? null));
  return problem ?? nameProblem('field key', field) ?? lineSplitProblem(series.measurement, series.tags, field);
}

/**
 * The last check before a store: a value of the type it claims, and finite. The parser already
 * refuses NaN, infinities and integers beyond int64, and gives those beyond ±2^53 exactly; this also holds for points from inside the
 * process (the simulator), and for whatever a future parser change lets through.
 */
function valueProblem(f: ParsedField): string | undefined {
  const v = f.value;
  if (f.type === 'string') return typeof v === 'string' ? undefined : `a string field got ${typeof v} ${String(v)}`;
  if (typeof v !== 'number') return `a ${f.type} field got ${typeof v} ${JSON.stringify(v)}`;
  if (f.type === 'boolean') return v === 0 || v === 1 ? undefined : `a boolean field got ${v}, not 0 or 1`;
  if (f.type === 'integer') {
    if (f.exact === undefined) return Number.isSafeInteger(v) ? undefined : `${v} is not an integer within ±9007199254740991 and has no exact text`;
    return /^-?\d{1,19}$/.test(f.exact) && Number(f.exact) === v ? undefined : `exact text ${JSON.stringify(f.exact)} does not match ${v}`;
  }
  return Number.isFinite(v) ? undefined : `${v} is not a finite number; InfluxDB refuses NaN and infinities`;
}

/** ISO text of a time that may be beyond what Date can show (±8.64e15 ms). */
function isoTime(t: number): string {
  return Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : `${t} ms since 1970`;
}

function toAlert(p: ParsedLine, time: number): AlertEvent {
  const tags = p.series.tags;
  const field = (k: string) => p.fields.find((f) => f.key === k)?.value;
  return {
    community: tagValue(tags, 'community')!, neighbourhood: tagValue(tags, 'neighbourhood')!,
    type: tagValue(tags, 'type') ?? 'unknown', severity: tagValue(tags, 'severity') ?? 'warning', device: tagValue(tags, 'device') ?? '',
    location: String(field('location') ?? ''), message: String(field('message') ?? ''), time,
  };
}
