/**
 * Building blocks of InfluxQL text. Every name that reaches a statement goes through `ident` and
 * every tag value through `str`, so a hostile measurement or tag value is matched literally and
 * never ends a string, a statement or the query.
 */

/** InfluxQL escapes inside quoted strings and identifiers: backslash, the quote, and line breaks. */
function escapeQuoted(s: string, quote: '"' | "'"): string {
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else out += ch;
  }
  return out;
}

/** A double-quoted identifier (database, retention policy, measurement, tag key, field key). */
export function ident(name: string): string {
  return `"${escapeQuoted(name, '"')}"`;
}

/** A single-quoted string literal (tag values). */
export function str(value: string): string {
  return `'${escapeQuoted(value, "'")}'`;
}

/** Epoch ms as an InfluxQL time literal; sample times are whole ms, so a bound rounds up. */
export function msLiteral(ms: number): string {
  return `${Math.ceil(ms)}ms`;
}

/** A retention duration: InfluxDB wants whole units and at least 1 h, so ms round up to hours. */
export function hoursLiteral(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 3_600_000))}h`;
}

/**
 * `"k1"='v1' AND "k2"='v2'` for every tag of a series (empty values are written as absent tags, and
 * `"k"=''` matches a series without the tag, so they are kept). Series that carry extra tags still
 * match; callers GROUP BY * and keep the group whose tags are exactly these.
 */
export function tagConditions(tags: Record<string, string>): string[] {
  return Object.keys(tags).sort().map((k) => `${ident(k)}=${str(tags[k])}`);
}

/** Whether a result group's tags (GROUP BY *, '' for absent) are exactly the series' tags. */
export function sameTags(group: Record<string, string> | undefined, tags: Record<string, string>): boolean {
  const g = group ?? {};
  // Own properties only: tag keys are data, and `constructor` must not read the prototype.
  const at = (o: Record<string, string>, k: string) => (Object.hasOwn(o, k) ? o[k] : '');
  for (const k of Object.keys(g)) if (g[k] !== at(tags, k)) return false;
  for (const k of Object.keys(tags)) if (at(g, k) !== tags[k]) return false;
  return true;
}
