/**
 * 3D Tiles 1.1 implicit tiling (and its 1.0 extension `3DTILES_implicit_tiling`): the tiles of a
 * quadtree or octree are not listed in the JSON but given by subtree files, whose availability
 * bitstreams say which tiles exist, which have content and which child subtrees follow. The
 * validator follows every available subtree from the root, expands the templated URIs
 * (`{level}`, `{x}`, `{y}`, `{z}`) and checks that each available content exists; a subtree or a
 * content the availability promises but the folder lacks is an error naming the tile.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';

export interface ImplicitTiling {
  subdivisionScheme?: string;
  subtreeLevels?: number;
  availableLevels?: number;
  /** The 1.0 extension's name for availableLevels − 1. */
  maximumLevel?: number;
  subtrees?: { uri?: string };
}

export interface ImplicitCheck {
  errors: string[];
  /** Available tiles found. */
  tiles: number;
  /** Called for each content the availability says is there, with its file and where it is. */
  content(file: string, at: string): Promise<void>;
}

/** Most subtrees followed in one tileset: a runaway availability cannot keep the validator busy for hours. */
export const MAX_SUBTREES = 100_000;

interface Availability { constant?: number; bitstream?: number; bufferView?: number; availableCount?: number }
interface SubtreeJson {
  buffers?: { byteLength: number; uri?: string }[];
  bufferViews?: { buffer: number; byteOffset?: number; byteLength: number }[];
  tileAvailability?: Availability;
  contentAvailability?: Availability[] | Availability;
  childSubtreeAvailability?: Availability;
}
interface Bits { get(i: number): boolean }

export async function checkImplicitTiling(spec: ImplicitTiling, contentTemplates: string[], base: string, at: string, c: ImplicitCheck): Promise<void> {
  const where = `${at}.implicitTiling`;
  const scheme = spec.subdivisionScheme;
  if (scheme !== 'QUADTREE' && scheme !== 'OCTREE') { c.errors.push(`${where}.subdivisionScheme must be "QUADTREE" or "OCTREE", got ${JSON.stringify(scheme)}`); return; }
  const levels = spec.availableLevels ?? (Number.isInteger(spec.maximumLevel) ? spec.maximumLevel! + 1 : undefined);
  if (!Number.isInteger(levels) || levels! < 1) { c.errors.push(`${where}.availableLevels must be an integer ≥ 1`); return; }
  if (!Number.isInteger(spec.subtreeLevels) || spec.subtreeLevels! < 1) { c.errors.push(`${where}.subtreeLevels must be an integer ≥ 1`); return; }
  const template = spec.subtrees?.uri;
  if (typeof template !== 'string' || !template) { c.errors.push(`${where}.subtrees.uri: no template`); return; }
  const octree = scheme === 'OCTREE';
  const dims = octree ? 3 : 2;
  const subtreeLevels = spec.subtreeLevels!;
  let subtrees = 0;

  // Subtrees to read, each with the global coordinates of its root tile.
  const queue: [number, number, number, number][] = [[0, 0, 0, 0]];
  while (queue.length) {
    const [L, X, Y, Z] = queue.shift()!;
    if (++subtrees > MAX_SUBTREES) { c.errors.push(`${where}: more than ${MAX_SUBTREES} subtrees; not followed further`); return; }
    const file = normalize(join(base, expand(template, L, X, Y, Z)));
    const name = `${where} subtree ${L}/${X}/${Y}${octree ? `/${Z}` : ''}`;
    let sub: { json: SubtreeJson; views: Map<number, Buffer> };
    try {
      sub = await readSubtree(file);
    } catch (e) {
      c.errors.push(`${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `subtree file ${file} is missing` : `${file}: ${(e as Error).message}`}`);
      continue;
    }
    const bits = (a: Availability | undefined, count: number, what: string): Bits | null => {
      const b = bitsOf(sub.views, a, count);
      if (typeof b === 'string') c.errors.push(`${what}: ${b}`);
      return typeof b === 'string' ? null : b;
    };
    // Tiles in the subtree: levels 0..subtreeLevels−1 (fewer at the bottom of the tree), in Morton order per level.
    const depth = Math.min(subtreeLevels, levels! - L);
    const nodes = ((1 << (dims * depth)) - 1) / ((1 << dims) - 1);
    const tileBits = bits(sub.json.tileAvailability, nodes, `${name}.tileAvailability`);
    const contentAvail = sub.json.contentAvailability === undefined ? [] : Array.isArray(sub.json.contentAvailability) ? sub.json.contentAvailability : [sub.json.contentAvailability];
    const contentBits = contentAvail.map((a, i) => bits(a, nodes, `${name}.contentAvailability[${i}]`));
    if (!tileBits || contentBits.some((b) => !b)) continue;
    let index = 0;
    for (let l = 0; l < depth; l++) {
      for (let m = 0; m < 1 << (dims * l); m++, index++) {
        if (!tileBits.get(index)) continue;
        c.tiles++;
        const [lx, ly, lz] = deinterleave(m, dims);
        const gl = L + l, gx = (X << l) | lx, gy = (Y << l) | ly, gz = (Z << l) | lz;
        for (const [i, bits] of contentBits.entries()) {
          if (!bits!.get(index)) continue;
          const tpl = contentTemplates[i] ?? contentTemplates[0];
          if (!tpl) { c.errors.push(`${name}: content ${i} is available but the tile has no content template`); continue; }
          const part = contentBits.length > 1 ? `.contents[${i}]` : '.content';
          await c.content(normalize(join(base, expand(tpl, gl, gx, gy, gz))), `${at} tile ${gl}/${gx}/${gy}${octree ? `/${gz}` : ''}${part}`);
        }
      }
    }
    // Child subtrees hang below the subtree's last level.
    if (L + subtreeLevels >= levels!) continue;
    const children = 1 << (dims * subtreeLevels);
    const childBits = bits(sub.json.childSubtreeAvailability, children, `${name}.childSubtreeAvailability`);
    if (!childBits) continue;
    for (let m = 0; m < children; m++) {
      if (!childBits.get(m)) continue;
      const [cx, cy, cz] = deinterleave(m, dims);
      queue.push([L + subtreeLevels, (X << subtreeLevels) | cx, (Y << subtreeLevels) | cy, (Z << subtreeLevels) | cz]);
    }
  }
}

