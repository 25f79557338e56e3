/**
 * InfluxDB 1.x compatible ingest: `POST /write` (line protocol, `precision`, gzip), `GET|HEAD /ping`,
 * and the `CREATE DATABASE` that Telegraf sends to `/query` on start.
 *
 * Like InfluxDB, a batch with bad lines still writes its good lines and answers 400 "partial write"
 * naming every bad line (up to 20); a batch with no good line answers 400 and writes nothing.
 * Every answer of these routes is JSON `{ error }`, never an HTML page or a stack trace.
 */
import express, { type Request, type Response, type NextFunction } from 'express';
import { clockAt, LineProtocolError, parseLineProtocol, parsePrecision, SeriesCache, type ParseError, type ParsedLine } from '../../streams/line-protocol/parse.ts';
import { accessOf, type Access } from '../access/guard.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import { acceptLines, type Accepted } from './point-validator.ts';
import type { StoreWriter } from './store-writer.ts';
import { SpoolFullError } from './disk-spool.ts';
import { StoreRefusedError } from '../store/types.ts';
import type { WriteDifferences } from '../config.ts';

export const INFLUX_COMPAT_VERSION = '1.8.10-community-twin';

export interface WriteRouteOptions {
  catalog: SeriesCatalog;
  writer: StoreWriter;
  /** Called with what was accepted, before it is stored, so live clients see it at once. */
  onAccepted: (a: Accepted) => void;
  /** Largest accepted body, bytes (after gzip inflation). Default 25 MiB, as InfluxDB. */
  maxBodyBytes?: number;
  /** Largest accepted line, characters; 0 for no limit. Default 65,536. */
  maxLineLength?: number;
  /** How far ahead of the server clock a timestamp may be, ms (Infinity: no limit). Default 10 minutes. */
  maxFutureMs?: number;
  /** Where /write may differ from InfluxDB (config.ts `writeDifferences`); default: the product's. */
  differences?: Partial<WriteDifferences>;
  now?: () => number;
}

const MAX_LISTED_ERRORS = 20;

export function writeRoutes(opts: WriteRouteOptions): express.Router {
  const router = express.Router();
  const seriesCache = new SeriesCache();
  const now = opts.now ?? Date.now;
  const maxFutureMs = opts.maxFutureMs ?? 10 * 60_000;

  router.get('/ping', ping);
  router.head('/ping', ping);

  router.post('/query', express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
    const q = String(req.query.q ?? (req.body as Record<string, unknown> | undefined)?.q ?? '');
    if (/^\s*CREATE\s+DATABASE\b/i.test(q)) { res.json({ results: [{ statement_id: 0 }] }); return; }
    res.status(400).json({ error: 'this endpoint answers only CREATE DATABASE; query data through /api/query' });
  });

  router.post(
    '/write',
    express.text({ type: () => true, limit: opts.maxBodyBytes ?? 25 * 1024 * 1024, defaultCharset: 'utf-8' }),
    (req: Request, res: Response, next: NextFunction) => {
      handleWrite(req, res).catch(next);
    },
  );
  // Client errors (body size, gzip, charset) in InfluxDB's shape here; faults of ours go on to the
  // app's final handler (server/api/error-answers.ts): logged with a reference, answered without internals.
  router.use(ingestErrors);

  async function handleWrite(req: Request, res: Response): Promise<void> {
    res.setHeader('X-Influxdb-Version', INFLUX_COMPAT_VERSION);
    // Given twice, InfluxDB reads the first.
    const given = Array.isArray(req.query.precision) ? req.query.precision[0] : req.query.precision;
    if (given !== undefined && typeof given !== 'string') {
      res.status(400).json({ error: 'ingest: give the precision parameter as one of n, ns, u, ms, s, m, h' });
      return;
    }
    let precision;
    try {
      precision = parsePrecision(given, opts.differences?.strictPrecision);
    } catch (e) {
      res.status(400).json({ error: `ingest: ${(e as LineProtocolError).message}` });
      return;
    }
    const body = typeof req.body === 'string' ? req.body : '';
    const parsed = parseLineProtocol(body, { precision, maxLineLength: opts.maxLineLength, seriesCache, refuseSubMs: opts.differences?.refuseSubMs });
    const { inScope, outOfScope } = byScope(parsed.points, accessOf(req));
    // A line without timestamp gets the clock truncated to the precision's unit, as InfluxDB stamps it.
    const accepted = acceptLines(inScope, opts.catalog, clockAt(now(), precision), {
      maxFutureMs, placementTags: opts.differences?.placementTags, influxNames: opts.differences?.influxNames,
    });
    const errors = [...parsed.errors, ...accepted.errors, ...outOfScope].sort((a, b) => a.line - b.line);
    // A gateway writing outside its communities is refused (403), its other lines kept as usual.
    const status = outOfScope.length > 0 ? 403 : 400;
    if (accepted.points === 0) {
      if (errors.length === 0) { res.status(204).end(); return; }
      res.status(status).json({ error: describe(errors) });
      return;
    }
    try {
      opts.onAccepted(accepted);
    } catch (e) {
      // Live delivery and alert rules see the samples first; a fault there must not lose the batch.
      console.error(new Error('ingest: live delivery of an accepted batch failed; the batch is stored anyway', { cause: e }));
    }
    try {
      await opts.writer.submit(accepted.samples);
    } catch (e) {
      // A refused batch is the sender's to fix: 400, so gateways and Telegraf do not retry it forever.
      if (e instanceof StoreRefusedError) { res.status(400).json({ error: `ingest: the store refused this batch: ${(e as Error).message}` }); return; }
      if (e instanceof SpoolFullError) { res.status(503).json({ error: `ingest: ${e.message}` }); return; }
      if (/shutting down/.test((e as Error).message)) { res.status(503).json({ error: 'ingest: server is shutting down; send again' }); return; }
      throw e; // the final error handler logs it with a reference and answers without internals
    }
    if (errors.length === 0) { res.status(204).end(); return; }
    res.status(status).json({
      error: `partial write: ${accepted.points} points written, ${errors.length} lines rejected: ${describe(errors)}`,
    });
  }

  return router;
}

