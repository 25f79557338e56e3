/**
 * The display routes:
 * - `/api/admin/displays` (administrators): list with each screen's last report, create, update, delete;
 * - `/api/displays/:id` (the wall itself, signed in with the profile's display token; administrators
 *   may read it too): the profile, and `POST …/heartbeat`, the screen's report, answered with the
 *   server's clock so the wall can say when its own drifts.
 * The guard has checked the capability; which display a token may act as is checked here.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { bodyErrors } from '../api/body-errors.ts';
import { hasCapability } from '../access/capabilities.ts';
import type { DisplayProfile } from '../../streams/displays.ts';
import { DisplayError } from './display-error.ts';
import { changedDisplay, heartbeat, newDisplay, type DisplayTokens } from './display-input.ts';
import type { DisplayStore } from './display-store.ts';

export interface DisplayRoutesOptions {
  store: DisplayStore;
  tokens: DisplayTokens;
  /** The live tree (the registry may replace it). */
  tree: () => Hierarchy;
  now?: () => number;
}

type Handler = (req: Request, res: Response) => void;
const handle = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => {
  try {
    fn(req, res);
  } catch (e) {
    if (e instanceof DisplayError) res.status(e.status).json({ error: e.message });
    else next(e);
  }
};

export function adminDisplayRoutes({ store, tokens, tree }: DisplayRoutesOptions): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '64kb' }));
  const existing = (req: Request): DisplayProfile => {
    const p = store.get(String(req.params.id));
    if (!p) throw new DisplayError(404, `no display ${JSON.stringify(String(req.params.id).slice(0, 64))}; see GET /api/admin/displays`);
    return p;
  };
  r.get('/', handle((_req, res) => { res.json({ displays: store.list() }); }));
  r.post('/', handle((req, res) => {
    const made = store.create(newDisplay(req.body, tokens, tree()));
    if (!made) throw new DisplayError(409, `a display with id ${JSON.stringify(String(req.body.id))} exists; choose another id or PATCH it`);
    res.status(201).json({ display: made });
  }));
  r.patch('/:id', handle((req, res) => {
    const before = existing(req);
    res.json({ display: store.update(before, changedDisplay(before, req.body, tokens, tree())) });
  }));
  r.delete('/:id', handle((req, res) => {
    existing(req);
    store.remove(String(req.params.id));
    res.status(204).end();
  }));
  r.use(bodyErrors('displays'));
  return r;
}

export function displayRoutes({ store, now = Date.now }: DisplayRoutesOptions): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '16kb' }));
  /** The profile the caller may act as: its own display token's, or any for an administrator when `adminMay`. */
  const own = (req: Request, adminMay: boolean): DisplayProfile => {
    const p = req.principal;
    const profile = store.get(String(req.params.id));
    const admin = p !== undefined && hasCapability(p, 'admin');
    const mine = p?.kind === 'display' && profile?.tokenId === p.id;
    if (!profile && (admin || p?.kind === 'display')) throw new DisplayError(404, `no display ${JSON.stringify(String(req.params.id).slice(0, 64))}`);
    if (!mine && !(adminMay && admin)) throw new DisplayError(403, `${p?.name ?? 'this caller'} is not the display token of this display`);
    return profile!;
  };
  r.get('/:id', handle((req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ display: own(req, true), serverTime: now() });
  }));
  r.post('/:id/heartbeat', handle((req, res) => {
    const profile = own(req, false);
    store.heartbeat(profile.id, heartbeat(req.body));
    res.json({ serverTime: now() });
  }));
  r.use(bodyErrors('displays'));
  return r;
}
