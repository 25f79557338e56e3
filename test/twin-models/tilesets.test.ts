/**
 * 3D Tiles validation on the shared sample tilesets (1.0 b3dm with regions; 1.1 GLB content with
 * metadata; 1.1 implicit tiling with subtrees), on a drone survey made here from them (Draco, WebP,
 * KTX2, b3dm, an ECEF transform) and on broken copies: every problem is named with the tile and the file.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from '@loaders.gl/core';
import { Tiles3DLoader } from '@loaders.gl/3d-tiles';
import { validateTileset } from '../../twin-models/import/tiles/validate-tileset.ts';
import { wrapMeshAsTileset, parseObj, MeshImportError } from '../../twin-models/import/tiles/wrap-mesh.ts';
import { sampleFolder } from '../support/sample-data.ts';
import { writeDroneTileset } from '../support/drone-tileset.ts';
import { requireSamples } from '../support/require-samples.ts';

const samples = sampleFolder('3dtiles');
const DATA = samples.dir;
const haveSamples = requireSamples(samples);
const tmp = mkdtempSync(join(tmpdir(), 'tiles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!haveSamples)('3D Tiles validation', () => {
  it.each([
    { dir: 'city', version: '1.0', tiles: 5, contents: 4 },
    { dir: 'metadata-granularities', version: '1.1', tiles: 5, contents: 20 },
  ])('the sample $dir tileset is valid ($tiles tiles, $contents contents) and loads with loaders.gl', async ({ dir, version, tiles, contents }) => {
    const path = join(DATA, dir, 'tileset.json');
    const r = await validateTileset(path);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ version, tiles, contents });
    const ts = await load(new Uint8Array(readFileSync(path)).buffer, Tiles3DLoader, { '3d-tiles': { isTileset: true }, baseUri: path } as never) as { type: string; root: { children: unknown[] } };
    expect(ts.type).toBe('TILES3D');
    expect(ts.root.children.length).toBeGreaterThan(0);
  });

  it('the implicit-tiling sample is followed through its subtrees: every available content is there', async () => {
    const r = await validateTileset(join(DATA, 'sparse-implicit-quadtree', 'tileset.json'));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    // 32 contents at level 5 (the sample's README) and their ancestors, in 9 subtrees.
    expect(r).toMatchObject({ version: '1.1', contents: 32 });
    expect(r.tiles).toBeGreaterThan(32);
  });

  it.each([
    { name: 'an available content is missing', edit: (d: string) => unlinkSync(join(d, 'content', 'content_5__25_12.glb')), error: /root tile 5\/25\/12\.content: content file .*content_5__25_12\.glb is missing/ },
    { name: 'a child subtree is missing', edit: (d: string) => unlinkSync(join(d, 'subtrees', '3.3.6.subtree')), error: /subtree 3\/3\/6: subtree file .*3\.3\.6\.subtree is missing/ },
    { name: 'a subtree is truncated', edit: (d: string) => writeFileSync(join(d, 'subtrees', '0.0.0.subtree'), readFileSync(join(d, 'subtrees', '0.0.0.subtree')).subarray(0, 30)), error: /subtree 0\/0\/0: .*0\.0\.0\.subtree: header says \d+ bytes but the file has 30/ },
    { name: 'the scheme is unknown', edit: (d: string) => rewrite(d, (t) => { t.root.implicitTiling.subdivisionScheme = 'HEXTREE'; }), error: /implicitTiling\.subdivisionScheme must be "QUADTREE" or "OCTREE"/ },
  ])('implicit tiling, $name: the error says so', async ({ name, edit, error }) => {
    const dir = join(tmp, `implicit-${name.replace(/\W+/g, '-')}`);
    cpSync(join(DATA, 'sparse-implicit-quadtree'), dir, { recursive: true });
    chmodWritable(dir);
    edit(dir);
    const r = await validateTileset(join(dir, 'tileset.json'));
    expect(r.errors.join('\n')).toMatch(error);
  });

  it('an OSGB delivery handed over instead of a tileset is refused with the conversion route', async () => {
    const dir = join(tmp, 'osgb-delivery');
    mkdirSync(join(dir, 'Data', 'Tile_+000_+000'), { recursive: true });
    writeFileSync(join(dir, 'metadata.xml'), '<?xml version="1.0"?><ModelMetadata version="1"><SRS>EPSG:4546</SRS></ModelMetadata>');
    writeFileSync(join(dir, 'Data', 'Tile_+000_+000', 'Tile_+000_+000.osgb'), 'osgb');
    for (const path of [join(dir, 'metadata.xml'), join(dir, 'Data', 'Tile_+000_+000', 'Tile_+000_+000.osgb')]) {
      expect((await validateTileset(path)).errors.join('\n')).toMatch(/is OSGB, which browsers cannot load; convert .* to 3D Tiles first .*osgb23dtiles/);
    }
  });

  it('a drone survey made from the samples (Draco in GLB and b3dm; WebP, KTX2, JPEG, PNG; ECEF transform) is valid', async () => {
    const t = await writeDroneTileset(DATA, join(tmp, 'drone'), { longitude: 106.5335, latitude: 29.5525, height: 240 });
    const r = await validateTileset(t.tilesetPath);
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ tiles: 21, contents: 21 });
    expect(new Set(t.contents.map((c) => c.texture))).toEqual(new Set(['webp', 'ktx2', 'jpeg', 'png']));
    expect(t.contents.some((c) => c.container === 'b3dm')).toBe(true);
    const glb = readFileSync(join(tmp, 'drone', t.contents[0].uri));
    const json = JSON.parse(glb.subarray(20, 20 + glb.readUInt32LE(12)).toString('utf8'));
    expect(json.extensionsRequired).toEqual(expect.arrayContaining(['KHR_draco_mesh_compression', 'EXT_texture_webp']));
  });

  const broken = [
    { name: 'a content file is missing', edit: (d: string) => unlinkSync(join(d, 'ur.b3dm')), error: /root\.children\[2\]\.content: content file .*ur\.b3dm is missing/ },
    { name: 'a region is in degrees', edit: (d: string) => rewrite(d, (t) => { t.root.children[0].boundingVolume.region = [-75.6, 40.04, -75.61, 40.05, 0, 20]; }), error: /region: longitudes and latitudes are radians/ },
    { name: 'the version is unknown', edit: (d: string) => rewrite(d, (t) => { t.asset.version = '2.0'; }), error: /asset\.version must be "1\.0" or "1\.1"/ },
    { name: 'a tile has no bounding volume', edit: (d: string) => rewrite(d, (t) => { delete t.root.children[1].boundingVolume; }), error: /root\.children\[1\]\.boundingVolume: missing/ },
    { name: 'a b3dm is truncated', edit: (d: string) => writeFileSync(join(d, 'll.b3dm'), readFileSync(join(d, 'll.b3dm')).subarray(0, 400)), error: /ll\.b3dm: header byteLength \d+ but the file has 400 bytes/ },
    { name: 'the JSON is broken', edit: (d: string) => writeFileSync(join(d, 'tileset.json'), '{"asset":'), error: /not valid JSON/ },
    { name: 'content is OSGB', edit: (d: string) => { writeFileSync(join(d, 'll.osgb'), Buffer.from('osgb-binary')); rewrite(d, (t) => { t.root.children[0].content.uri = 'll.osgb'; }); }, error: /OSGB.*convert the oblique photogrammetry to 3D Tiles/ },
  ];
  it.each(broken)('$name: the error says so', async ({ name, edit, error }) => {
    const dir = join(tmp, name.replace(/\W+/g, '-'));
    cpSync(join(DATA, 'city'), dir, { recursive: true });
    edit(dir);
    const r = await validateTileset(join(dir, 'tileset.json'));
    expect(r.errors.join('\n')).toMatch(error);
  });
});

describe('wrapping a single mesh', () => {
  const origin = { longitude: 106.5335, latitude: 29.5525, height: 240 };

  it('an OBJ becomes a valid one-tile tileset placed at the georeference', async () => {
    const obj = join(tmp, 'pyramid.obj');
    writeFileSync(obj, 'v 0 0 0\nv 10 0 0\nv 10 10 0\nv 0 10 0\nv 5 5 8\nf 1 2 5\nf 2 3 5\nf 3 4 5\nf 4 1 5\nf 4 3 2 1\n');
    const r = await wrapMeshAsTileset(obj, join(tmp, 'pyramid'), origin);
    expect(r.errors).toEqual([]);
    const ts = JSON.parse(readFileSync(join(tmp, 'pyramid', 'tileset.json'), 'utf8'));
    expect(ts.root.transform).toHaveLength(16);
    // Box centre east 5, north 5, up 4 (OBJ is Z-up), half sizes 5, 5, 4.
    expect(ts.root.boundingVolume.box.map((v: number) => Math.round(v * 100) / 100)).toEqual([5, 5, 4, 5, 0, 0, 0, 5, 0, 0, 0, 4]);
  });

  it.skipIf(!haveSamples)('a GLB from the samples wraps too', async () => {
    const r = await wrapMeshAsTileset(join(DATA, 'metadata-granularities', 'house1-1.glb'), join(tmp, 'house'), origin);
    expect(r.errors).toEqual([]);
    expect(r.contents).toBe(1);
  });

  it.each([
    { file: 'x.osgb', content: 'x', error: /OSGB .*Convert the oblique photogrammetry to 3D Tiles first/ },
    { file: 'x.fbx', content: 'x', error: /only \.glb, \.gltf and \.obj/ },
    { file: 'bad.obj', content: 'v 0 0 0\nf 1 2 3\n', error: /bad\.obj line 2: face refers to vertex 2, which does not exist/ },
    { file: 'broken.glb', content: 'glTF-nonsense', error: /broken\.glb is not a readable glTF/ },
  ])('$file is refused with a clear error', async ({ file, content, error }) => {
    const path = join(tmp, file);
    writeFileSync(path, content);
    await expect(wrapMeshAsTileset(path, join(tmp, `out-${file}`), origin)).rejects.toThrow(error);
  });

  it('parses OBJ polygons as triangle fans', () => {
    const parts = parseObj('v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nf 1 2 3 4\n');
    expect(parts.indices).toHaveLength(6);
    expect(() => parseObj('# nothing\n')).toThrow(MeshImportError);
  });
});

/** The shared samples are read-only; their copies must be editable. */
function chmodWritable(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) chmodSync(join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  chmodSync(dir, 0o755);
}

function rewrite(dir: string, change: (t: any) => void): void {
  const path = join(dir, 'tileset.json');
  const t = JSON.parse(readFileSync(path, 'utf8'));
  change(t);
  writeFileSync(path, JSON.stringify(t));
}
