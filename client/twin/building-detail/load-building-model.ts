/**
 * Fetches and decodes a building GLB (EXT_meshopt_compression + quantisation). The meshopt decoder
 * is a small WebAssembly module inlined in three's examples and bundled by vite: no worker, no CDN.
 */
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';
import type { Object3D } from 'three';

let loader: GLTFLoader | undefined;

/** The glTF scene of the GLB at `url`. Errors name the building and the URL. */
export async function loadBuildingScene(buildingId: string, url: string, signal?: AbortSignal): Promise<Object3D> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new Error(`twin: building ${buildingId}: cannot fetch ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw new Error(`twin: building ${buildingId}: ${url} answered ${res.status} ${res.statusText}`);
  const data = await res.arrayBuffer();
  loader ??= new GLTFLoader().setMeshoptDecoder(MeshoptDecoder);
  try {
    const gltf = await loader.parseAsync(data, url.slice(0, url.lastIndexOf('/') + 1));
    return gltf.scene;
  } catch (e) {
    throw new Error(`twin: building ${buildingId}: ${url} is not a readable GLB: ${(e as Error).message}`, { cause: e });
  }
}
