/**
 * The decoders and transcoders a drone tileset needs, served by the product itself: loaders.gl
 * would otherwise fetch its workers and their libraries from public CDNs (unpkg, gstatic), which a
 * control room offline cannot reach. Every file below is emitted by vite as an asset of the build
 * (`?url`) and fetched from this server when the first tile that needs it arrives.
 *
 * - Draco (KHR_draco_mesh_compression, also inside b3dm): loaders.gl's Draco worker with its own
 *   build of the decoder (emscripten wrapper and WebAssembly).
 * - KTX2/Basis (KHR_texture_basisu): loaders.gl's Basis worker with the Basis transcoder three.js
 *   ships, which reads both `.basis` and KTX2 (loaders.gl reads KTX2 through its 3 MB encoder
 *   build; three's transcoder has the same KTX2File at a third of the size). Embind compiles the
 *   transcoder's bindings with `new Function`, which the pages' CSP refuses; the server serves
 *   this one worker script with a CSP of its own that allows it (server/access/security-headers.ts):
 *   a worker has no DOM and only ever sees texture bytes.
 * - JPEG, PNG and WebP (EXT_texture_webp): decoded by the browser itself (createImageBitmap).
 */
import dracoWorker from '@loaders.gl/draco/draco-worker.js?url';
import dracoWrapper from '@loaders.gl-libs/draco/draco_wasm_wrapper.js?url';
import dracoWasm from '@loaders.gl-libs/draco/draco_decoder.wasm?url';
import basisWorker from '@loaders.gl/textures/basis-worker.js?url';
import basisTranscoder from 'three/examples/jsm/libs/basis/basis_transcoder.js?url';
import basisTranscoderWasm from 'three/examples/jsm/libs/basis/basis_transcoder.wasm?url';

/** Where the served Basis worker's name starts: the server gives scripts so named their worker CSP. */
export const BASIS_WORKER_PREFIX = 'basis-worker-';

/**
 * Loader options that point loaders.gl at these files: its workers by loader, and `modules`, a
 * URL by library file name (worker-utils' loadLibrary fetches a string entry instead of its CDN).
 * Plain strings only: the options travel to the workers as JSON.
 */
export const LOCAL_DECODER_OPTIONS = {
  draco: { workerUrl: dracoWorker },
  basis: { workerUrl: basisWorker },
  modules: {
    'draco_wasm_wrapper.js': dracoWrapper,
    'draco_decoder.wasm': dracoWasm,
    'basis_transcoder.js': basisTranscoder,
    'basis_transcoder.wasm': basisTranscoderWasm,
    // loaders.gl opens KTX2 containers with "the encoder" module; three's transcoder has that KTX2File.
    'basis_encoder.js': basisTranscoder,
    'basis_encoder.wasm': basisTranscoderWasm,
  },
};
