/**
 * `GET /api/summary/history?node=<id>&key=energy.load_kw[&key=…][&day=both|today|yesterday]`: a
 * node's rolled-up figures of today and yesterday (China days) in 5-minute means, read from the
 * roll-up history the server writes every minute (server/rollups/rollup-history.ts). Yesterday is
 * shifted by 24 h onto today's clock, so both curves share one time axis. Documented in docs/api.md.
 * The guard has checked the node against the caller's scope.
 */
import express, { type Request, type Response } from 'express';
import { DAY_MS, chinaDayStart } from '../../streams/china-time.ts';
import { fieldDef, inSummary, isFamily } from '../../streams/families/index.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import type { RollupHistory } from '../rollups/rollup-history.ts';
import type { SeriesDef, TimeSeriesStore } from '../store/types.ts';

/** Bucket of the curves, ms: a peak's time to 5 minutes, two days in under 600 points. */
export const HISTORY_WINDOW_MS = 300_000;
/** Most keys one request reads. */
const MAX_KEYS = 8;
const DAYS = ['both', 'today', 'yesterday'] as const;
type Day = (typeof DAYS)[number];

export interface SummaryHistoryOptions {
  hierarchy: Hierarchy;
  catalog: SeriesCatalog;
  store: TimeSeriesStore;
  history: RollupHistory;
  now?: () => number;
}

export interface DayCurve {
  /** Bucket starts on today's clock, epoch ms (yesterday's shifted by +24 h). */
  t: number[];
  v: number[];
}

class HistoryRequestError extends Error {
  constructor(readonly status: 400 | 404, message: string) {
    super(message);
  }
}

export function summaryHistoryRoutes(opts: SummaryHistoryOptions): express.Router {
  const { hierarchy, catalog, store, history } = opts;
  const now = opts.now ?? Date.now;
  const r = express.Router();

  r.get('/summary/history', async (req: Request, res: Response, next) => {
    try {
      const { node, keys, day } = parse(req, hierarchy, history);
      const t = now();
      const dayStart = chinaDayStart(t);
      const from = day === 'today' ? dayStart : dayStart - DAY_MS;
      const to = day === 'yesterday' ? dayStart : t + 1;
      const defs = keys.map((k) => {
        const id = history.seriesId(node.id, k);
        return id === undefined ? undefined : catalog.get(id);
      });
      const found = defs.filter((d): d is SeriesDef => d !== undefined);
      const result = found.length
        ? await store.query({ series: found, from, to, windowMs: HISTORY_WINDOW_MS, agg: 'mean' })
        : { series: [] };
      const byId = new Map(result.series.map((s) => [s.id, s]));
      const curves: Record<string, { today: DayCurve; yesterday: DayCurve }> = {};
      keys.forEach((k, i) => {
        const s = defs[i] && byId.get(defs[i]!.id);
        const today: DayCurve = { t: [], v: [] };
        const yesterday: DayCurve = { t: [], v: [] };
        if (s) {
          for (let j = 0; j < s.t.length; j++) {
            const bt = s.t[j];
            if (bt >= dayStart) { today.t.push(bt); today.v.push(s.v[j]); } else { yesterday.t.push(bt + DAY_MS); yesterday.v.push(s.v[j]); }
          }
        }
        curves[k] = day === 'today' ? { today, yesterday: { t: [], v: [] } } : day === 'yesterday' ? { today: { t: [], v: [] }, yesterday } : { today, yesterday };
      });
      res.json({ node: { id: node.id, level: node.level, name: node.name }, dayStart, to: t, windowMs: HISTORY_WINDOW_MS, curves });
    } catch (e) {
      if (e instanceof HistoryRequestError) res.status(e.status).json({ error: `api: ${e.message}` });
      else next(e);
    }
  });

  return r;
}

function parse(req: Request, hierarchy: Hierarchy, history: RollupHistory) {
  const raw = req.query.node;
  if (raw === undefined || raw === '') throw new HistoryRequestError(400, 'name a hierarchy node: /api/summary/history?node=<id>&key=energy.load_kw (the tree is at /api/hierarchy)');
  if (typeof raw !== 'string') throw new HistoryRequestError(400, 'give node once, as one id');
  const node = hierarchy.get(raw);
  if (!node) throw new HistoryRequestError(404, `unknown node "${clip(raw)}"; the tree is at /api/hierarchy`);
  if (!history.records(node.level)) {
    throw new HistoryRequestError(400, `node "${clip(raw)}" is a ${node.level}; roll-up history is kept for city, district, street and community nodes (a neighbourhood's series are read with /api/query)`);
  }
  const keyParam = req.query.key;
  const keys = (Array.isArray(keyParam) ? keyParam : keyParam === undefined ? [] : [keyParam]).flatMap((k) => (typeof k === 'string' ? k.split(',') : [String(k)]));
  if (keys.length === 0 || keys.some((k) => k === '')) throw new HistoryRequestError(400, 'name a figure: key=<measurement>.<field>, e.g. key=energy.load_kw (repeat key for more)');
  if (keys.length > MAX_KEYS) throw new HistoryRequestError(400, `${keys.length} keys asked; at most ${MAX_KEYS} per request`);
  for (const k of keys) {
    const problem = keyProblem(k);
    if (problem) throw new HistoryRequestError(400, problem);
  }
  const dayParam = req.query.day ?? 'both';
  if (typeof dayParam !== 'string' || !(DAYS as readonly string[]).includes(dayParam)) {
    throw new HistoryRequestError(400, `day must be one of ${DAYS.join(', ')}, not ${JSON.stringify(typeof dayParam === 'string' ? clip(dayParam) : dayParam)}`);
  }
  return { node, keys: [...new Set(keys)], day: dayParam as Day };
}

/** Why a key names no rolled-up figure, or undefined when it does. */
function keyProblem(key: string): string | undefined {
  const dot = key.indexOf('.');
  const measurement = dot > 0 ? key.slice(0, dot) : key;
  const field = dot > 0 ? key.slice(dot + 1) : '';
  if (!isFamily(measurement)) return `key "${clip(key)}": "${clip(measurement)}" is not a data family (keys are <measurement>.<field>, e.g. energy.load_kw)`;
  const def = fieldDef(measurement, field);
  if (!def) return `key "${clip(key)}": the family "${measurement}" has no field "${clip(field)}"`;
  if (def.rollup === 'none' || def.type === 'string' || !inSummary(measurement)) return `key "${clip(key)}" is not rolled up over the tree (only summarised fields have a history)`;
  return undefined;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