/**
 * Lines whose `community` tag is in the writer's scope, and a refusal for each other line. Runs on
 * every line a gateway writes: a batch is usually all in scope, so it is scanned first and copied
 * only from the first line refused, and each community of the batch is decided once.
 */
function byScope(points: ParsedLine[], access: Access): { inScope: ParsedLine[]; outOfScope: ParseError[] } {
  if (access.scope.all) return { inScope: points, outOfScope: [] };
  const allowed = new Map<string, boolean>();
  const inScopeLine = (p: ParsedLine): boolean => {
    const community = p.series.tags.community;
    if (community === undefined) return false;
    let ok = allowed.get(community);
    if (ok === undefined) allowed.set(community, (ok = access.scope.includes(community)));
    return ok;
  };
  let first = 0;
  while (first < points.length && inScopeLine(points[first])) first++;
  if (first === points.length) return { inScope: points, outOfScope: [] };
  const inScope = points.slice(0, first);
  const outOfScope: ParseError[] = [];
  for (let i = first; i < points.length; i++) {
    const p = points[i];
    if (inScopeLine(p)) { inScope.push(p); continue; }
    const community = p.series.tags.community;
    const what = community === undefined ? 'it has no community tag, so it is outside' : `tag community=${JSON.stringify(clipText(community))} is outside`;
    outOfScope.push({ line: p.line, message: `line ${p.line}: ${what} the scope of ${access.principal.kind} "${clipText(access.principal.name)}" (${access.scope.describe()})` });
  }
  return { inScope, outOfScope };
}

const clipText = (s: string) => (s.length > 64 ? `${s.slice(0, 64)}…` : s);

function ping(_req: Request, res: Response): void {
  res.setHeader('X-Influxdb-Version', INFLUX_COMPAT_VERSION);
  res.status(204).end();
}

function describe(errors: ParseError[]): string {
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map((e) => e.message).join('\n');
  return errors.length > MAX_LISTED_ERRORS ? `${listed}\n(and ${errors.length - MAX_LISTED_ERRORS} more lines)` : listed;
}

/** Error handler for the ingest routes: oversize bodies, bad gzip and charset, in InfluxDB's JSON shape. */
export function ingestErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  const e = err as { type?: string; status?: number; limit?: number; length?: number; message?: string };
  if (!e || typeof e.status !== 'number') { next(err); return; }
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: `ingest: request body is larger than the limit of ${e.limit} bytes; send smaller batches` });
    return;
  }
  res.status(e.status).json({ error: `ingest: ${e.message ?? 'bad request'}` });
}
