/**
 * Line protocol in the dialect InfluxDB 1.x actually reads (as streams/line-protocol/parse.ts
 * does): it has no escaped backslash (see streams/line-protocol/influx-names.ts). So names are written with `,`, space and `=` prefixed by
 * a backslash and backslashes left alone, which is exact for every series `nameProblem` and
 * `lineSplitProblem` pass. The ingest validator refuses the other series per line; one that still
 * comes here (read from an older store, say) is refused with an `influxdb: ` error rather than
 * stored under another name or sent in a batch influxd would refuse whole.
 */
import type { SampleColumns, TextSamples } from '../../../streams/live-protocol.ts';
import { escapeStringField } from '../../../streams/line-protocol/parse.ts';
import { influxSeriesPrefix, lineSplitProblem, nameProblem, escapeName } from '../../../streams/line-protocol/influx-names.ts';
import type { SeriesDef } from '../types.ts';

export { escapeName, nameProblem, type NameKind } from '../../../streams/line-protocol/influx-names.ts';

/** The exact text of an int64 (WriteBatch.text of an integer series). */
const INT64_TEXT = /^-?\d{1,19}$/;

/** Lines per HTTP write; InfluxDB recommends batches of 5,000 to 10,000 points. */
export const LINES_PER_REQUEST = 10_000;

/** What a series contributes to a line: `measurement,tags` and `field=`. */
export interface LineParts {
  def: SeriesDef;
  /** `measurement,k=v,...` in InfluxDB's escaping; tags sorted, empty values left out. */
  prefix: string;
  /** Escaped field key. */
  field: string;
}

/** Check every name of a series and prepare its line parts; throws `influxdb: ...` if it cannot be stored. */
export function lineParts(def: SeriesDef): LineParts {
  const problems: (string | undefined)[] = [nameProblem('measurement', def.measurement), nameProblem('field key', def.field)];
  for (const k of Object.keys(def.tags)) problems.push(nameProblem('tag key', k), nameProblem('tag value', def.tags[k]));
  const problem = problems.find((p) => p !== undefined) ?? lineSplitProblem(def.measurement, def.tags, def.field);
  if (problem) throw new Error(`influxdb: series ${def.id} (${def.key} ${def.field}) cannot be stored: ${problem}`);
  // InfluxDB has no empty tag values: an empty value is the same as no tag at all (the prefix leaves them out).
  return { def, prefix: influxSeriesPrefix(def.measurement, def.tags), field: escapeName(def.field) };
}

function formatValue(parts: LineParts, v: number): string {
  if (!Number.isFinite(v)) {
    throw new Error(`influxdb: series ${parts.def.id} (${parts.def.key} ${parts.def.field}): ${v} cannot be stored`);
  }
  switch (parts.def.type) {
    case 'integer': return `${Math.trunc(v)}i`;
    case 'boolean': return v !== 0 ? 'true' : 'false';
    case 'float': return String(v);
    default:
      throw new Error(`influxdb: series ${parts.def.id} (${parts.def.key} ${parts.def.field}) is a ${parts.def.type} field but got a number`);
  }
}

/**
 * Turn sample columns into line protocol, split into request bodies of at most `LINES_PER_REQUEST`
 * lines. Adjacent samples of the same series key and time become one line with several fields (a
 * repeated field starts a new line, which InfluxDB merges, last one winning). Times are epoch ms
 * (write with precision=ms). Integers beyond ±2^53 are written from their exact text.
 */
export function formatBatch(
  samples: SampleColumns,
  text: TextSamples,
  partsOf: (id: number) => LineParts,
  linesPerBody = LINES_PER_REQUEST,
): string[] {
  const bodies: string[] = [];
  let lines: string[] = [];
  let prefix: string | undefined;
  let time = NaN;
  let fields = '';
  const seen = new Set<string>();
  const flush = (): void => {
    if (prefix === undefined) return;
    lines.push(`${prefix} ${fields} ${time}`);
    prefix = undefined;
    seen.clear();
    if (lines.length >= linesPerBody) { bodies.push(lines.join('\n')); lines = []; }
  };
  const add = (id: number, t: number, value: (p: LineParts) => string): void => {
    const p = partsOf(id);
    const ms = Math.round(t);
    if (!Number.isFinite(ms)) throw new Error(`influxdb: series ${id}: time ${t} is not a number of ms`);
    if (p.prefix !== prefix || ms !== time || seen.has(p.field)) {
      flush();
      prefix = p.prefix;
      time = ms;
      fields = '';
    }
    fields += `${fields ? ',' : ''}${p.field}=${value(p)}`;
    seen.add(p.field);
  };
  const { sid, t, v } = samples;
  for (let i = 0; i < sid.length; i++) {
    // An integer beyond ±2^53 is written from its exact text (in `text`), not from the float64.
    if (!Number.isSafeInteger(v[i]) && partsOf(sid[i]).def.type === 'integer' && Number.isFinite(v[i])) continue;
    add(sid[i], t[i], (p) => formatValue(p, v[i]));
  }
  flush();
  for (let i = 0; i < text.sid.length; i++) {
    add(text.sid[i], text.t[i], (p) => {
      if (p.def.type === 'integer' && INT64_TEXT.test(text.s[i])) return `${text.s[i]}i`;
      if (p.def.type !== 'string') throw new Error(`influxdb: series ${p.def.id} (${p.def.key} ${p.def.field}) is a ${p.def.type} field but got text ${JSON.stringify(text.s[i].slice(0, 40))}`);
      return escapeStringField(text.s[i]);
    });
  }
  flush();
  if (lines.length) bodies.push(lines.join('\n'));
  return bodies;
}
