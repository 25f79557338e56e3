/**
 * The client imports ECharts only through `echarts/core` and its parts (`echarts/charts`,
 * `echarts/components`, `echarts/renderers`), never the whole library, so the bundle carries only
 * the charts and components in use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

describe('ECharts imports', () => {
  const files = sources('client');
  const imports = files.flatMap((f) =>
    [...readFileSync(f, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](echarts[^'"]*)['"]/g)].map((m) => ({ file: f, spec: m[1] })));

  it('are found (the check reads the real client)', () => {
    expect(imports.length).toBeGreaterThan(5);
  });

  it('use echarts/core and its parts only', () => {
    const bad = imports.filter((i) => !/^echarts\/(core|charts|components|renderers)$/.test(i.spec));
    expect(bad).toEqual([]);
  });

  it('register every chart module they import from echarts/charts with echarts.use', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const charts = /import\s*{([^}]*)}\s*from\s*'echarts\/charts'/.exec(text)?.[1];
      if (!charts) continue;
      const names = charts.split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '));
      const use = /echarts\.use\(\[([^\]]*)\]\)/.exec(text)?.[1] ?? '';
      for (const n of names) expect(use, `${f}: ${n}`).toContain(n);
    }
  });
});
