/**
 * Response headers of every answer (helmet): a Content-Security-Policy the product's pages pass
 * with no inline script, and the usual hardening. WebAssembly (the meshopt and Draco decoders, the
 * live store's columns) needs 'wasm-unsafe-eval', which allows compiling wasm and nothing else.
 */
import helmet from 'helmet';

export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'", "'wasm-unsafe-eval'"],
        // React and ECharts set style attributes; no stylesheet comes from elsewhere.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        // loaders.gl and three.js decode in workers made from blobs.
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
