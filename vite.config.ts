import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** The emscripten Draco decoder loaders.gl ships (dist/libs, not in its exports): bundled, never fetched from a CDN (client/twin/scene/tiles/tile-decoders.ts). */
const loadersLibs = (pkg: string) => resolve(dirname(require.resolve(`@loaders.gl/${pkg}`)), 'libs');
const { version } = JSON.parse(readFileSync(resolve(here, 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { alias: { '@loaders.gl-libs/draco': loadersLibs('draco') } },
  // The version wall screens show and report (client/app/app-version.ts).
  define: { __APP_VERSION__: JSON.stringify(version) },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    // One entry per page: the cockpit, the twin alone, the building detail alone, the alert console,
    // the sign-in page, the wall screens' token page, the wall screens themselves, the admin pages and the printable reports.
    rollupOptions: {
      input: {
        cockpit: resolve(here, 'client/index.html'),
        twin: resolve(here, 'client/twin.html'),
        building: resolve(here, 'client/building.html'),
        console: resolve(here, 'client/console.html'),
        login: resolve(here, 'client/login.html'),
        display: resolve(here, 'client/display.html'),
        // Served at /display/<id> (server/app.ts): a wall screen's cockpit with its display profile.
        wall: resolve(here, 'client/wall.html'),
        admin: resolve(here, 'client/admin.html'),
        reports: resolve(here, 'client/reports.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/socket.io': { target: 'ws://127.0.0.1:8080', ws: true } } },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The built client and the demo twin, made once per run for every browser test (test/support/run-cache.ts).
    globalSetup: ['test/support/run-cache-setup.ts'],
    // What a page shows after a fetch or a live frame can take seconds on a busy two-core machine;
    // a test that needs something sooner says so with its own timeout.
    expect: { poll: { timeout: 10_000 } },
  },
});
