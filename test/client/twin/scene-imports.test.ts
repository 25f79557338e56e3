/**
 * The twin's scene controller (client/twin/scene/) has no React: nothing it imports, directly or
 * through other modules of the repository, is React, React DOM, react-three-fiber, zustand's React
 * binding or a .tsx component. Type-only imports are erased and do not count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCENE = resolve('client/twin/scene');
const REACT = /^(react|react-dom|@react-three\/[^/]+|@deck\.gl\/react)(\/.*)?$|^zustand(\/react.*)?$/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Specifiers a module imports at run time (not `import type`, not `import { type X }` only). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?([^'";]*?)\s*(?:from\s+)?['"]([^'"]+)['"]/gm)) {
    const [, typeOnly, what, spec] = m;
    if (typeOnly) continue;
    const names = /{([^}]*)}/.exec(what)?.[1];
    if (names && !/^[^{]*\w[^{]*{/.test(what) && names.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue;
    out.push(spec);
  }
  return out;
}

/** Import chains from `file` that reach React, as "a → b → react". */
function reactChains(file: string, seen = new Set<string>(), via: string[] = []): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const chain = [...via, file].map((f) => relative('.', f)).join(' → ');
  const bad = file.endsWith('.tsx') ? [chain] : [];
  for (const spec of runtimeImports(file)) {
    if (REACT.test(spec)) bad.push(`${chain} → ${spec}`);
    else if (spec.startsWith('.')) bad.push(...reactChains(resolve(dirname(file), spec), seen, [...via, file]));
  }
  return bad;
}

describe('scene controller imports', () => {
  it('reach no React, however deep', () => {
    const files = sources(SCENE);
    expect(files.length).toBeGreaterThan(10);
    const seen = new Set<string>();
    const bad = files.flatMap((f) => reactChains(f, seen));
    expect(seen.size).toBeGreaterThan(files.length); // it did follow imports out of the folder
    expect(bad).toEqual([]);
  });

  it('would be caught: the React shell is found to import React', () => {
    expect(reactChains(resolve('client/twin/twin-view.tsx')).length).toBeGreaterThan(0);
  });
});
