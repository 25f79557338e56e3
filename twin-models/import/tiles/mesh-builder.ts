/**
 * Builds simple glTF meshes in a community's east-north-up frame: a terrain grid and extruded
 * building shells. Positions are written Y-up as glTF wants (x = east, y = up, z = −north).
 */
import { Document, Logger, type Node } from '@gltf-transform/core';

export type HeightFn = (x: number, y: number) => number;
type XY = [number, number];

export interface MeshParts {
  positions: number[];
  normals: number[];
  colors: number[];
  indices: number[];
}

const emptyParts = (): MeshParts => ({ positions: [], normals: [], colors: [], indices: [] });

/** A height-field grid over [x0,x1]×[y0,y1] every `step` metres, coloured by height. */
export function terrainParts(h: HeightFn, x0: number, y0: number, x1: number, y1: number, step: number, colour: (z: number) => [number, number, number]): MeshParts {
  const p = emptyParts();
  const nx = Math.max(1, Math.round((x1 - x0) / step));
  const ny = Math.max(1, Math.round((y1 - y0) / step));
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const x = x0 + ((x1 - x0) * i) / nx;
      const y = y0 + ((y1 - y0) * j) / ny;
      const z = h(x, y);
      // Normal from central differences of the height field.
      const e = 1;
      const dzdx = (h(x + e, y) - h(x - e, y)) / (2 * e);
      const dzdy = (h(x, y + e) - h(x, y - e)) / (2 * e);
      const len = Math.hypot(dzdx, dzdy, 1);
      p.positions.push(x, z, -y);
      p.normals.push(-dzdx / len, 1 / len, dzdy / len);
      p.colors.push(...colour(z));
    }
  }
  const row = nx + 1;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = j * row + i;
      // Counter-clockwise seen from above (+up), in glTF's frame where north is −z.
      p.indices.push(a, a + 1, a + row, a + 1, a + row + 1, a + row);
    }
  }
  return p;
}

/** A prism from z0 to z1 over a convex footprint (counter-clockwise), walls and roof. */
export function shellParts(footprint: XY[], z0: number, z1: number, colour: [number, number, number], roof: [number, number, number]): MeshParts {
  const p = emptyParts();
  const n = footprint.length;
  for (let i = 0; i < n; i++) {
    const [ax, ay] = footprint[i];
    const [bx, by] = footprint[(i + 1) % n];
    const len = Math.hypot(bx - ax, by - ay) || 1;
    const nxE = (by - ay) / len; // outward normal for a counter-clockwise ring
    const nyN = -(bx - ax) / len;
    const base = p.positions.length / 3;
    for (const [x, y, z] of [[ax, ay, z0], [bx, by, z0], [bx, by, z1], [ax, ay, z1]]) {
      p.positions.push(x, z, -y);
      p.normals.push(nxE, 0, -nyN);
      p.colors.push(...colour);
    }
    p.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  const top = p.positions.length / 3;
  for (const [x, y] of footprint) {
    p.positions.push(x, z1, -y);
    p.normals.push(0, 1, 0);
    p.colors.push(...roof);
  }
  for (let i = 1; i < n - 1; i++) p.indices.push(top, top + i, top + i + 1);
  return p;
}

export function mergeParts(parts: MeshParts[]): MeshParts {
  const out = emptyParts();
  for (const p of parts) {
    const base = out.positions.length / 3;
    out.positions.push(...p.positions);
    out.normals.push(...p.normals);
    out.colors.push(...p.colors);
    for (const i of p.indices) out.indices.push(base + i);
  }
  return out;
}

/**
 * A document with one node per named part (terrain, shells), each with its own matte material.
 * Vertex colours are written too, but 3D Tiles runtimes differ on whether they use them, so the
 * material's base colour alone must read right.
 */
export function documentOf(parts: { name: string; mesh: MeshParts; colour?: [number, number, number] }[]): Document {
  const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
  const buffer = doc.createBuffer();
  const scene = doc.createScene();
  for (const { name, mesh, colour = [1, 1, 1] } of parts) {
    // Non-metallic, or PBR renders the colours black.
    const material = doc.createMaterial(name).setBaseColorFactor([colour[0], colour[1], colour[2], 1]).setMetallicFactor(0).setRoughnessFactor(0.95);
    if (mesh.indices.length === 0) continue;
    const count = mesh.positions.length / 3;
    const prim = doc.createPrimitive()
      .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(new Float32Array(mesh.positions)).setBuffer(buffer))
      .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(new Float32Array(mesh.normals)).setBuffer(buffer))
      .setAttribute('COLOR_0', doc.createAccessor().setType('VEC3').setArray(new Float32Array(mesh.colors)).setBuffer(buffer))
      .setIndices(doc.createAccessor().setType('SCALAR').setArray(count < 65536 ? new Uint16Array(mesh.indices) : new Uint32Array(mesh.indices)).setBuffer(buffer))
      .setMaterial(material);
    const node: Node = doc.createNode(name).setMesh(doc.createMesh(name).addPrimitive(prim));
    scene.addChild(node);
  }
  return doc;
}
