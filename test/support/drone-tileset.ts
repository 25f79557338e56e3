/**
 * A drone photogrammetry delivery made from the public samples (the houses and trees of
 * 3dtiles/metadata-granularities), as survey software writes them: a quadtree of three levels of
 * detail under an ECEF root transform at the community (some 6,400 km from the earth's centre),
 * Draco-compressed geometry (KHR_draco_mesh_compression, in GLB and inside b3dm), textures in
 * WebP (EXT_texture_webp), KTX2/Basis (KHR_texture_basisu), JPEG and PNG. Each level is a block of
 * `BLOCK_M` metres split in four, so only a close view asks for the finest tiles.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NodeIO, type Texture } from '@gltf-transform/core';
import { ALL_EXTENSIONS, EXTTextureWebP, KHRTextureBasisu } from '@gltf-transform/extensions';
import { draco, mergeDocuments, unpartition } from '@gltf-transform/functions';
import draco3d from 'draco3d';
import sharp from 'sharp';
import { encode } from '@loaders.gl/core';
import { KTX2BasisWriter } from '@loaders.gl/textures';
import { enuToEcefMatrix, type GeoOrigin } from '../../twin-models/manifest/georef.ts';
import { glbToB3dm } from '../../twin-models/import/tiles/b3dm.ts';

/** Side of the whole block, metres. */
export const BLOCK_M = 480;
/** Geometric error per level, metres: the root gives way at mid distance, level 1 only close up. */
const GEOMETRIC_ERROR = [24, 6, 0];

export type TextureKind = 'webp' | 'ktx2' | 'jpeg' | 'png';

export interface DroneTilesetReport {
  tilesetPath: string;
  tiles: number;
  /** Content files by what they hold. */
  contents: { uri: string; level: number; container: 'glb' | 'b3dm'; texture: TextureKind }[];
}

const require = createRequire(import.meta.url);

let ioPromise: Promise<NodeIO> | undefined;
function io(): Promise<NodeIO> {
  ioPromise ??= (async () => new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({
    'draco3d.encoder': await draco3d.createEncoderModule(),
    'draco3d.decoder': await draco3d.createDecoderModule(),
  }))();
  return ioPromise;
}

/** Writes the tileset into `outDir` (tileset.json and its content files); `origin` is its centre. */
export async function writeDroneTileset(samplesDir: string, outDir: string, origin: GeoOrigin): Promise<DroneTilesetReport> {
  mkdirSync(outDir, { recursive: true });
  const contents: DroneTilesetReport['contents'] = [];
  let tiles = 0;
  const houses = ['house1-1.glb', 'house-3-0.glb', 'house-4-2.glb', 'house-5-3.glb'].map((f) => join(samplesDir, 'metadata-granularities', f));
  const tree = join(samplesDir, 'metadata-granularities', 'tree-lime-2-0.glb');
  // Textures cycle through the formats; level 1 goes as b3dm, the others as GLB.
  const kinds: TextureKind[] = ['webp', 'ktx2', 'jpeg', 'png'];
  let k = 0;

  const tile = async (level: number, x: number, y: number): Promise<Record<string, unknown>> => {
    tiles++;
    const size = BLOCK_M / 2 ** level;
    const e0 = -BLOCK_M / 2 + x * size, n0 = -BLOCK_M / 2 + y * size;
    const texture = level === 0 ? 'webp' : kinds[k++ % kinds.length];
    const container = level === 1 ? 'b3dm' : 'glb';
    const glb = await tileGlb(houses[(x + y + level) % houses.length], tree, [e0 + size / 2, n0 + size / 2], size, texture);
    const uri = `${level}/${x}_${y}.${container}`;
    mkdirSync(join(outDir, String(level)), { recursive: true });
    writeFileSync(join(outDir, uri), container === 'b3dm' ? glbToB3dm(glb) : glb);
    contents.push({ uri, level, container, texture });
    const children = level + 1 < GEOMETRIC_ERROR.length
      ? await Promise.all([[0, 0], [1, 0], [0, 1], [1, 1]].map(([dx, dy]) => tile(level + 1, x * 2 + dx, y * 2 + dy)))
      : undefined;
    // Box in the root's east-north-up frame: centre, then half axes (the houses stand up to 0.3 × size).
    const box = [e0 + size / 2, n0 + size / 2, size * 0.15, size / 2, 0, 0, 0, size / 2, 0, 0, 0, size * 0.15 + 1];
    return { boundingVolume: { box }, geometricError: GEOMETRIC_ERROR[level], refine: 'REPLACE', content: { uri }, ...(children ? { children } : {}) };
  };

  const root = await tile(0, 0, 0);
  const tileset = { asset: { version: '1.1', generator: 'test drone survey' }, geometricError: GEOMETRIC_ERROR[0] * 4, root: { ...root, transform: enuToEcefMatrix(origin) } };
  const tilesetPath = join(outDir, 'tileset.json');
  writeFileSync(tilesetPath, JSON.stringify(tileset, null, 1));
  return { tilesetPath, tiles, contents };
}

