/**
 * Line protocol in the dialect InfluxDB 1.x actually reads, which differs from the project's own
 * parser (streams/line-protocol/parse.ts): InfluxDB has no escaped backslash. It decides whether a
 * separator is escaped by looking at the one character before it, and unescapes only `\,`, `\ `
 * and `\=` (in measurements and field keys also `\"`). So names are written with `,`, space and
 * `=` prefixed by a backslash and backslashes left alone. That is exact for tag keys and values
 * with a backslash anywhere but at the end; measurements and field keys also cannot hold a
 * backslash before `,`, space, `=` or `"`. Those names (found by round-trip tests against
 * influxd 1.6.7) are refused with an `influxdb: ` error rather than stored under another name.
 */
import type { SampleColumns, TextSamples } from '../../../streams/live-protocol.ts';
import { escapeStringField } from '../../../streams/line-protocol/parse.ts';
import type { SeriesDef } from '../types.ts';

/** Lines per HTTP write; InfluxDB recommends batches of 5,000 to 10,000 points. */
export const LINES_PER_REQUEST = 10_000;

export type NameKind = 'measurement' | 'tag key' | 'tag value' | 'field key';

/** Why InfluxDB 1.x cannot store this name exactly, or undefined if it can. */
export function nameProblem(kind: NameKind, s: string): string | undefined {
  if (s === '' && kind !== 'tag value') return `${kind} is empty`;
  if (/[\n\r]/.test(s)) return `${kind} ${JSON.stringify(s)} contains a line break`;
  if (s.endsWith('\\')) return `${kind} ${JSON.stringify(s)} ends with a backslash, which InfluxDB 1.x line protocol cannot express`;
  if (kind === 'measurement' && s.startsWith('#')) return `measurement ${JSON.stringify(s)} starts with "#", which InfluxDB reads as a comment line`;
  if ((kind === 'measurement' || kind === 'field key') && /\\[, ="]/.test(s)) {
    return `${kind} ${JSON.stringify(s)} has a backslash before a comma, space, "=" or '"', which InfluxDB 1.x line protocol cannot express`;
  }
  if ((kind === 'tag key' || kind === 'field key') && s === 'time') return `${kind} "time" is reserved by InfluxDB`;
  return undefined;
}

/** Escape a name for InfluxDB 1.x line protocol (see the file comment). */
export function escapeName(s: string): string {
  return /[, =]/.test(s) ? s.replace(/[, =]/g, '\\$&') : s;
}

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
  let prefix = escapeName(def.measurement);
  for (const k of Object.keys(def.tags).sort()) {
    const v = def.tags[k];
    problems.push(nameProblem('tag key', k), nameProblem('tag value', v));
    // InfluxDB has no empty tag values: an empty value is the same as no tag at all.
    if (v !== '') prefix += `,${escapeName(k)}=${escapeName(v)}`;
  }
  const problem = problems.find((p) => p !== undefined);
  if (problem) throw new Error(`influxdb: series ${def.id} (${def.key} ${def.field}) cannot be stored: ${problem}`);
  return { def, prefix, field: escapeName(def.field) };
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
 * (write with precision=ms).
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
  for (let i = 0; i < sid.length; i++) add(sid[i], t[i], (p) => formatValue(p, v[i]));
  flush();
  for (let i = 0; i < text.sid.length; i++) {
    add(text.sid[i], text.t[i], (p) => {
      if (p.def.type !== 'string') throw new Error(`influxdb: series ${p.def.id} (${p.def.key} ${p.def.field}) is a ${p.def.type} field but got text`);
      return escapeStringField(text.s[i]);
    });
  }
  flush();
  if (lines.length) bodies.push(lines.join('\n'));
  return bodies;
}
