/**
 * Response headers of every answer (helmet): a Content-Security-Policy the product's pages pass
 * with no inline script, and the usual hardening. WebAssembly (the meshopt and Draco decoders, the
 * live store's columns) needs 'wasm-unsafe-eval', which allows compiling wasm and nothing else.
 * The customer's video platform is another origin: its hosts (those of the configured stream and
 * snapshot templates, docs/video.md) may be fetched (hls.js loads playlists and segments with
 * fetch/XHR), played (native HLS) and shown (snapshots), and nothing else of theirs runs here.
 */
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The Basis (KTX2) texture worker of the twin, as the build names it (client/twin/scene/tiles/tile-decoders.ts).
 * Its transcoder's embind bindings are compiled with `new Function`, so this one script gets a CSP of
 * its own with 'unsafe-eval': a dedicated worker takes the CSP of its script's response, has no DOM,
 * and only ever sees texture bytes. The pages keep theirs.
 */
const BASIS_WORKER = /^\/assets\/basis-worker-[\w-]+\.js$/;
const WORKER_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'; connect-src 'self'; object-src 'none'";

export function securityHeaders(videoOrigins: readonly string[] = []): RequestHandler {
  const pages = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", "'wasm-unsafe-eval'"],
        // React and ECharts set style attributes; no stylesheet comes from elsewhere.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', ...videoOrigins],
        // hls.js feeds the <video> through Media Source Extensions, whose source is a blob: URL.
        'media-src': ["'self'", 'blob:', ...videoOrigins],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", ...videoOrigins],
        // loaders.gl, three.js and hls.js (its transmuxer) run workers made from blobs.
        'worker-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'self'"],
      },
    },
    // Video platform links open in a new tab, and twins load only from here: no cross-origin isolation needed.
    crossOriginEmbedderPolicy: false,
  });
  return (req, res, next) => pages(req, res, (err?: unknown) => {
    if (!err && req.method === 'GET' && BASIS_WORKER.test(req.path)) res.setHeader('Content-Security-Policy', WORKER_CSP);
    next(err);
  });
}
