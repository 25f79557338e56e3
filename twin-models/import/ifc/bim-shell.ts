/**
 * The BIM shell of a building: what the community overview draws close up instead of the massing.
 * Only the elements seen from outside (walls, slabs, roofs, windows, doors, curtain walls, plates,
 * railings, columns, members), each placed geometry baked into one mesh with its material's colour
 * per vertex, so a shell is one draw call however many elements it has. Written beside the full
 * GLB at conversion (`<id>.shell.glb`, plain glTF in the same Y-up frame): the overview never
 * parses the element tree, and the detail view keeps every element.
 *
 * Past SHELL_MAX_TRIANGLES the mesh is simplified with meshoptimizer to the budget, so one large
 * model cannot blow the overview's frame.
 */
import { Document, Logger, type Node } from '@gltf-transform/core';
import { MeshoptSimplifier } from 'meshoptimizer';
import { gltfIO } from '../gltf/optimise-glb.ts';

/** IFC classes of the shell (their *StandardCase and *ElementedCase forms too). */
export const SHELL_IFC_TYPES = ['IfcWall', 'IfcCurtainWall', 'IfcSlab', 'IfcRoof', 'IfcWindow', 'IfcDoor', 'IfcPlate', 'IfcRailing', 'IfcColumn', 'IfcMember'] as const;
/** Triangles a shell may have; beyond it the mesh is simplified down to it. */
export const SHELL_MAX_TRIANGLES = 150_000;

const SHELL_TYPE = new RegExp(`^(${SHELL_IFC_TYPES.join('|')})(StandardCase|ElementedCase)?$`);

export interface ShellResult {
  glb: Uint8Array;
  /** Elements baked in, by IFC class. */
  elements: Record<string, number>;
  triangles: number;
  /** True when the shell was simplified to the triangle budget. */
  simplified: boolean;
}

/** The shell of a converted document (before it is compressed), or null when no element is of a shell class. */
export async function buildShell(source: Document, name: string): Promise<ShellResult | null> {
  const positions: number[] = [];
  const normals: number[] = [];
  const colours: number[] = [];
  const indices: number[] = [];
  const elements: Record<string, number> = {};
  const scene = source.getRoot().getDefaultScene() ?? source.getRoot().listScenes()[0];
  const visit = (node: Node) => {
    const x = node.getExtras() as { ifcType?: string; room?: boolean; globalId?: string };
    if (typeof x.globalId === 'string' && typeof x.ifcType === 'string' && !('elevationM' in x)) {
      if (!x.room && SHELL_TYPE.test(x.ifcType)) {
        elements[x.ifcType] = (elements[x.ifcType] ?? 0) + 1;
        for (const placed of node.listChildren()) bake(placed, positions, normals, colours, indices);
      }
      return;
    }
    for (const c of node.listChildren()) visit(c);
  };
  for (const n of scene?.listChildren() ?? []) visit(n);
  if (indices.length === 0) return null;

  let idx = Uint32Array.from(indices);
  let pos = Float32Array.from(positions);
  let nor = Float32Array.from(normals);
  let col = Float32Array.from(colours);
  let simplified = false;
  if (idx.length / 3 > SHELL_MAX_TRIANGLES) {
    await MeshoptSimplifier.ready;
    const [out] = MeshoptSimplifier.simplify(idx, pos, 3, SHELL_MAX_TRIANGLES * 3, 0.05);
    ({ idx, pos, nor, col } = compact(out, pos, nor, col));
    simplified = true;
  }

  const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
  const buffer = doc.createBuffer();
  const acc = (type: 'VEC3' | 'SCALAR', array: Float32Array | Uint32Array | Uint16Array) => doc.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const vertexCount = pos.length / 3;
  const prim = doc.createPrimitive()
    .setAttribute('POSITION', acc('VEC3', pos))
    .setAttribute('NORMAL', acc('VEC3', nor))
    .setAttribute('COLOR_0', acc('VEC3', col))
    .setIndices(acc('SCALAR', vertexCount < 65536 ? Uint16Array.from(idx) : idx))
    .setMaterial(doc.createMaterial('shell').setBaseColorFactor([1, 1, 1, 1]).setRoughnessFactor(0.9).setMetallicFactor(0));
  const triangles = idx.length / 3;
  const node = doc.createNode(`${name} shell`).setMesh(doc.createMesh('shell').addPrimitive(prim)).setExtras({ shell: true, elements, triangles });
  doc.createScene('shell').addChild(node);
  const glb = await (await gltfIO()).writeBinary(doc);
  return { glb, elements, triangles, simplified };
}

