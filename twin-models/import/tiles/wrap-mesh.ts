/**
 * Wraps a single mesh (GLB or OBJ, in metres, east-north-up around the georeference origin: glTF
 * Y-up, OBJ Z-up as survey software writes it) into a one-tile 3D Tiles tileset, so a drone
 * survey delivered as one mesh goes through the same viewer path as a tiled one.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { getBounds } from '@gltf-transform/core';
import { enuToEcefMatrix, type GeoOrigin } from '../../manifest/georef.ts';
import { gltfIO } from '../gltf/optimise-glb.ts';
import { glbToB3dm } from './b3dm.ts';
import { documentOf, type MeshParts } from './mesh-builder.ts';
import { AtomicOutput } from '../output/atomic-output.ts';
import { validateTileset, type TilesetReport } from './validate-tileset.ts';

export class MeshImportError extends Error {}

export async function wrapMeshAsTileset(meshPath: string, outDir: string, origin: GeoOrigin): Promise<TilesetReport> {
  const io = await gltfIO();
  const lower = meshPath.toLowerCase();
  let doc;
  if (lower.endsWith('.glb') || lower.endsWith('.gltf')) {
    doc = await io.read(meshPath).catch((e: Error) => { throw new MeshImportError(`mesh: ${meshPath} is not a readable glTF: ${e.message}`, { cause: e }); });
  } else if (lower.endsWith('.obj')) {
    doc = documentOf([{ name: basename(meshPath), mesh: parseObj(await readFile(meshPath, 'utf8'), meshPath) }]);
  } else if (lower.endsWith('.osgb')) {
    throw new MeshImportError(`mesh: ${meshPath} is OSGB (OpenSceneGraph binary), which browsers cannot load. Convert the oblique photogrammetry to 3D Tiles first (ContextCapture/Smart3D and DJI Terra export 3D Tiles directly; or use an OSGB→3D Tiles converter such as osgb23dtiles), then register the tileset`);
  } else {
    throw new MeshImportError(`mesh: ${meshPath}: only .glb, .gltf and .obj meshes can be wrapped`);
  }
  const scene = doc.getRoot().getDefaultScene() ?? doc.getRoot().listScenes()[0];
  if (!scene) throw new MeshImportError(`mesh: ${meshPath} has no scene`);
  const { min, max } = getBounds(scene);
  if (!min.every(Number.isFinite)) throw new MeshImportError(`mesh: ${meshPath} has no geometry`);
  // glTF (x east, y up, z −north) → the tile's east-north-up box.
  const c = [(min[0] + max[0]) / 2, -(min[2] + max[2]) / 2, (min[1] + max[1]) / 2];
  const half = [(max[0] - min[0]) / 2, (max[2] - min[2]) / 2, (max[1] - min[1]) / 2];
  const tileset = {
    asset: { version: '1.0', generator: 'community-twin wrap' },
    geometricError: Math.max(...half) * 2,
    root: {
      transform: enuToEcefMatrix(origin),
      boundingVolume: { box: [c[0], c[1], c[2], half[0], 0, 0, 0, half[1], 0, 0, 0, half[2]] },
      geometricError: 0,
      refine: 'REPLACE',
      content: { uri: 'mesh.b3dm' },
    },
  };
  const out = await AtomicOutput.begin(outDir, 'directory');
  try {
    await out.write('mesh.b3dm', glbToB3dm(await io.writeBinary(doc)));
    const path = await out.write('tileset.json', JSON.stringify(tileset, null, 1));
    const report = await validateTileset(path);
    if (report.errors.length) throw new MeshImportError(`mesh: the wrapped tileset is invalid: ${report.errors.join('; ')}`);
    await out.commit();
    return { ...report, path: `${outDir}/tileset.json` };
  } catch (e) {
    await out.abandon();
    throw e;
  }
}

/** Wavefront OBJ: vertices and faces (fans for polygons), Z-up input turned Y-up, flat normals. */
export function parseObj(text: string, name = 'mesh.obj'): MeshParts {
  const v: number[][] = [];
  const parts: MeshParts = { positions: [], normals: [], colors: [], indices: [] };
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line.startsWith('v ')) {
      const xyz = line.slice(2).trim().split(/\s+/).slice(0, 3).map(Number);
      if (xyz.length < 3 || !xyz.every(Number.isFinite)) throw new MeshImportError(`mesh: ${name} line ${i + 1}: bad vertex "${line}"`);
      v.push([xyz[0], xyz[2], -xyz[1]]);
    } else if (line.startsWith('f ')) {
      const idx = line.slice(2).trim().split(/\s+/).map((tok) => {
        const n = parseInt(tok.split('/')[0], 10);
        const k = n < 0 ? v.length + n : n - 1;
        if (!Number.isInteger(n) || k < 0 || k >= v.length) throw new MeshImportError(`mesh: ${name} line ${i + 1}: face refers to vertex ${tok}, which does not exist`);
        return k;
      });
      for (let j = 1; j + 1 < idx.length; j++) addTriangle(parts, v[idx[0]], v[idx[j]], v[idx[j + 1]]);
    }
  }
  if (parts.indices.length === 0) throw new MeshImportError(`mesh: ${name} has no faces`);
  return parts;
}

function addTriangle(p: MeshParts, a: number[], b: number[], c: number[]): void {
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  const n = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
  const len = Math.hypot(n[0], n[1], n[2]) || 1;
  const base = p.positions.length / 3;
  for (const q of [a, b, c]) {
    p.positions.push(q[0], q[1], q[2]);
    p.normals.push(n[0] / len, n[1] / len, n[2] / len);
    p.colors.push(0.8, 0.8, 0.8);
  }
  p.indices.push(base, base + 1, base + 2);
}
