/**
 * Tag maps keyed by whatever a device sends. They have no prototype, so `__proto__`,
 * `constructor` or `toString` are ordinary keys: with a plain `{}`, `tags.__proto__ = 'x'` is
 * silently dropped and `tags.constructor` reads back a function.
 */

/** Tag key → tag value, with no prototype (see the file comment). */
export type TagMap = Record<string, string>;

/** An empty tag map with no prototype. */
export function emptyTags(): TagMap {
  return Object.create(null) as TagMap;
}

/**
 * A no-prototype copy of `src` (its own enumerable keys only), keys sorted when `sorted`.
 * Returns `src` itself when it already has no prototype and no sorting is asked for.
 */
export function ownTags(src: Readonly<Record<string, string>>, sorted = false): TagMap {
  if (!sorted && Object.getPrototypeOf(src) === null) return src as TagMap;
  const out = emptyTags();
  const keys = Object.keys(src);
  if (sorted) keys.sort();
  for (const k of keys) out[k] = src[k];
  return out;
}

/** The value of tag `key`, or undefined; never a property inherited from Object.prototype. */
export function tagValue(tags: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(tags, key) ? tags[key] : undefined;
}
