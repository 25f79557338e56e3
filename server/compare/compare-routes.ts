/**
 * `GET /api/compare?node=<id>`: the node's own row and one per child (compliance, open alerts and
 * acknowledgement times, energy intensity, parking pressure), for the cockpit's rankings and the
 * map's colours, and the communities under it failing the binding gate. Documented in docs/api.md.
 * The guard has checked the node against the caller's scope; its children lie inside it.
 */
import express, { type Request, type Response } from 'express';
import { compareNode, type CompareSources } from './compare-node.ts';

export interface CompareRouteOptions extends CompareSources {
  /** Server clock, epoch ms (tests). Default Date.now. */
  now?: () => number;
}

export function compareRoutes(opts: CompareRouteOptions): express.Router {
  const now = opts.now ?? Date.now;
  const r = express.Router();

  r.get('/compare', (req: Request, res: Response) => {
    const raw = req.query.node;
    if (raw === undefined || raw === '') {
      res.status(400).json({ error: 'api: name a hierarchy node: /api/compare?node=<id> (the tree is at /api/hierarchy)' });
      return;
    }
    if (typeof raw !== 'string') {
      res.status(400).json({ error: 'api: give node once, as one id: /api/compare?node=<id>' });
      return;
    }
    const node = opts.hierarchy.get(raw);
    if (!node) {
      res.status(404).json({ error: `api: unknown node "${clip(raw)}"; the tree is at /api/hierarchy` });
      return;
    }
    res.json(compareNode(node, opts, now()));
  });

  return r;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
