/**
 * Administration of the sites registry, mounted at /api/admin/sites (the server's guard lets only
 * administrators through). Lists and reads places, creates, changes and removes them, imports a
 * sites file (JSON or CSV). Changes and removals may name the revision they are based on and are
 * refused with 409 when the registry has moved on. Documented in docs/api.md.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { LEVELS } from '../../streams/hierarchy.ts';
import type { Principal } from '../auth/principal.ts';
import { bodyErrors } from '../api/body-errors.ts';
import { parseSitesData, parseSitesText } from './sites-file.ts';
import { RemovalBlockedError, SiteNotFoundError, StaleRevisionError, type SitesRegistry, type StoredSite } from './sites-registry.ts';
import { SitesError } from './validate-sites.ts';

/** One place with a boundary can be large (a district's outline); a whole tree much larger. */
const ONE_BODY_LIMIT = '4mb';
const IMPORT_BODY_LIMIT = '64mb';
const MAX_QUERY = 100;

class RequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const actorOf = (req: Request): string => (req as Request & { principal?: Principal }).principal?.name ?? 'unknown';

export function sitesRoutes(registry: SitesRegistry): express.Router {
  const r = express.Router();
  // A request sees what another process (the import command) wrote a moment ago.
  r.use((_req, _res, next) => { registry.reloadIfChanged(); next(); });

  r.get('/', handle((req) => {
    const under = optionalString(req.query.under, 'under');
    const q = optionalString(req.query.q, 'q')?.trim().toLowerCase();
    if (q !== undefined && q.length > MAX_QUERY) throw new RequestError(400, `sites: q is longer than ${MAX_QUERY} characters`);
    const depth = req.query.depth === undefined ? undefined : Number(req.query.depth);
    if (depth !== undefined && !(Number.isInteger(depth) && depth >= 0 && depth < LEVELS.length)) throw new RequestError(400, `sites: depth must be a whole number from 0 to ${LEVELS.length - 1}`);
    const withBoundary = req.query.boundary === '1' || req.query.boundary === 'true';
    let sites: StoredSite[];
    if (under !== undefined) {
      const top = registry.get(under);
      if (!top) throw new SiteNotFoundError(`sites: no place "${under}"`);
      const base = LEVELS.indexOf(top.level);
      sites = registry.subtree(under).filter((s) => depth === undefined || LEVELS.indexOf(s.level) - base <= depth);
    } else {
      sites = registry.all().filter((s) => depth === undefined || LEVELS.indexOf(s.level) <= depth);
    }
    if (q) sites = sites.filter((s) => matches(s, q));
    const h = registry.hierarchy();
    return { revision: registry.revision, sites: sites.map((s) => ({ ...shown(s, withBoundary), children: h.childrenOf(s.id).length })) };
  }));

  r.get('/:id', handle((req) => {
    const site = registry.get(req.params.id as string);
    if (!site) throw new SiteNotFoundError(`sites: no place "${req.params.id}"`);
    const h = registry.hierarchy();
    return {
      revision: registry.revision,
      site: shown(site, true),
      children: h.childrenOf(site.id).length,
      // From the city down to the place.
      path: h.pathOf(site.id).reverse().map((n) => ({ id: n.id, level: n.level, name: n.name })),
    };
  }));

  r.post('/', express.json({ limit: ONE_BODY_LIMIT }), (req, res, next) => {
    try {
      const site = registry.create(withoutEditorFields(req.body), actorOf(req));
      res.status(201).json({ revision: registry.revision, site });
    } catch (e) { fail(res, e, next); }
  });

  r.patch('/:id', express.json({ limit: ONE_BODY_LIMIT }), handle((req) => {
    const expectedRevision = revisionOf(req);
    const site = registry.update(req.params.id as string, withoutEditorFields(req.body), actorOf(req), { expectedRevision });
    return { revision: registry.revision, site };
  }));

  r.delete('/:id', express.json({ limit: '16kb' }), handle((req) => {
    registry.remove(req.params.id as string, actorOf(req), { expectedRevision: revisionOf(req) });
    return { revision: registry.revision, removed: req.params.id };
  }));

  r.post('/import', express.json({ limit: IMPORT_BODY_LIMIT }), express.text({ type: ['text/csv', 'text/plain'], limit: IMPORT_BODY_LIMIT }), handle((req) => {
    const mode = optionalString(req.query.mode, 'mode') ?? 'merge';
    if (mode !== 'merge' && mode !== 'replace-subtree') throw new RequestError(400, `sites: mode must be merge or replace-subtree (found ${JSON.stringify(mode).slice(0, 40)})`);
    const under = optionalString(req.query.under, 'under');
    let parsed;
    if (typeof req.body === 'string') parsed = parseSitesText(req.body, 'csv');
    else if (req.body !== undefined && req.is('application/json')) parsed = parseSitesData(req.body);
    else throw new RequestError(415, 'sites: send the records as JSON (a sites file or an array) or as text/csv');
    // CSV rows name their lines; JSON records their place in the array.
    return registry.importRecords(parsed.records, { mode, under, lines: parsed.lines.length > 0 ? parsed.lines : undefined, readProblems: parsed.problems, actor: actorOf(req), source: 'import' });
  }));

  r.use(bodyErrors('sites'));
  return r;
}

function shown(s: StoredSite, withBoundary: boolean): StoredSite {
  if (withBoundary || s.boundary === undefined) return s;
  const { boundary: _omitted, ...rest } = s;
  return rest;
}

function matches(s: StoredSite, q: string): boolean {
  return s.id.toLowerCase().includes(q) || (s.code ?? '').includes(q) || s.name.zh.toLowerCase().includes(q) || s.name.en.toLowerCase().includes(q);
}

/** A record read back from GET may be sent as it is: the fields the API adds are dropped. */
function withoutEditorFields(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const { source: _s, children: _c, path: _p, expectedRevision: _r, ...rest } = body as Record<string, unknown>;
  return rest;
}

function revisionOf(req: Request): number | undefined {
  const raw = (req.body as { expectedRevision?: unknown } | undefined)?.expectedRevision ?? req.query.expectedRevision;
  if (raw === undefined) return undefined;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new RequestError(400, 'sites: expectedRevision must be a whole number (the revision the change is based on)');
  return n;
}

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new RequestError(400, `sites: ${name} must be given once`);
  return v;
}

function handle(fn: (req: Request) => unknown) {
  return (req: Request, res: Response, next: NextFunction): void => {
    try {
      res.json(fn(req));
    } catch (e) {
      fail(res, e, next);
    }
  };
}

/** Answers the errors this API explains; anything else goes to the server's final handler. */
function fail(res: Response, e: unknown, next: NextFunction): void {
  if (e instanceof SitesError) res.status(400).json({ error: e.message, problems: e.problems });
  else if (e instanceof StaleRevisionError) res.status(409).json({ error: e.message, revision: e.actual });
  else if (e instanceof RemovalBlockedError) res.status(409).json({ error: e.message, blockers: e.blockers });
  else if (e instanceof SiteNotFoundError || e instanceof RequestError) res.status(e.status).json({ error: e.message });
  else next(e);
}
