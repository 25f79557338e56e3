/**
 * A building's BIM shell (buildings/<id>.shell.glb, twin-models/import/ifc/bim-shell.ts) as the
 * mesh a deck.gl SimpleMeshLayer draws: one primitive, positions turned from the GLB's Y-up frame
 * through the building's placement (the rule in manifest/placement.ts) into east-north-up metres
 * around the building's roof centre, where the layer puts it. Done once per load, off the frame.
 */
import { parse } from '@loaders.gl/core';
import { GLTFLoader, postProcessGLTF } from '@loaders.gl/gltf';
import type { Placement } from '../../../../twin-models/manifest/manifest-types.ts';
import { glbToEnu } from '../../../../twin-models/manifest/placement.ts';

export interface ShellMesh {
  attributes: {
    POSITION: { value: Float32Array; size: 3 };
    NORMAL: { value: Float32Array; size: 3 };
    COLOR_0: { value: Float32Array; size: 3 };
  };
  indices: { value: Uint16Array | Uint32Array; size: 1 };
  triangles: number;
  /** CPU and GPU bytes of the mesh's arrays (the GPU holds one copy of each). */
  bytes: number;
}

/** Fetches and converts a shell; `centre` is the ENU point (community frame, metres) the mesh is drawn around. Errors name the building. */
export async function loadShellMesh(buildingId: string, url: string, placement: Placement, centre: readonly number[], signal: AbortSignal): Promise<ShellMesh> {
  let data: ArrayBuffer;
  try {
    const res = await fetch(url, { signal });
    if (!res.ok) throw new Error(`answered ${res.status} ${res.statusText}`);
    data = await res.arrayBuffer();
  } catch (e) {
    if (signal.aborted) throw e;
    throw new Error(`twin: building ${buildingId}: cannot fetch its BIM shell ${url}: ${(e as Error).message}`, { cause: e });
  }
  let prim;
  try {
    const gltf = postProcessGLTF(await parse(data, GLTFLoader, { worker: false, gltf: { loadImages: false, decompressMeshes: false } }));
    prim = gltf.meshes?.[0]?.primitives?.[0];
    if (!prim?.attributes?.POSITION || !prim.indices) throw new Error('no mesh with positions and indices');
  } catch (e) {
    throw new Error(`twin: building ${buildingId}: ${url} is not a BIM shell: ${(e as Error).message}`, { cause: e });
  }
  const p = prim.attributes.POSITION.value as Float32Array;
  const n = prim.attributes.NORMAL?.value as Float32Array | undefined;
  const c = prim.attributes.COLOR_0?.value as Float32Array | undefined;
  const count = p.length / 3;
  const position = new Float32Array(count * 3);
  const normal = new Float32Array(count * 3);
  const colour = new Float32Array(count * 3).fill(1);
  const still = { ...placement, east: 0, north: 0, up: 0 };
  for (let i = 0; i < count; i++) {
    const k = i * 3;
    const [e, no, u] = glbToEnu(placement, p[k], p[k + 1], p[k + 2]);
    position[k] = e - centre[0]; position[k + 1] = no - centre[1]; position[k + 2] = u - centre[2];
    if (n) {
      const [ne, nn, nu] = glbToEnu(still, n[k], n[k + 1], n[k + 2]);
      normal[k] = ne; normal[k + 1] = nn; normal[k + 2] = nu;
    }
    if (c) { colour[k] = c[k]; colour[k + 1] = c[k + 1]; colour[k + 2] = c[k + 2]; }
  }
  const indices = prim.indices.value as Uint16Array | Uint32Array;
  return {
    attributes: { POSITION: { value: position, size: 3 }, NORMAL: { value: normal, size: 3 }, COLOR_0: { value: colour, size: 3 } },
    indices: { value: indices, size: 1 },
    triangles: indices.length / 3,
    bytes: position.byteLength * 3 + indices.byteLength,
  };
}
