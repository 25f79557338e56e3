/**
 * Shrinks a document for the wire: shared accessors merged, unused data dropped, geometry quantised
 * and compressed with EXT_meshopt_compression. Meshopt rather than Draco because its decoder is a
 * small synchronous WebAssembly module bundled with the client (no worker or CDN fetch), and it
 * keeps per-node identity, which picking by GlobalId needs.
 */
import { NodeIO, type Document } from '@gltf-transform/core';
import { ALL_EXTENSIONS } from '@gltf-transform/extensions';
import { dedup, meshopt, prune, reorder } from '@gltf-transform/functions';
import { MeshoptDecoder, MeshoptEncoder } from 'meshoptimizer';

let io: Promise<NodeIO> | undefined;
/** A NodeIO that reads and writes every extension the product uses, meshopt included. */
export function gltfIO(): Promise<NodeIO> {
  io ??= (async () => {
    await Promise.all([MeshoptEncoder.ready, MeshoptDecoder.ready]);
    return new NodeIO().registerExtensions(ALL_EXTENSIONS).registerDependencies({
      'meshopt.encoder': MeshoptEncoder,
      'meshopt.decoder': MeshoptDecoder,
    });
  })();
  return io;
}

export interface OptimiseOptions {
  /** Compress with meshopt (default true); off gives plain glTF for tools that cannot decode it. */
  compress?: boolean;
}

export async function optimiseToGlb(doc: Document, opts: OptimiseOptions = {}): Promise<Uint8Array> {
  const nodeIO = await gltfIO();
  // prune keeps leaf nodes: storey and element nodes are what the viewer picks by.
  await doc.transform(dedup(), prune({ keepLeaves: true, keepExtras: true }));
  if (opts.compress !== false) {
    await doc.transform(reorder({ encoder: MeshoptEncoder }), meshopt({ encoder: MeshoptEncoder, level: 'medium' }));
  }
  return nodeIO.writeBinary(doc);
}