/** Appends a placed geometry node (and its children) in the GLB's frame, world matrix applied. */
function bake(node: Node, positions: number[], normals: number[], colours: number[], indices: number[]): void {
  const mesh = node.getMesh();
  if (mesh) {
    const m = node.getWorldMatrix();
    const n = normalMatrix(m);
    for (const prim of mesh.listPrimitives()) {
      const p = prim.getAttribute('POSITION')?.getArray();
      const q = prim.getAttribute('NORMAL')?.getArray();
      const ix = prim.getIndices()?.getArray();
      if (!p) continue;
      const c = prim.getMaterial()?.getBaseColorFactor() ?? [0.8, 0.8, 0.8, 1];
      const base = positions.length / 3;
      for (let i = 0; i < p.length; i += 3) {
        const [x, y, z] = [p[i], p[i + 1], p[i + 2]];
        positions.push(m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13], m[2] * x + m[6] * y + m[10] * z + m[14]);
        if (q) {
          const [a, b, d] = [q[i], q[i + 1], q[i + 2]];
          const nx = n[0] * a + n[3] * b + n[6] * d;
          const ny = n[1] * a + n[4] * b + n[7] * d;
          const nz = n[2] * a + n[5] * b + n[8] * d;
          const len = Math.hypot(nx, ny, nz) || 1;
          normals.push(nx / len, ny / len, nz / len);
        } else normals.push(0, 1, 0);
        colours.push(c[0], c[1], c[2]);
      }
      if (ix) for (let i = 0; i < ix.length; i++) indices.push(base + ix[i]);
      else for (let i = 0; i < p.length / 3; i++) indices.push(base + i);
    }
  }
  for (const c of node.listChildren()) bake(c, positions, normals, colours, indices);
}

/** Inverse transpose of a column-major 4×4's upper 3×3, column-major (normals stay normal under mirrored placements). */
function normalMatrix(m: readonly number[]): number[] {
  const [a, b, c, d, e, f, g, h, i] = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]];
  const A = e * i - f * h, B = -(d * i - f * g), C = d * h - e * g;
  const det = a * A + b * B + c * C || 1;
  // Cofactor matrix / det is the inverse transpose.
  return [A / det, B / det, C / det, -(b * i - c * h) / det, (a * i - c * g) / det, -(a * h - b * g) / det, (b * f - c * e) / det, -(a * f - c * d) / det, (a * e - b * d) / det];
}

/** Drops the vertices a simplified index list no longer uses. */
function compact(idx: Uint32Array, pos: Float32Array, nor: Float32Array, col: Float32Array) {
  const remap = new Int32Array(pos.length / 3).fill(-1);
  let next = 0;
  const out = new Uint32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i];
    if (remap[v] < 0) remap[v] = next++;
    out[i] = remap[v];
  }
  const p = new Float32Array(next * 3);
  const n = new Float32Array(next * 3);
  const c = new Float32Array(next * 3);
  for (let v = 0; v < remap.length; v++) {
    const r = remap[v];
    if (r < 0) continue;
    for (let k = 0; k < 3; k++) { p[r * 3 + k] = pos[v * 3 + k]; n[r * 3 + k] = nor[v * 3 + k]; c[r * 3 + k] = col[v * 3 + k]; }
  }
  return { idx: out, pos: p, nor: n, col: c };
}
