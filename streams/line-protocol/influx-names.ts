/**
 * Which names InfluxDB 1.x can store exactly. Its line protocol has no escaped backslash: it
 * decides whether a separator is escaped by looking at the one character before it, and unescapes
 * only `\,`, `\ ` and `\=` (in measurements and field keys also `\"`). So a tag key or value
 * ending in a backslash cannot be written at all (influxd answers "invalid tag format" to both
 * `t=a\ ` and `t=a\\ `), and a measurement or field key cannot hold a backslash before `,`,
 * space, `=` or `"` (verified against influxd 1.6.7). A NUL character is written and stored, but
 * InfluxQL cannot quote it: every query naming the series fails, and so does listing the series
 * when the store opens. The ingest validator refuses such names per line, whatever the store, so
 * no store holds a series the other could not.
 */

export type NameKind = 'measurement' | 'tag key' | 'tag value' | 'field key';

/**
 * Why InfluxDB 1.x cannot store this name exactly, or undefined if it can. `label` names the
 * thing in the message (default: the kind and the name, e.g. `tag value "C:\\dir\\"`).
 */
export function nameProblem(kind: NameKind, s: string, label = `${kind} ${JSON.stringify(s)}`): string | undefined {
  if (s === '' && kind !== 'tag value') return `${kind} is empty`;
  // Plain scans first: this runs for every new series, and most names need none of the checks below.
  if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) return `${label} contains a line break`;
  if (s.indexOf('\u0000') >= 0) return `${label} contains a NUL character, which InfluxQL cannot quote`;
  if (s.charCodeAt(s.length - 1) === 92 /* \ */) return `${label} ends with a backslash, which InfluxDB 1.x line protocol cannot express`;
  if (kind === 'measurement' && s.charCodeAt(0) === 35 /* # */) return `${label} starts with "#", which InfluxDB reads as a comment line`;
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
    const problem = nameProblem('tag key', k) ?? nameProblem('tag value', tags[k], `value ${JSON.stringify(tags[k])} of tag ${JSON.stringify(k)}`);
    if (problem) return problem;
  }
  return undefined;
}
