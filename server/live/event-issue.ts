/**
 * Turns the first problem zod found in a client's event into one sentence that names the event,
 * the place in the payload and what was there: `live: unsubscribe: topics must be an array of
 * topics (energy, …), got number 5`. The value is described, never echoed whole: it came from the
 * client and may be huge.
 */
import type { z } from 'zod';

/** `live: <event>: <where> <must be …>, got <what was there>`. */
export function issueText(event: string, issue: z.core.$ZodIssue, input: unknown): string {
  const where = issue.path.length === 0 ? 'the request' : pathText(issue.path);
  return `live: ${event}: ${where} ${issue.message}, got ${describeValue(valueAt(input, issue.path))}`;
}

/** `topics[3]`, `resume.rooms["c-a/energy"].seq`. */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(clip(String(key)))}]`;
  }
  return out;
}

/** The value at `path`, through own properties only (a key like `constructor` must not reach the prototype). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A short description of a client's value: its kind and, for scalars, a clipped preview. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  switch (typeof v) {
    case 'string': return v.length > 80 ? `a string of ${v.length} characters` : `string ${JSON.stringify(v)}`;
    case 'number':
    case 'boolean': return `${typeof v} ${String(v)}`;
    case 'object': return ArrayBuffer.isView(v) || v instanceof ArrayBuffer ? 'binary data' : 'an object';
    default: return typeof v;
  }
}

export function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
