/**
 * Deterministic IFC GlobalIds.
 *
 * A demo community is regenerated often; if its GlobalIds changed on every run, every imported GLB,
 * every device binding and every cached property lookup keyed by GlobalId would break. So ids are
 * derived from a stable string key by hashing, not drawn at random.
 */
import { createHash } from 'node:crypto';

/** IFC's own base64 alphabet: NOT RFC 4648 (digits first, `_` and `$` last). */
const IFC_BASE64 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';

const GLOBAL_ID_PATTERN = /^[0-3][0-9A-Za-z_$]{21}$/;

/**
 * A 22-character IFC GlobalId for `key`: the first 128 bits of SHA-1(key), packed the way IFC packs a
 * GUID (first byte as 2 characters, so the first character is 0–3, then 5 × 3 bytes as 4 characters each).
 * Same key ⇒ same id. Keys must be unique within a model (e.g. `b-1/wall/3/2`).
 */
export function ifcGlobalId(key: string): string {
  const bytes = createHash('sha1').update(key, 'utf8').digest().subarray(0, 16);
  let out = IFC_BASE64[bytes[0] >> 6] + IFC_BASE64[bytes[0] & 63];
  for (let i = 1; i < 16; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += IFC_BASE64[(n >> 18) & 63] + IFC_BASE64[(n >> 12) & 63] + IFC_BASE64[(n >> 6) & 63] + IFC_BASE64[n & 63];
  }
  return out;
}

/** True if `s` has the shape of an IFC GlobalId (22 characters of IFC base64, first character 0–3). */
export function isIfcGlobalId(s: string): boolean {
  return GLOBAL_ID_PATTERN.test(s);
}
