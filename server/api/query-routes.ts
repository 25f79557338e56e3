/**
 * Read API: range queries with window aggregation and a point cap, latest values, series listing,
 * the hierarchy and health. Every endpoint is documented in docs/api.md.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { fieldDef } from '../../streams/families/index.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { AGGREGATES, StoreBusyError, StoreUnavailableError, type Aggregate, type SeriesDef, type SeriesResult, type TimeSeriesStore } from '../store/types.ts';
import type { StoreWriter } from '../ingest/store-writer.ts';
import { parseDuration, parseTime, niceWindow } from './time-params.ts';
import { QueryError } from './query-error.ts';
import { accessOf } from '../access/guard.ts';
import type { Principal } from '../auth/principal.ts';
import type { IngestHealth } from '../ingest/ingest-health.ts';

export interface QueryRouteOptions {
  catalog: SeriesCatalog;
  store: TimeSeriesStore;
  writer: StoreWriter;
  hierarchy: Hierarchy;
  epoch: string;
  /** Default and largest points per series a query returns. Defaults 1000 and 10,000. */
  defaultMaxPoints?: number;
  maxPoints?: number;
  /** Most series one query may touch. Default 200. */
  maxSeries?: number;
  /** The community a page opens on for a caller who sees the whole tree (one with a twin or data). */
  home?: () => string | undefined;
  /** Backpressure and dead letters of /write, as the caller may see them. */
  ingestHealth?: (caller: Principal | undefined) => IngestHealth;
  /** The twins' tileset checks: problems found (a count: health is public) and twins still being checked. */
  twinHealth?: () => { tilesetProblems: number; checking: number };
}

