/**
 * `GET /api/replay?node=<id>&from=<time>&to=<time>[&step=<duration>]`: a past window of a node as
 * the live path carries it, for incident review. A screen plays it into a store of its own at
 * 1–3600×, so its live subscription keeps running beside it and loses nothing.
 *
 * - communities and neighbourhoods: the samples of their telemetry series (numeric fields), with
 *   each series' descriptor and its last value before `from`, so the screen starts where it stood;
 * - every level with a roll-up history (city, district, street, community): the node's figures as
 *   the server recorded them each minute, played as summary frames.
 *
 * `step` buckets samples (the last of each bucket) so a fast replay reads what it can show; raw
 * otherwise. An answer holds at most `maxSamples` samples, cut on a time boundary; `next` is then
 * the `from` of the next page. Documented in docs/api.md. The guard has checked the node against
 * the caller's scope.
 */
import express, { type Request, type Response } from 'express';
import { topicOf, type SeriesDescriptor } from '../../streams/live-protocol.ts';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import type { RollupHistory } from '../rollups/rollup-history.ts';
import { NODE_ROLLUP } from '../rollups/rollup-history.ts';
import type { SeriesDef, SeriesResult, TimeSeriesStore } from '../store/types.ts';
import { parseDuration, parseTime } from './time-params.ts';
import { QueryError } from './query-error.ts';

/** Longest window one request may name, ms (a week: the raw retention of the embedded store). */
const MAX_WINDOW_MS = 7 * 86_400_000;
/** How far back the value a series held at `from` is looked for, ms. */
const LOOKBACK_MS = 6 * 3_600_000;
/** Series per store query, so one replay never builds an enormous query. */
const SERIES_PER_QUERY = 500;

export interface ReplayRouteOptions {
  hierarchy: Hierarchy;
  catalog: SeriesCatalog;
  store: TimeSeriesStore;
  history: RollupHistory;
  /** Samples (telemetry and figures together) per answer. Default 200,000. */
  maxSamples?: number;
  now?: () => number;
}

/** Columns of samples in time order: series id, epoch ms, value. */
export interface ReplayColumns { sid: number[]; t: number[]; v: number[] }

export interface ReplayAnswer {
  node: { id: string; level: string; name: HierarchyNode['name'] };
  from: number;
  to: number;
  stepMs: number;
  /** Telemetry series of the node (none above the community level). */
  schema: SeriesDescriptor[];
  /** Each telemetry series' last value before `from` (its time is a bucket start when older than a step). */
  before: ReplayColumns;
  samples: ReplayColumns;
  /** The node's recorded figures: key (`energy.load_kw`) per figure id, and their values in time order. */
  figures: { keys: Record<number, string>; before: ReplayColumns; samples: ReplayColumns };
  /** Where the next page starts when this one was cut at the sample budget; null when the window is complete. */
  next: number | null;
}

export function replayRoutes(opts: ReplayRouteOptions): express.Router {
  const { hierarchy, catalog, store, history } = opts;
  const now = opts.now ?? Date.now;
  const maxSamples = opts.maxSamples ?? 200_000;
  const r = express.Router();

  r.get('/replay', async (req: Request, res: Response, next) => {
    try {
      const { node, from, to, stepMs } = params(req, hierarchy, now());
      const telemetry = telemetrySeries(node, catalog);
      const figures = figureSeries(node, catalog, history);
      // A screen reads what stood before the window once, with its first page (`before=0` on the rest).
      const [before, samples] = await Promise.all([
        req.query.before === '0' ? { sid: [], t: [], v: [] } : lastBefore([...telemetry, ...figures.defs], from, store),
        readWindow([...telemetry, ...figures.defs], from, to, stepMs, store),
      ]);
      const figureIds = new Set(figures.defs.map((d) => d.id));
      const cut = cutAt(samples, maxSamples);
      const answer: ReplayAnswer = {
        node: { id: node.id, level: node.level, name: node.name }, from, to, stepMs,
        schema: telemetry.map((d) => ({ id: d.id, measurement: d.measurement, tags: d.tags, field: d.field, type: d.type })),
        before: pick(before, (sid) => !figureIds.has(sid)),
        samples: pick(cut.columns, (sid) => !figureIds.has(sid)),
        figures: { keys: figures.keys, before: pick(before, (sid) => figureIds.has(sid)), samples: pick(cut.columns, (sid) => figureIds.has(sid)) },
        next: cut.next,
      };
      res.json(answer);
    } catch (e) {
      if (e instanceof QueryError) res.status(e.status).json({ error: `replay: ${e.message.replace(/^query: /, '')}` });
      else next(e);
    }
  });
  return r;
}

function params(req: Request, hierarchy: Hierarchy, t: number): { node: HierarchyNode; from: number; to: number; stepMs: number } {
  const id = req.query.node;
  if (typeof id !== 'string' || id === '') throw new QueryError(400, 'name the node: ?node=<id>');
  const node = hierarchy.get(id);
  if (!node) throw new QueryError(404, `unknown node "${id.slice(0, 64)}"; see /api/hierarchy`);
  const from = parseTime(req.query.from, t, 'from');
  const to = parseTime(req.query.to, t, 'to');
  if (from === undefined || to === undefined) throw new QueryError(400, 'name the window: ?from=<time>&to=<time> (epoch ms, ISO 8601 or now-1h)');
  if (!(from < to)) throw new QueryError(400, `"from" (${new Date(from).toISOString()}) must be before "to" (${new Date(to).toISOString()})`);
  if (to - from > MAX_WINDOW_MS) throw new QueryError(400, `the window is ${Math.round((to - from) / 3_600_000)} h long; a replay covers at most ${MAX_WINDOW_MS / 3_600_000} h (ask for the next part after)`);
  const step = req.query.step;
  const stepMs = step === undefined ? 0 : parseDuration(String(step), 'step');
  if (stepMs > 86_400_000) throw new QueryError(400, `step "${String(step).slice(0, 40)}" is longer than a day`);
  return { node, from, to, stepMs };
}

