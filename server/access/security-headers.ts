/**
 * Response headers of every answer (helmet): a Content-Security-Policy the product's pages pass
 * with no inline script, and the usual hardening. WebAssembly (the meshopt and Draco decoders, the
 * live store's columns) needs 'wasm-unsafe-eval', which allows compiling wasm and nothing else.
 * The customer's video platform is another origin: its hosts (those of the configured stream and
 * snapshot templates, docs/video.md) may be fetched (hls.js loads playlists and segments with
 * fetch/XHR), played (native HLS) and shown (snapshots), and nothing else of theirs runs here.
 */
import helmet from 'helmet';

export function securityHeaders(videoOrigins: readonly string[] = []) {
  return helmet({
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
}