/** A URI template with the tile's coordinates put in. */
export function expand(template: string, level: number, x: number, y: number, z = 0): string {
  return decodeURIComponent(template.split(/[?#]/)[0]).replaceAll('{level}', String(level)).replaceAll('{x}', String(x)).replaceAll('{y}', String(y)).replaceAll('{z}', String(z));
}

/** True when a content URI is a template of implicit tiling. */
export const isTemplate = (uri: string) => /\{(level|x|y|z)\}/.test(uri);

/** Morton index → coordinates (bits of x, y[, z] interleaved, x lowest). */
function deinterleave(m: number, dims: number): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let bit = 0; m >> (bit * dims); bit++) {
    for (let d = 0; d < dims; d++) out[d] |= ((m >> (bit * dims + d)) & 1) << bit;
  }
  return out;
}

/** A binary (`subt`) or JSON subtree file, with a reader of its availability bitstreams. */
async function readSubtree(file: string) {
  const bytes = await readFile(file);
  let json: SubtreeJson;
  let internal: Buffer | null = null;
  if (bytes.subarray(0, 4).toString('latin1') === 'subt') {
    if (bytes.byteLength < 24) throw new Error('shorter than the 24-byte subtree header');
    const jsonLength = Number(bytes.readBigUInt64LE(8));
    const binLength = Number(bytes.readBigUInt64LE(16));
    if (24 + jsonLength + binLength > bytes.byteLength) throw new Error(`header says ${24 + jsonLength + binLength} bytes but the file has ${bytes.byteLength}`);
    json = JSON.parse(bytes.subarray(24, 24 + jsonLength).toString('utf8'));
    internal = bytes.subarray(24 + jsonLength, 24 + jsonLength + binLength);
  } else {
    try { json = JSON.parse(bytes.toString('utf8')); } catch { throw new Error('neither a binary subtree (magic "subt") nor JSON'); }
  }
  const buffers = new Map<number, Buffer>();
  const buffer = async (i: number): Promise<Buffer> => {
    const b = json.buffers?.[i];
    if (!b) throw new Error(`buffer ${i} is not defined`);
    if (!b.uri) { if (!internal) throw new Error(`buffer ${i} has no uri and the file no binary chunk`); return internal; }
    if (!buffers.has(i)) buffers.set(i, await readFile(join(dirname(file), decodeURIComponent(b.uri))));
    return buffers.get(i)!;
  };
  // Every bitstream the availabilities use, read up front so that `bits` can stay synchronous.
  const views = new Map<number, Buffer>();
  const avail = [json.tileAvailability, json.childSubtreeAvailability, ...(Array.isArray(json.contentAvailability) ? json.contentAvailability : [json.contentAvailability])];
  for (const a of avail) {
    const v = a?.bitstream ?? a?.bufferView;
    if (v === undefined || views.has(v)) continue;
    const bv = json.bufferViews?.[v];
    if (!bv) throw new Error(`bufferView ${v} is not defined`);
    const b = await buffer(bv.buffer);
    const start = bv.byteOffset ?? 0;
    if (start + bv.byteLength > b.byteLength) throw new Error(`bufferView ${v} runs past the end of buffer ${bv.buffer}`);
    views.set(v, b.subarray(start, start + bv.byteLength));
  }
  return { json, views };
}

/** Reads one availability: a constant, or a bitstream of at least `count` bits; a string says what is wrong. */
function bitsOf(views: Map<number, Buffer>, a: Availability | undefined, count: number): Bits | string {
  if (!a) return 'missing';
  if (a.constant !== undefined) return { get: () => a.constant === 1 };
  const v = views.get((a.bitstream ?? a.bufferView)!);
  if (!v) return 'neither constant nor bitstream';
  if (v.byteLength * 8 < count) return `${v.byteLength * 8} bits for ${count} entries`;
  return { get: (i: number) => ((v[i >> 3] >> (i & 7)) & 1) === 1 };
}