export function queryRoutes(opts: QueryRouteOptions): express.Router {
  const r = express.Router();
  const started = Date.now();
  const maxSeries = opts.maxSeries ?? 200;
  const hardMaxPoints = opts.maxPoints ?? 10_000;

  /** The writer's view of the store (spool, refusals, quarantine), checked against a ping of our own. */
  r.get('/health', async (req, res) => {
    let pingError: string | undefined;
    let busy: string | undefined;
    try { await withTimeout(opts.store.ping(), 2000); } catch (e) {
      if (e instanceof StoreBusyError) busy = e.message; else pingError = (e as Error).message;
    }
    const h = opts.writer.health;
    const ingest = opts.ingestHealth?.(req.principal);
    const reachable = h.reachable && pingError === undefined;
    busy = h.busy ?? busy;
    const reason = h.reason ?? pingError ?? busy ?? ingest?.reason;
    res.json({
      ...h, status: reason === undefined ? 'ok' : 'degraded', reason, reachable, busy,
      backpressure: ingest?.backpressure, deadLetters: ingest?.deadLetters, twins: opts.twinHealth?.(),
      epoch: opts.epoch, series: opts.catalog.size, uptimeS: Math.round((Date.now() - started) / 1000),
    });
  });

  // The places in the caller's scope, and the ones above them so the tree can be walked down to it;
  // `home`: where a page opened without ?node= starts (the caller's first scope node, or a live community).
  r.get('/hierarchy', (req, res) => {
    const { scope } = accessOf(req);
    const nodes = scope.all ? [...opts.hierarchy.nodes()] : [...opts.hierarchy.nodes()].filter((n) => scope.sees(n.id));
    res.json({ nodes, home: scope.limits()?.[0] ?? opts.home?.() ?? null });
  });

  r.get('/series', handle((req) => {
    const found = select(req, false);
    return { series: found.slice(0, 10_000).map(publicDef), total: found.length };
  }));

  r.get('/latest', handle((req) => {
    const found = select(req, true);
    return {
      series: found.map((d) => {
        const t = opts.catalog.latestTime(d.id);
        // Integers beyond ±2^53 as decimal strings: a JSON number would round them.
        const v = d.type === 'string' ? opts.catalog.latestTextValue(d.id) : opts.catalog.latestExactValue(d.id) ?? opts.catalog.latestValue(d.id);
        return { ...publicDef(d), t: Number.isNaN(t) ? null : t, v: Number.isNaN(t) ? null : v };
      }),
    };
  }));

  r.get('/query', handle(async (req) => {
    const series = select(req, true).filter((d) => d.type !== 'string');
    if (series.length === 0) throw new QueryError(404, 'no numeric series match; string fields are read through /api/latest');
    const now = Date.now();
    const to = parseTime(req.query.to, now, 'to') ?? now;
    const from = parseTime(req.query.from, now, 'from') ?? to - 3_600_000;
    if (!(from < to)) throw new QueryError(400, `"from" (${new Date(from).toISOString()}) must be before "to" (${new Date(to).toISOString()})`);
    const agg = (req.query.agg ?? 'mean') as Aggregate;
    if (!AGGREGATES.includes(agg)) throw new QueryError(400, `agg "${clip(String(agg))}" is not one of ${AGGREGATES.join(', ')}`);
    const maxPoints = req.query.maxPoints === undefined ? (opts.defaultMaxPoints ?? 1000) : Number(req.query.maxPoints);
    if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > hardMaxPoints) {
      throw new QueryError(400, `maxPoints must be an integer from 1 to ${hardMaxPoints}`);
    }
    let windowMs = req.query.window === undefined ? undefined : parseDuration(String(req.query.window), 'window');
    // Too fine a window for the cap: widen it, as Grafana does with maxDataPoints.
    const needed = niceWindow((to - from) / maxPoints);
    if (windowMs === undefined) windowMs = needed;
    else if (windowMs > 0 && windowMs < needed) windowMs = needed;
    const result = await opts.store.query({ series, from, to, windowMs, agg });
    let truncated = false;
    const out = result.series.map((s) => {
      const def = opts.catalog.get(s.id)!;
      if (s.t.length > maxPoints) truncated = true;
      const skip = Math.max(0, s.t.length - maxPoints);
      return { ...publicDef(def), t: s.t.slice(skip), v: exactValues(s).slice(skip) };
    });
    return { from, to, windowMs, agg, source: result.source, truncated, series: out };
  }));

  /** Series matching measurement, field and `tag.<key>=<value>` parameters; `community` is a shortcut tag. */
  function select(req: Request, required: boolean): SeriesDef[] {
    const q = req.query;
    // No prototype: `tag.__proto__=x` is a tag like any other, not a change to the object.
    const tags: Record<string, string> = Object.create(null);
    for (const [k, v] of Object.entries(q)) {
      if (k.startsWith('tag.')) tags[k.slice(4)] = String(v);
    }
    if (q.community !== undefined) tags.community = String(q.community);
    if (q.neighbourhood !== undefined) tags.neighbourhood = String(q.neighbourhood);
    const measurement = q.measurement === undefined ? undefined : String(q.measurement);
    const field = q.field === undefined ? undefined : String(q.field);
    if (required && measurement === undefined && tags.community === undefined) {
      throw new QueryError(400, 'name a measurement or a community');
    }
    const matching = opts.catalog.find({ measurement, field, tags });
    // Series outside the caller's scope are not there for it: a query that names none of its
    // places gets only its own; one that names a place outside it was refused by the guard.
    const { scope } = accessOf(req);
    const found = scope.all ? matching : matching.filter((d) => scope.readsSeries(d.tags));
    if (required && found.length === 0 && matching.length > 0) {
      throw new QueryError(403, `the ${matching.length} series that match are outside your scope (${scope.describe()})`);
    }
    if (required && found.length === 0) {
      const what = [measurement && `measurement "${clip(measurement)}"`, field && `field "${clip(field)}"`,
        ...Object.entries(tags).map(([k, v]) => `${clip(k)}="${clip(v)}"`)].filter(Boolean).join(', ');
      throw new QueryError(404, `no series match ${what}`);
    }
    if (required && found.length > maxSeries) {
      throw new QueryError(400, `${found.length} series match; narrow the query to at most ${maxSeries} (add a field or tag)`);
    }
    return found;
  }

  return r;
}

/** The values of a result, with integers beyond ±2^53 as their exact decimal strings (a JSON number would round them). */
function exactValues(s: SeriesResult): (number | string)[] {
  if (!s.exact || s.exact.size === 0) return s.v;
  const v: (number | string)[] = s.v.slice();
  for (const [i, text] of s.exact) v[i] = text;
  return v;
}

function publicDef(d: SeriesDef) {
  const fd = fieldDef(d.measurement, d.field);
  return { id: d.id, measurement: d.measurement, tags: d.tags, field: d.field, type: d.type, unit: fd?.unit ?? '' };
}

/**
 * Answers QueryErrors and a store outage (503, as /api/health reports it); anything else is a bug,
 * for the server's final handler (logged, no internals).
 */
function handle(fn: (req: Request) => unknown) {
  return (req: Request, res: Response, next: NextFunction) => {
    Promise.resolve()
      .then(() => fn(req))
      .then((body) => res.json(body))
      .catch((e: unknown) => {
        if (e instanceof QueryError) res.status(e.status).json({ error: e.message });
        else if (e instanceof StoreUnavailableError) res.status(503).json({ error: `query: the time-series store is unreachable; try again shortly (${e.message})` });
        else next(e);
      });
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`store: no answer to a ping within ${ms} ms`)), ms).unref())]);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