/** Numeric telemetry series under a community or neighbourhood (what its live rooms carry). */
function telemetrySeries(node: HierarchyNode, catalog: SeriesCatalog): SeriesDef[] {
  if (node.level !== 'community' && node.level !== 'neighbourhood') return [];
  const community = node.level === 'neighbourhood' ? node.parent ?? '' : node.id;
  const out: SeriesDef[] = [];
  for (const id of catalog.ofCommunity(community)) {
    const d = catalog.get(id)!;
    if (d.type === 'string' || d.measurement === NODE_ROLLUP) continue;
    const topic = topicOf(d.measurement);
    if (topic === undefined || topic === 'alert') continue;
    if (node.level === 'neighbourhood' && d.tags.neighbourhood !== node.id) continue;
    out.push(d);
  }
  return out;
}

/** The node's recorded figures (its roll-up history), with the key each stands for. */
function figureSeries(node: HierarchyNode, catalog: SeriesCatalog, history: RollupHistory): { defs: SeriesDef[]; keys: Record<number, string> } {
  const defs: SeriesDef[] = [];
  const keys: Record<number, string> = {};
  if (!history.records(node.level)) return { defs, keys };
  for (const d of catalog.find({ measurement: NODE_ROLLUP, tags: { node: node.id } })) {
    defs.push(d);
    keys[d.id] = d.field;
  }
  return { defs, keys };
}

async function queryAll(defs: SeriesDef[], run: (part: SeriesDef[]) => Promise<SeriesResult[]>): Promise<SeriesResult[]> {
  const out: SeriesResult[] = [];
  for (let i = 0; i < defs.length; i += SERIES_PER_QUERY) out.push(...await run(defs.slice(i, i + SERIES_PER_QUERY)));
  return out;
}

/**
 * Each series' last value before `from`. A store answers wide buckets from its roll-ups, whose
 * bucket holding `from` would also hold samples after it: so hours up to the last whole hour,
 * minutes up to the last whole minute, and only the rest raw.
 */
async function lastBefore(defs: SeriesDef[], from: number, store: TimeSeriesStore): Promise<ReplayColumns> {
  const hour = Math.floor(from / 3_600_000) * 3_600_000;
  const minute = Math.floor(from / 60_000) * 60_000;
  const parts: [number, number, number][] = [[from - LOOKBACK_MS, hour, 3_600_000], [hour, minute, 60_000], [minute, from, 0]];
  const last = new Map<number, { t: number; v: number }>();
  for (const [a, b, windowMs] of parts) {
    if (!(a < b)) continue;
    const found = await queryAll(defs, async (part) => (await store.query({ series: part, from: a, to: b, windowMs, agg: 'last' })).series);
    for (const s of found) {
      const k = s.t.length - 1;
      if (k >= 0) last.set(s.id, { t: Math.max(s.t[k], a), v: s.v[k] });
    }
  }
  const out: ReplayColumns = { sid: [], t: [], v: [] };
  for (const [sid, { t, v }] of last) { out.sid.push(sid); out.t.push(t); out.v.push(v); }
  return out;
}

async function readWindow(defs: SeriesDef[], from: number, to: number, stepMs: number, store: TimeSeriesStore): Promise<ReplayColumns> {
  const found = await queryAll(defs, async (part) => (await store.query({ series: part, from, to, windowMs: stepMs, agg: 'last' })).series);
  // Every series' samples are in time order: merge them into one time order.
  let n = 0;
  for (const s of found) n += s.t.length;
  const order = new Uint32Array(n);
  const sid = new Float64Array(n), t = new Float64Array(n), v = new Float64Array(n);
  let k = 0;
  for (const s of found) {
    for (let i = 0; i < s.t.length; i++, k++) { sid[k] = s.id; t[k] = s.t[i]; v[k] = s.v[i]; order[k] = k; }
  }
  order.sort((a, b) => t[a] - t[b] || a - b);
  const out: ReplayColumns = { sid: new Array(n), t: new Array(n), v: new Array(n) };
  for (let i = 0; i < n; i++) { const j = order[i]; out.sid[i] = sid[j]; out.t[i] = t[j]; out.v[i] = v[j]; }
  return out;
}

/** At most `max` samples, never splitting one time between pages. */
function cutAt(c: ReplayColumns, max: number): { columns: ReplayColumns; next: number | null } {
  if (c.t.length <= max) return { columns: c, next: null };
  let end = max;
  while (end > 0 && c.t[end] === c.t[end - 1]) end--;
  // One instant alone past the budget: send it whole rather than nothing.
  if (end === 0) { end = max; while (end < c.t.length && c.t[end] === c.t[max - 1]) end++; }
  if (end >= c.t.length) return { columns: c, next: null };
  return { columns: { sid: c.sid.slice(0, end), t: c.t.slice(0, end), v: c.v.slice(0, end) }, next: c.t[end] };
}

function pick(c: ReplayColumns, keep: (sid: number) => boolean): ReplayColumns {
  const out: ReplayColumns = { sid: [], t: [], v: [] };
  for (let i = 0; i < c.sid.length; i++) {
    if (!keep(c.sid[i])) continue;
    out.sid.push(c.sid[i]); out.t.push(c.t[i]); out.v.push(c.v[i]);
  }
  return out;
}