/**
 * One tile's GLB: a sample house scaled to fill its cell and a tree beside it, in the tile's
 * place (glTF Y-up: +X east, −Z north), Draco-compressed, with a texture of the asked format on
 * every material.
 */
async function tileGlb(housePath: string, treePath: string, centre: [number, number], size: number, texture: TextureKind): Promise<Uint8Array> {
  const nio = await io();
  const doc = await nio.read(housePath);
  mergeDocuments(doc, await nio.read(treePath));
  const root = doc.getRoot();
  // Every scene's nodes under one scene, under one placed parent.
  const scene = root.listScenes()[0];
  const parent = doc.createNode('tile').setTranslation([centre[0], 0, -centre[1]]).setScale([size / 48, size / 48, size / 48]);
  for (const s of root.listScenes()) {
    for (const n of s.listChildren()) { s.removeChild(n); parent.addChild(n); }
    if (s !== scene) s.dispose();
  }
  scene.addChild(parent);
  root.setDefaultScene(scene);
  const image = await textureImage(texture, Math.round(size) % 7);
  const tex: Texture = doc.createTexture(texture).setImage(image.data).setMimeType(image.mimeType);
  for (const m of root.listMaterials()) m.setBaseColorTexture(tex).setMetallicFactor(0).setRoughnessFactor(0.9);
  for (const t of root.listTextures()) if (t !== tex) t.dispose();
  if (texture === 'webp') doc.createExtension(EXTTextureWebP).setRequired(true);
  if (texture === 'ktx2') doc.createExtension(KHRTextureBasisu).setRequired(true);
  await doc.transform(unpartition(), draco({ method: 'edgebreaker' }));
  return nio.writeBinary(doc);
}

/** A 64 px façade-like pattern (brick rows of a shade picked by `shade`), encoded as asked. */
async function textureImage(kind: TextureKind, shade: number): Promise<{ data: Uint8Array; mimeType: string }> {
  const w = 64, h = 64;
  const rgba = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const mortar = y % 8 === 0 || (x + (Math.floor(y / 8) % 2) * 8) % 16 === 0;
    const i = (y * w + x) * 4;
    rgba[i] = mortar ? 210 : 150 + shade * 12;
    rgba[i + 1] = mortar ? 205 : 80 + shade * 6;
    rgba[i + 2] = mortar ? 195 : 60;
    rgba[i + 3] = 255;
  }
  const raw = sharp(rgba, { raw: { width: w, height: h, channels: 4 } });
  if (kind === 'webp') return { data: await raw.webp({ quality: 80 }).toBuffer(), mimeType: 'image/webp' };
  if (kind === 'jpeg') return { data: await raw.jpeg({ quality: 85 }).toBuffer(), mimeType: 'image/jpeg' };
  if (kind === 'png') return { data: await raw.png().toBuffer(), mimeType: 'image/png' };
  return { data: await ktx2(rgba, w, h), mimeType: 'image/ktx2' };
}

let basisEncoder: Promise<Record<string, unknown>> | undefined;

/** KTX2 (Basis ETC1S) with the Basis encoder loaders.gl ships, handed to its writer ready-made (and quiet). */
async function ktx2(rgba: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  basisEncoder ??= (async () => {
    const libs = join(dirname(require.resolve('@loaders.gl/textures')), 'libs');
    // An emscripten script that assigns module.exports, in a package of ES modules: run as the CommonJS it is.
    const file = join(libs, 'basis_encoder.js');
    const module = { exports: {} as unknown };
    new Function('module', 'exports', 'require', '__filename', '__dirname', readFileSync(file, 'utf8'))(module, module.exports, require, file, libs);
    const BASIS = module.exports as (o: object) => Promise<Record<string, any>>;
    const m = await BASIS({ wasmBinary: readFileSync(join(libs, 'basis_encoder.wasm')), print: () => {}, printErr: () => {} });
    m.initializeBasis();
    return { BasisEncoder: m.BasisEncoder, KTX2File: m.KTX2File, BasisFile: m.BasisFile };
  })();
  const modules = { basisEncoder: await basisEncoder };
  const out = await encode({ data: rgba, width, height } as never, KTX2BasisWriter, { modules, core: { worker: false } } as never);
  return new Uint8Array(out);
}
