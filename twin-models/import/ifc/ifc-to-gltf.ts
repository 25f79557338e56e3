/**
 * Turns an opened IFC model into a glTF document that keeps each element's identity:
 *
 *   scene ─ storey node (name = storey) ─ element node (name = GlobalId, extras = IFC type, name, storey)
 *                                          └─ one child per placed geometry (matrix from IFC placement)
 *
 * Geometry is shared, not copied: every placement of the same IFC representation with the same
 * colour references one glTF mesh. web-ifc already gives Y-up metres (the file's length unit
 * applied), which is glTF's convention.
 *
 * Rooms (IfcSpace) are kept as elements of their storey with `extras.room = true` and a translucent
 * material of their own: the viewer hides them until asked, and an alert can be located by room.
 */
import { Document, Logger, type Material, type Mesh, type Node } from '@gltf-transform/core';
import * as WebIfc from 'web-ifc';
import type { OpenedIfc } from './ifc-model.ts';

export interface ElementIndexEntry {
  globalId: string;
  ifcType: string;
  name: string;
  storey: string | null;
  /** Device id from the element's Tag, where the model carries one. */
  tag: string | null;
  /** An IfcSpace: a room, hidden in the viewer until rooms are shown, left out of massing. */
  room?: true;
  /** Axis-aligned bounds in the GLB's frame (metres, +Y up): [minX, minY, minZ, maxX, maxY, maxZ]. */
  bbox: [number, number, number, number, number, number];
}

export interface IfcConversionStats {
  elements: number;
  placedGeometries: number;
  uniqueMeshes: number;
  skippedEmpty: number;
  triangles: number;
  /** Elements that are rooms (IfcSpace). */
  rooms: number;
}

export interface IfcDocument {
  document: Document;
  elements: ElementIndexEntry[];
  stats: IfcConversionStats;
}

const NO_STOREY = '未分层 (no storey)';

