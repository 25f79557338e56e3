/**
 * The folders' layering, kept by a test: `streams/` (what the data is) imports nothing above it;
 * `twin-models/` may use `streams/`; `server/` and `client/` may use both but not each other;
 * the server starts the simulator only through its public entry; the browser bundle carries no
 * zod. A failure names the file, the line and the import.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, importsOf, layerOf, sourceFiles, type ImportEdge } from './import-graph.ts';

const LAYERS = ['streams', 'twin-models', 'server', 'client'] as const;
/** Which project folders each may import (besides packages and itself). */
const MAY_IMPORT: Readonly<Record<(typeof LAYERS)[number], readonly string[]>> = {
  streams: ['streams'],
  'twin-models': ['twin-models', 'streams'],
  server: ['server', 'twin-models', 'streams'],
  client: ['client', 'twin-models', 'streams'],
};
const SIMULATOR_ENTRY = 'streams/simulator/index.ts';
/** zod-based modules the browser must not import, even for types: it imports manifest-types.ts instead. */
const SCHEMA_MODULES = ['twin-models/manifest/manifest-schema.ts'];

const files = new Map<string, ImportEdge[]>();
for (const layer of LAYERS) for (const f of sourceFiles(layer)) files.set(f, importsOf(f));
const show = (e: ImportEdge) => `${e.from}:${e.line} imports '${e.specifier}'${e.typeOnly ? ' (type only)' : ''}`;

describe('import boundaries', () => {
  it('reads every source file and finds its imports', () => {
    expect(files.size).toBeGreaterThan(200);
    const unresolved = [...files.values()].flat().filter((e) => e.target && !existsSync(join(ROOT, e.target)));
    expect(unresolved.map(show), 'relative imports that name no file').toEqual([]);
  });

  it.each(LAYERS.map((l) => [l]))('%s/ imports only the folders it may', (layer) => {
    const allowed = MAY_IMPORT[layer];
    const bad = [...files.entries()].filter(([f]) => layerOf(f) === layer).flatMap(([, edges]) => edges)
      .filter((e) => e.target && !allowed.includes(layerOf(e.target)));
    expect(bad.map(show), `${layer}/ may import ${allowed.join(', ')} only`).toEqual([]);
  });

  it('server/ starts the simulator only through its public entry', () => {
    const bad = [...files.entries()].filter(([f]) => layerOf(f) === 'server').flatMap(([, edges]) => edges)
      .filter((e) => e.target?.startsWith('streams/simulator/') && e.target !== SIMULATOR_ENTRY);
    expect(bad.map(show), `use ${SIMULATOR_ENTRY}`).toEqual([]);
  });

  it('client/ never imports the zod schema modules', () => {
    const bad = [...files.entries()].filter(([f]) => layerOf(f) === 'client').flatMap(([, edges]) => edges)
      .filter((e) => e.target && SCHEMA_MODULES.includes(e.target));
    expect(bad.map(show), 'import twin-models/manifest/manifest-types.ts instead').toEqual([]);
  });

  it('no client file reaches zod through the imports that stay in the bundle', () => {
    // Breadth-first over value imports (type-only ones are erased), remembering how each file was reached.
    const via = new Map<string, ImportEdge | null>();
    const queue: string[] = [];
    for (const f of files.keys()) if (layerOf(f) === 'client') { via.set(f, null); queue.push(f); }
    const chains: string[] = [];
    while (queue.length) {
      const f = queue.shift()!;
      for (const e of files.get(f) ?? importsOf(f)) {
        if (e.typeOnly) continue;
        if (e.specifier === 'zod' || e.specifier.startsWith('zod/')) {
          const chain = [show(e)];
          for (let at = via.get(f); at; at = via.get(at.from)) chain.unshift(show(at));
          chains.push(chain.join('\n  → '));
        } else if (e.target && !via.has(e.target) && /\.tsx?$/.test(e.target)) {
          via.set(e.target, e);
          queue.push(e.target);
        }
      }
    }
    expect(chains, 'the browser bundle would carry zod').toEqual([]);
  });
});
