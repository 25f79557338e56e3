/**
 * `GET /api/map?node=<id>`: the geometry of the cockpit's city map for one node (its outline, one
 * feature per child; streams/sites/city-map.ts, docs/api.md). The guard has checked the node
 * against the caller's scope; its children lie inside it. The answer is encoded and gzipped once
 * per tree, so a wall asking every few seconds costs a map lookup.
 */
import express, { type Request, type Response } from 'express';
import type { CityMapLayouts } from './city-map-layout.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';

export function mapRoutes(opts: { hierarchy: Hierarchy; layouts: CityMapLayouts }): express.Router {
  const { hierarchy, layouts } = opts;
  const r = express.Router();
  r.get('/map', async (req: Request, res: Response) => {
    const raw = req.query.node;
    if (raw === undefined || raw === '') {
      res.status(400).json({ error: 'map: name a hierarchy node: /api/map?node=<id> (the tree is at /api/hierarchy)' });
      return;
    }
    if (typeof raw !== 'string') {
      res.status(400).json({ error: 'map: give node once, as one id: /api/map?node=<id>' });
      return;
    }
    if (!hierarchy.has(raw)) {
      res.status(404).json({ error: `map: unknown node "${clip(raw)}"; the tree is at /api/hierarchy` });
      return;
    }
    const { json, gzip } = await layouts.answer(raw);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', `"map-${layouts.revision}"`);
    if (req.fresh) { res.status(304).end(); return; }
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('Content-Encoding', 'gzip');
      res.end(gzip);
    } else {
      res.end(json);
    }
  });
  return r;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
