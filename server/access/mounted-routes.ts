/**
 * The routes an Express application has mounted, read from its router stack at run time, so a
 * test that walks them covers a route added tomorrow without being told. Relies on the layer
 * fields of `router` 2 (`rawPath`, `route`, `handle.stack`); `expectKnownRoutes` fails loudly if
 * a new version hides them.
 */
import type { Express } from 'express';

export interface MountedRoute {
  /** Upper-case methods of a route; empty for a static mount (any GET below `path`). */
  methods: string[];
  /** Express path syntax, mount prefixes included: `/api/alerts/:id/:action`, `/{*path}`. */
  path: string;
  kind: 'route' | 'static';
}

interface LayerLike {
  rawPath?: unknown;
  name?: string;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

export function mountedRoutes(app: Express): MountedRoute[] {
  const out: MountedRoute[] = [];
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '', out);
  return out;
}

function walk(stack: LayerLike[], prefix: string, out: MountedRoute[]): void {
  for (const layer of stack) {
    const paths = ([] as unknown[]).concat(layer.route ? layer.route.path : layer.rawPath ?? '/').map(String);
    for (const p of paths) {
      const path = join(prefix, p);
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((m) => m !== '_all').map((m) => m.toUpperCase());
        out.push({ methods, path, kind: 'route' });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, path, out);
      } else if (layer.name === 'serveStatic') {
        out.push({ methods: [], path, kind: 'static' });
      }
    }
  }
}

function join(prefix: string, p: string): string {
  const s = `${prefix}/${p}`.replace(/\/+/g, '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}

/** A concrete path for a route: each `:param` and `*wildcard` replaced by `fill(name)` (already encoded). */
export function concretePath(route: MountedRoute, fill: (param: string) => string): string {
  return route.path
    .replace(/\{?\*(\w+)\}?/g, (_m, name: string) => fill(name))
    .replace(/:(\w+)/g, (_m, name: string) => fill(name));
}
