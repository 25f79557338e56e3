/**
 * Which series InfluxDB 1.x can store exactly, and how to write their names (verified against
 * influxd 1.6.7). Its line protocol has no escaped backslash, and two parts of it disagree on
 * what a backslash escapes:
 * - the tag and field scanners treat a separator as escaped when the character before it is a
 *   backslash, and unescape only `\,`, `\ ` and `\=` (in measurements and field keys also `\"`);
 * - the line splitter (scanLine) lets a backslash escape the next character, whatever it is, and
 *   after the first space it takes as unescaped it follows quotes, so that a line break inside
 *   a quoted string does not end the line.
 * So a name ending in a backslash cannot be written at all (influxd answers "invalid tag format"
 * to both `t=a\ ` and `t=a\\ `); a measurement or field key cannot hold a backslash before `,`,
 * space, `=` or `"`; and a tag with a backslash before a space can make the splitter see the
 * fields start inside the tags, then take a later `"` for the start of a string and run into
 * the next line, so influxd refuses the whole batch ("point is invalid"). A NUL character is
 * stored, but InfluxQL cannot quote it: every query naming the series fails, and so does listing
 * the series when the store opens. A tab at the start of a measurement or field key is skipped. The ingest validator refuses such series per line, whatever
 * the store, so no store holds a series the other could not.
 */

export type NameKind = 'measurement' | 'tag key' | 'tag value' | 'field key';

/**
 * Why InfluxDB 1.x cannot store this name exactly, or undefined if it can (as one name; see
 * `lineSplitProblem` for names together). `label` names the thing in the message (default: the
 * kind and the name, e.g. `tag value "C:\\dir\\"`).
 */
export function nameProblem(kind: NameKind, s: string, label = `${kind} ${JSON.stringify(s)}`): string | undefined {
  if (s === '' && kind !== 'tag value') return `${kind} is empty`;
  // Plain scans first: this runs for every new series, and most names need none of the checks below.
  if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) return `${label} contains a line break`;
  if (s.indexOf('\u0000') >= 0) return `${label} contains a NUL character, which InfluxQL cannot quote`;
  if (s.charCodeAt(s.length - 1) === 92 /* \ */) return `${label} ends with a backslash, which InfluxDB 1.x line protocol cannot express`;
  if (kind === 'measurement' && s.charCodeAt(0) === 35 /* # */) return `${label} starts with "#", which InfluxDB reads as a comment line`;
  // influxd skips tabs (and spaces, which are escaped here) before a line and before its fields.
  if ((kind === 'measurement' || kind === 'field key') && s.charCodeAt(0) === 9 /* tab */) return `${label} starts with a tab, which InfluxDB skips as white space`;
  if ((kind === 'measurement' || kind === 'field key') && s.indexOf('\\') >= 0 && /\\[, ="]/.test(s)) {
    return `${label} has a backslash before a comma, space, "=" or '"', which InfluxDB 1.x line protocol cannot express`;
  }
  if ((kind === 'tag key' || kind === 'field key') && s === 'time') return `${label} is reserved by InfluxDB`;
  return undefined;
}

/** Why InfluxDB 1.x cannot store the measurement or one of the tags, or undefined if it can. */
export function seriesNameProblem(measurement: string, tags: Readonly<Record<string, string>>): string | undefined {
  const m = nameProblem('measurement', measurement);
  if (m) return m;
  for (const k of Object.keys(tags)) {
    const problem = nameProblem('tag key', k) ?? nameProblem('tag value', tags[k], tagLabel(k, tags[k]));
    if (problem) return problem;
  }
  return undefined;
}

/** Escape a name for InfluxDB 1.x line protocol: `,`, space and `=` take a backslash, backslashes stay. */
export function escapeName(s: string): string {
  return /[, =]/.test(s) ? s.replace(/[, =]/g, '\\$&') : s;
}

/** `measurement,k=v,...` in InfluxDB's escaping: tags sorted, empty values left out (InfluxDB has none). */
export function influxSeriesPrefix(measurement: string, tags: Readonly<Record<string, string>>): string {
  let prefix = escapeName(measurement);
  for (const k of Object.keys(tags).sort()) {
    const v = tags[k];
    if (v !== '') prefix += `,${escapeName(k)}=${escapeName(v)}`;
  }
  return prefix;
}

/**
 * Why InfluxDB's line splitter might not find the end of a line of this series and field where
 * it is, or undefined. It replays scanLine over `prefix field=` and asks for the state a plain
 * line has there (fields begun, one more `=` than `,`, outside quotes): from then on values,
 * further fields and the timestamp read the same, so the line ends where it should. (Another
 * state may still end the line right, with other fields; such rare series are refused all the
 * same.) Call with names `nameProblem` passes.
 */
export function lineSplitProblem(measurement: string, tags: Readonly<Record<string, string>>, field: string): string | undefined {
  const prefix = influxSeriesPrefix(measurement, tags);
  // Without a backslash before a space, the splitter starts the fields where the tag scanner does.
  if (prefix.indexOf('\\\\ ') < 0) return undefined;
  const text = `${prefix} ${escapeName(field)}=`;
  let quoted = false, fields = false, equals = 0, commas = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) { i++; continue; }
    if (c === 32) fields = true;
    if (!fields) continue;
    if (!quoted && c === 61 /* = */) equals++;
    else if (!quoted && c === 44 /* , */) commas++;
    else if (c === 34 /* " */ && equals > commas) quoted = !quoted;
  }
  if (!quoted && equals - commas === 1) return undefined;
  const culprit = Object.keys(tags).find((k) => /(^|[^\\])(\\\\)*\\ /.test(k) || /(^|[^\\])(\\\\)*\\ /.test(tags[k]));
  const where = culprit === undefined ? 'a tag' : /(^|[^\\])(\\\\)*\\ /.test(culprit) ? `tag key ${JSON.stringify(culprit)}` : tagLabel(culprit, tags[culprit]);
  return `${where} has a backslash before a space, which with the rest of this series' names can make InfluxDB 1.x misread where the line ends`;
}

function tagLabel(key: string, value: string): string {
  return `value ${JSON.stringify(value)} of tag ${JSON.stringify(key)}`;
}
