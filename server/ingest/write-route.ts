/**
 * InfluxDB 1.x compatible ingest: `POST /write` (line protocol, `precision`, gzip), `GET|HEAD /ping`,
 * and the `CREATE DATABASE` that Telegraf sends to `/query` on start.
 *
 * Like InfluxDB, a batch with bad lines still writes its good lines and answers 400 "partial write"
 * naming every bad line (up to 20); a batch with no good line answers 400 and writes nothing.
 * Every answer of these routes is JSON `{ error }`, never an HTML page or a stack trace.
 */
import express, { type Request, type Response, type NextFunction } from 'express';
import { LineProtocolError, parsePrecision, type ParseError } from '../../streams/line-protocol/parse.ts';
import { accessOf } from '../access/guard.ts';
import type { LineIngest, RefusedLine } from './line-ingest.ts';
import { SpoolFullError } from './disk-spool.ts';
import { StoreRefusedError } from '../store/types.ts';
import type { Backpressure } from './backpressure.ts';
import type { DeadLetters } from './dead-letters.ts';
import { keepBody, sourceOf } from './dead-letter-intake.ts';
import type { WriteDifferences } from '../config.ts';

export const INFLUX_COMPAT_VERSION = '1.8.10-community-twin';

export interface WriteRouteOptions {
  /** Parse, scope, validate, deliver: the path replayed dead letters take too. */
  ingest: LineIngest;
  /** Refused lines are kept here (with the reason and the sender), nothing refused is lost silently. */
  deadLetters: DeadLetters;
  /** Past the backlog bound a body is answered 503 with Retry-After and not kept. */
  backpressure: Backpressure;
  /** Largest accepted body, bytes (after gzip inflation). Default 25 MiB, as InfluxDB. */
  maxBodyBytes?: number;
  /** Where /write may differ from InfluxDB (config.ts `writeDifferences`): here, how strictly `precision` is read. */
  differences?: Partial<WriteDifferences>;
}

const MAX_LISTED_ERRORS = 20;

export function writeRoutes(opts: WriteRouteOptions): express.Router {
  const router = express.Router();
  const { ingest, deadLetters, backpressure } = opts;

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
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    keepOversize(err, req);
    ingestErrors(err, req, res, next);
  });

  /** A body over the limit never reaches the parser; its refusal is counted and kept all the same. */
  function keepOversize(err: unknown, req: Request): void {
    const e = err as { type?: string; limit?: number; length?: number };
    if (e?.type !== 'entity.too.large' || req.path !== '/write' || !req.access) return;
    const size = typeof e.length === 'number' ? `${e.length} bytes` : 'a body';
    try {
      deadLetters.add([{
        at: Date.now(), source: sourceOf(req.access.principal, req), reason: 'oversize', line: null, raw: '',
        message: `request body is larger than the limit of ${e.limit} bytes (${size}); its lines were not read`,
        precision: precisionGiven(req),
      }]);
    } catch (fault) {
      console.error(new Error(`ingest: an oversize body could not be counted in ${deadLetters.path}`, { cause: fault }));
    }
  }

  /** Keeps a body's refused lines; a fault here is logged and never changes the sender's answer. */
  function keepRefused(req: Request, body: string, refused: RefusedLine[]): void {
    if (refused.length === 0) return;
    try {
      const precision = precisionGiven(req);
      keepBody(deadLetters, body, refused, sourceOf(accessOf(req).principal, req), precision);
    } catch (e) {
      console.error(new Error(`ingest: ${refused.length} refused lines could not be kept in ${deadLetters.path}`, { cause: e }));
    }
  }

  /** 503 with Retry-After: nothing of the body is kept; the sender sends it again. */
  function busy(res: Response, message: string): void {
    backpressure.refused();
    res.setHeader('Retry-After', String(backpressure.opts.retryAfterS));
    res.status(503).json({ error: message });
  }

  async function handleWrite(req: Request, res: Response): Promise<void> {
    res.setHeader('X-Influxdb-Version', INFLUX_COMPAT_VERSION);
    const given = firstPrecision(req);
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
    const behind = backpressure.check();
    if (behind) { busy(res, behind); return; }
    const { accepted, refused } = await ingest.checkInSlices(body, precision, accessOf(req));
    const errors: ParseError[] = refused;
    // A gateway writing outside its communities is refused (403), its other lines kept as usual.
    const status = refused.some((r) => r.kind === 'scope') ? 403 : 400;
    if (accepted.points === 0) {
      if (errors.length === 0) { res.status(204).end(); return; }
      keepRefused(req, body, refused);
      res.status(status).json({ error: describe(errors) });
      return;
    }
    try {
      await ingest.deliver(accepted);
    } catch (e) {
      // A refused batch is the sender's to fix: 400, so gateways and Telegraf do not retry it forever.
      if (e instanceof StoreRefusedError) { keepRefused(req, body, refused); res.status(400).json({ error: `ingest: the store refused this batch: ${(e as Error).message}` }); return; }
      if (e instanceof SpoolFullError) { busy(res, `ingest: ${e.message}; nothing of this body was kept, send it again`); return; }
      if (/shutting down/.test((e as Error).message)) { busy(res, 'ingest: server is shutting down; send again'); return; }
      throw e; // the final error handler logs it with a reference and answers without internals
    }
    if (errors.length === 0) { res.status(204).end(); return; }
    keepRefused(req, body, refused);
    res.status(status).json({
      error: `partial write: ${accepted.points} points written, ${errors.length} lines rejected: ${describe(errors)}`,
    });
  }

  return router;
}

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

/** The `precision` parameter as InfluxDB reads it (given twice, the first), '' when none; what a dead letter is replayed with. */
function precisionGiven(req: Request): string {
  const given = firstPrecision(req);
  return typeof given === 'string' ? given : '';
}

/** Given twice, InfluxDB reads the first. */
const firstPrecision = (req: Request): unknown => (Array.isArray(req.query.precision) ? req.query.precision[0] : req.query.precision);
