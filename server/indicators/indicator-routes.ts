/**
 * REST API of the indicator system under /api/indicators: the catalogue, assessments per
 * community and item (optimistic concurrency by revision, full history) and progress at every
 * level of the hierarchy. Documented in docs/api.md.
 */
import { accessOf } from '../access/guard.ts';
import { actorName } from '../access/actor-name.ts';
import { hasCapability } from '../access/capabilities.ts';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import { catalogueTree, itemById, ITEMS } from '../../streams/indicators/catalogue.ts';
import { AssessmentInputError, parseAssessmentChange, unassessed, type Assessment } from '../../streams/indicators/assessment.ts';
import { communityProgress, rollUp } from '../../streams/indicators/progress.ts';
import type { RecordsDb } from '../records/records-db.ts';
import { AssessmentStore, StaleRevisionError } from './assessment-store.ts';
import { bodyErrors } from '../api/body-errors.ts';
import { complianceHistory } from './compliance-history.ts';

export interface IndicatorRouteOptions {
  records: RecordsDb;
  hierarchy: Hierarchy;
  /** Called after each stored change (the live hub broadcasts it). */
  onChange?: (a: Assessment) => void;
  /** Server clock, epoch ms (tests). Default Date.now. */
  now?: () => number;
}

/** An error answered with its status; messages start with "indicators: ". */
class IndicatorError extends Error {
  constructor(readonly status: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(`indicators: ${message}`);
  }
}

const BODY_LIMIT = '64kb';

/** Compliance history: days answered by default and at most. */
const DEFAULT_DAYS = 30;
const MAX_DAYS = 365;

export function indicatorRoutes(opts: IndicatorRouteOptions): express.Router {
  const store = new AssessmentStore(opts.records, opts.now);
  const { hierarchy } = opts;
  const r = express.Router();
  const catalogue = catalogueTree();

  r.get('/catalogue', (_req, res) => { res.json(catalogue); });

  r.get('/assessments', handle((req) => {
    const node = nodeParam(req);
    const community = communityOf(node);
    const current = store.currentOfCommunity(community.id);
    const { principal, scope } = accessOf(req);
    return {
      node, community: community.id,
      // What the PUT below would allow this caller, so a page offers editing only where it works.
      canAssess: hasCapability(principal, 'assess') && scope.includes(community.id),
      assessments: ITEMS.map((it) => current.get(it.id) ?? unassessed(community.id, it.id)),
    };
  }));

  r.get('/assessments/:community/:item/history', handle((req) => {
    const community = communityParam(req);
    const item = itemParam(req);
    return { community, item, history: store.history(community, item) };
  }));

  r.put('/assessments/:community/:item', express.json({ limit: BODY_LIMIT }), handle((req) => {
    const community = communityParam(req);
    const item = itemParam(req);
    let change;
    try {
      change = parseAssessmentChange(req.body);
    } catch (e) {
      if (e instanceof AssessmentInputError) throw new IndicatorError(400, e.message.replace(/^indicators: /, ''));
      throw e;
    }
    let saved: Assessment;
    try {
      saved = store.apply(community, item, { ...change, operator: actorName(accessOf(req).principal) });
    } catch (e) {
      if (e instanceof StaleRevisionError) throw new IndicatorError(409, e.message.replace(/^indicators: /, ''), { current: e.current });
      throw e;
    }
    try {
      opts.onChange?.(saved);
    } catch (e) {
      // The change is stored; a failed broadcast must not turn it into an error for the operator.
      console.error(`indicators: broadcasting ${community}/${item} r${saved.revision} failed: ${(e as Error).message}`);
    }
    return saved;
  }));

  r.get('/progress', handle((req) => {
    const node = nodeParam(req);
    if (node.level === 'community' || node.level === 'neighbourhood') {
      const community = communityOf(node);
      return { node, community: progressOf(community.id) };
    }
    const statuses = store.currentStatuses(hierarchy.communitiesUnder(node.id));
    const area = rollUp([...statuses].map(([community, s]) => communityProgress(community, s)));
    return {
      node,
      area: { ...area, list: area.list.map((f) => ({ ...f, name: hierarchy.get(f.community)?.name ?? { zh: f.community, en: f.community } })) },
    };
  }));

  r.get('/compliance-history', handle((req) => {
    const node = nodeParam(req);
    const days = daysParam(req);
    const communities = node.level === 'community' || node.level === 'neighbourhood' ? [communityOf(node).id] : hierarchy.communitiesUnder(node.id);
    const now = (opts.now ?? Date.now)();
    return { node, communities: communities.length, days: complianceHistory(communities, store.changes(communities), days, now) };
  }));

  r.use(bodyErrors('indicators', { tooLarge: 'shorten the note or send fewer links' }));

  function progressOf(community: string) {
    return communityProgress(community, store.currentStatuses([community]).get(community)!);
  }

  function nodeParam(req: Request): HierarchyNode {
    const raw = req.query.node;
    if (Array.isArray(raw)) throw new IndicatorError(400, 'give node once, as one id: ?node=<id>');
    if (typeof raw !== 'string' || raw === '') throw new IndicatorError(400, 'name a hierarchy node: ?node=<id>');
    const node = hierarchy.get(raw);
    if (!node) throw new IndicatorError(404, `unknown node "${clip(raw)}"`);
    return node;
  }

  /** Assessments are kept per community; a neighbourhood reads its community's. */
  function communityOf(node: HierarchyNode): HierarchyNode {
    if (node.level === 'community') return node;
    if (node.level === 'neighbourhood' && node.parent) return hierarchy.get(node.parent)!;
    throw new IndicatorError(400, `"${clip(node.id)}" is a ${node.level}; assessments are kept per community (read its figures at /api/indicators/progress?node=${node.id})`);
  }

  function communityParam(req: Request): string {
    const id = String(req.params.community);
    const node = hierarchy.get(id);
    if (!node) throw new IndicatorError(404, `unknown community "${clip(id)}"`);
    if (node.level !== 'community') {
      const hint = node.level === 'neighbourhood' ? ` (its community is "${node.parent}")` : '';
      throw new IndicatorError(400, `"${clip(id)}" is a ${node.level}, not a community; assessments are kept per community${hint}`);
    }
    return id;
  }

  /** `days`: whole days back, today included; default 30. */
  function daysParam(req: Request): number {
    const raw = req.query.days;
    if (raw === undefined) return DEFAULT_DAYS;
    if (typeof raw !== 'string') throw new IndicatorError(400, 'give days once: ?days=<1…365>');
    const n = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= 1 && n <= MAX_DAYS)) throw new IndicatorError(400, `days must be a whole number from 1 to ${MAX_DAYS}, not "${clip(raw)}"`);
    return n;
  }

  function itemParam(req: Request): string {
    const id = String(req.params.item);
    if (!itemById(id)) throw new IndicatorError(404, `unknown item "${clip(id)}"; items are numbered like "12.1" (1.1 … 33.3)`);
    return id;
  }

  return r;
}

/** Answers IndicatorErrors; anything else is a bug, for the server's final handler (logged, no internals). */
function handle(fn: (req: Request) => unknown) {
  return (req: Request, res: Response, next: NextFunction) => {
    try {
      res.json(fn(req));
    } catch (e) {
      if (e instanceof IndicatorError) res.status(e.status).json({ error: e.message, ...e.extra });
      else next(e);
    }
  };
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
