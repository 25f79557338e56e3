/**
 * `GET /api/summary?node=<id>`: a node's rolled-up live figures and those of each of its children,
 * read from the roll-ups the server keeps as data arrives (no scan per request). Documented in
 * docs/api.md. The guard has checked the node against the caller's scope; its children lie inside it.
 */
import express, { type Request, type Response } from 'express';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import type { NodeRollups } from '../rollups/node-rollups.ts';

export interface SummaryRouteOptions {
  hierarchy: Hierarchy;
  rollups: NodeRollups;
}

export function summaryRoutes(opts: SummaryRouteOptions): express.Router {
  const { hierarchy, rollups } = opts;
  const r = express.Router();

  r.get('/summary', (req: Request, res: Response) => {
    const raw = req.query.node;
    if (raw === undefined || raw === '') {
      res.status(400).json({ error: 'api: name a hierarchy node: /api/summary?node=<id> (the tree is at /api/hierarchy)' });
      return;
    }
    if (typeof raw !== 'string') {
      res.status(400).json({ error: 'api: give node once, as one id: /api/summary?node=<id>' });
      return;
    }
    const node = hierarchy.get(raw);
    if (!node) {
      res.status(404).json({ error: `api: unknown node "${clip(raw)}"; the tree is at /api/hierarchy` });
      return;
    }
    res.json({
      node: brief(node),
      time: Date.now(),
      values: rollups.values(node.id),
      children: hierarchy.childrenOf(node.id).flatMap((id) => {
        const child = hierarchy.get(id);
        return child ? [{ ...brief(child), values: rollups.values(id) }] : [];
      }),
    });
  });

  return r;
}

function brief(n: HierarchyNode) {
  return { id: n.id, level: n.level, name: n.name };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