/** Builds the document; `onProgress(done, total)` is called as elements stream in. */
export function ifcToDocument(model: OpenedIfc, onProgress?: (done: number, total: number) => void): IfcDocument {
  const { api, modelId } = model;
  const doc = new Document().setLogger(new Logger(Logger.Verbosity.WARN));
  const buffer = doc.createBuffer();
  const scene = doc.createScene('IFC');
  const storeyNodes = new Map<string, Node>();
  for (const s of model.storeys) {
    const node = doc.createNode(s.name).setExtras({ storey: s.name, elevationM: s.elevationM, globalId: s.globalId });
    storeyNodes.set(s.name, node);
    scene.addChild(node);
  }
  const storeyNode = (name: string | null): Node => {
    const key = name ?? NO_STOREY;
    let node = storeyNodes.get(key);
    if (!node) {
      node = doc.createNode(key).setExtras({ storey: name, elevationM: 0 });
      storeyNodes.set(key, node);
      scene.addChild(node);
    }
    return node;
  };

  const materials = new Map<string, Material>();
  const materialFor = (c: { x: number; y: number; z: number; w: number }): Material => {
    const key = [c.x, c.y, c.z, c.w].map((v) => v.toFixed(3)).join(',');
    let m = materials.get(key);
    if (!m) {
      // glTF defaults metallicFactor to 1, which renders IFC's plain colours black under PBR light.
      m = doc.createMaterial(`ifc-${key}`)
        .setBaseColorFactor([srgbToLinear(c.x), srgbToLinear(c.y), srgbToLinear(c.z), c.w])
        .setMetallicFactor(0)
        .setRoughnessFactor(0.85)
        .setDoubleSided(true) // IFC solids do not promise consistent winding
        .setAlphaMode(c.w < 0.99 ? 'BLEND' : 'OPAQUE');
      materials.set(key, m);
    }
    return m;
  };

  // Rooms are volumes of air: one pale translucent material, so a shown room never hides its walls.
  let roomMaterial: Material | undefined;
  const roomLook = () => roomMaterial ??= doc.createMaterial('ifc-room')
    .setBaseColorFactor([0.35, 0.62, 0.9, 0.25]).setMetallicFactor(0).setRoughnessFactor(1).setDoubleSided(true).setAlphaMode('BLEND');

  const meshes = new Map<string, Mesh | null>();
  const bounds = new Map<number, { mesh: Mesh; min: number[]; max: number[] }>();
  const stats: IfcConversionStats = { elements: 0, placedGeometries: 0, uniqueMeshes: 0, skippedEmpty: 0, triangles: 0, rooms: 0 };
  const meshFor = (geometryId: number, color: { x: number; y: number; z: number; w: number }, room: boolean): Mesh | null => {
    const key = room ? `${geometryId}|room` : `${geometryId}|${color.x},${color.y},${color.z},${color.w}`;
    if (meshes.has(key)) return meshes.get(key)!;
    const geometry = api.GetGeometry(modelId, geometryId);
    try {
      const vertexData = api.GetVertexArray(geometry.GetVertexData(), geometry.GetVertexDataSize());
      const indexData = api.GetIndexArray(geometry.GetIndexData(), geometry.GetIndexDataSize());
      // web-ifc returns some representations with no triangles; a zero-length accessor is invalid glTF.
      if (indexData.length === 0 || vertexData.length === 0) {
        stats.skippedEmpty++;
        meshes.set(key, null);
        return null;
      }
      const count = vertexData.length / 6;
      const position = new Float32Array(count * 3);
      const normal = new Float32Array(count * 3);
      const min = [Infinity, Infinity, Infinity];
      const max = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 3; k++) {
          const p = vertexData[i * 6 + k];
          position[i * 3 + k] = p;
          normal[i * 3 + k] = vertexData[i * 6 + 3 + k];
          if (p < min[k]) min[k] = p;
          if (p > max[k]) max[k] = p;
        }
      }
      const indices = count < 65536 ? Uint16Array.from(indexData) : Uint32Array.from(indexData);
      const prim = doc.createPrimitive()
        .setAttribute('POSITION', doc.createAccessor().setType('VEC3').setArray(position).setBuffer(buffer))
        .setAttribute('NORMAL', doc.createAccessor().setType('VEC3').setArray(normal).setBuffer(buffer))
        .setIndices(doc.createAccessor().setType('SCALAR').setArray(indices).setBuffer(buffer))
        .setMaterial(room ? roomLook() : materialFor(color));
      const mesh = doc.createMesh(`geom-${geometryId}`).addPrimitive(prim);
      bounds.set(geometryId, { mesh, min, max });
      stats.uniqueMeshes++;
      stats.triangles += indexData.length / 3;
      meshes.set(key, mesh);
      return mesh;
    } finally {
      geometry.delete();
    }
  };

  const elements: ElementIndexEntry[] = [];
  const spaceCount = api.GetLineIDsWithType(modelId, WebIfc.IFCSPACE).size();
  const addElement = (flat: WebIfc.FlatMesh, room: boolean) => {
    const info = model.element(flat.expressID);
    const elementNode = doc.createNode(info.globalId || `#${flat.expressID}`)
      .setExtras({ globalId: info.globalId, ifcType: info.ifcType, name: info.name, storey: info.storey, ...(info.tag ? { tag: info.tag } : {}), ...(room ? { room: true } : {}) });
    const box = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
    const n = flat.geometries.size();
    for (let i = 0; i < n; i++) {
      const placed = flat.geometries.get(i);
      const mesh = meshFor(placed.geometryExpressID, placed.color, room);
      if (!mesh) continue;
      const matrix = placed.flatTransformation as unknown as number[];
      elementNode.addChild(doc.createNode().setMesh(mesh).setMatrix(matrix as Parameters<Node['setMatrix']>[0]));
      stats.placedGeometries++;
      growBox(box, bounds.get(placed.geometryExpressID)!, matrix);
    }
    if (elementNode.listChildren().length > 0) {
      storeyNode(info.storey).addChild(elementNode);
      elements.push({ globalId: info.globalId, ifcType: info.ifcType, name: info.name, storey: info.storey, tag: info.tag, bbox: box.map(round3) as ElementIndexEntry['bbox'], ...(room ? { room: true as const } : {}) });
      stats.elements++;
      if (room) stats.rooms++;
    } else {
      elementNode.dispose();
    }
  };
  // StreamAllMeshes leaves IfcSpace out; rooms are streamed after the elements.
  let total = 0;
  api.StreamAllMeshes(modelId, (flat, index, count) => {
    total = count;
    addElement(flat, false);
    onProgress?.(index + 1, count + spaceCount);
  });
  if (spaceCount > 0) {
    let done = 0;
    api.StreamAllMeshesWithTypes(modelId, [WebIfc.IFCSPACE], (flat) => {
      addElement(flat, true);
      onProgress?.(total + ++done, total + spaceCount);
    });
  }
  for (const node of storeyNodes.values()) if (node.listChildren().length === 0) node.dispose();
  return { document: doc, elements, stats };
}

/** Grows `box` by the eight corners of a local bounding box transformed by a column-major matrix. */
function growBox(box: number[], local: { min: number[]; max: number[] }, m: number[]): void {
  for (let c = 0; c < 8; c++) {
    const x = c & 1 ? local.max[0] : local.min[0];
    const y = c & 2 ? local.max[1] : local.min[1];
    const z = c & 4 ? local.max[2] : local.min[2];
    const wx = m[0] * x + m[4] * y + m[8] * z + m[12];
    const wy = m[1] * x + m[5] * y + m[9] * z + m[13];
    const wz = m[2] * x + m[6] * y + m[10] * z + m[14];
    box[0] = Math.min(box[0], wx); box[1] = Math.min(box[1], wy); box[2] = Math.min(box[2], wz);
    box[3] = Math.max(box[3], wx); box[4] = Math.max(box[4], wy); box[5] = Math.max(box[5], wz);
  }
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** IFC colours are display (sRGB) values; glTF's baseColorFactor is linear. */
function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}
