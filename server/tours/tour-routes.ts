/**
 * /api/tours: the demo tours (list, one tour for the caller) and the incidents a tour stages
 * (stage, handle, end). Documented in docs/api.md and docs/wall-and-demo.md.
 *
 * A tour read by a caller holds the steps of places in the caller's scope; the others are listed
 * in `skipped` with the reason (a demo guest, scoped to the demo community, starts there rather
 * than at the city). Staged incidents belong to the session that staged them.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { TourAnswer } from '../../streams/tours/tour.ts';
import { HANDLING_ACTIONS, type HandlingAction } from '../../streams/tours/tour.ts';
import { accessOf } from '../access/guard.ts';
import { actorName } from '../access/actor-name.ts';
import { bodyErrors } from '../api/body-errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { TourCatalog } from './tour-catalog.ts';
import { TourError, type StagedIncidents } from './staged-incidents.ts';
import { jsonHandler } from '../api/json-handler.ts';

export interface TourRouteOptions {
  catalog: TourCatalog;
  staged: StagedIncidents;
}

const MAX_ASSIGNEE = 100;

export function tourRoutes({ catalog, staged }: TourRouteOptions): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '16kb' }));

  r.get('/', (_req, res) => { res.json({ tours: catalog.list(), default: catalog.defaultId() ?? null }); });

  r.delete('/incidents', handle((req) => ({ removed: staged.endAll(ownerOf(accessOf(req).principal)) })));

  r.delete('/incidents/:incident', (req, res, next) => {
    try {
      const id = incidentId(req);
      if (!staged.end(ownerOf(accessOf(req).principal), id)) throw new TourError(404, `no staged incident ${id} of this session`);
      res.status(204).end();
    } catch (e) {
      fail(res, e, next);
    }
  });

  r.post('/incidents/:incident/:action', handle((req) => {
    const action = String(req.params.action);
    if (!(HANDLING_ACTIONS as readonly string[]).includes(action)) {
      throw new TourError(400, `"${action.slice(0, 40)}" is not a handling step of a staged incident (one of ${HANDLING_ACTIONS.join(', ')})`);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const assignee = body.assignee;
    if (assignee !== undefined && (typeof assignee !== 'string' || assignee.length > MAX_ASSIGNEE)) {
      throw new TourError(400, `"assignee" must be a string of at most ${MAX_ASSIGNEE} characters`);
    }
    if (action === 'dispatch' && !assignee) throw new TourError(400, '"assignee" is required for dispatch: the person or team sent');
    const { principal } = accessOf(req);
    return { alert: staged.act(ownerOf(principal), incidentId(req), action as HandlingAction, actorName(principal), assignee as string | undefined) };
  }));

  r.get('/:id', handle((req): TourAnswer => {
    const tour = catalog.get(String(req.params.id));
    if (!tour) throw new TourError(404, `no tour "${String(req.params.id).slice(0, 40)}" (GET /api/tours lists them)`);
    const { scope } = accessOf(req);
    const skipped: TourAnswer['skipped'] = [];
    const steps = tour.steps.filter((s) => {
      const problem = catalog.stepProblem(s);
      if (problem) skipped.push({ step: s.id, reason: problem });
      else if (!scope.includes(s.node)) skipped.push({ step: s.id, reason: `node: "${s.node}" is outside your scope (${scope.describe()})` });
      return !problem && scope.includes(s.node);
    });
    return { tour: { ...tour, steps }, skipped };
  }));

  r.post('/:id/steps/:step/incident', (req, res, next) => {
    try {
      const tourId = String(req.params.id);
      const step = catalog.step(tourId, String(req.params.step));
      if (!step) throw new TourError(404, `tour "${tourId.slice(0, 40)}" has no step "${String(req.params.step).slice(0, 40)}"`);
      const problem = catalog.stepProblem(step);
      if (problem) throw new TourError(409, `step "${step.id}" cannot be played on this sites tree: ${problem}`);
      const community = catalog.communityOf(step.incident?.neighbourhood ?? step.node);
      if (!step.incident || !community) throw new TourError(404, `step "${step.id}" of tour "${tourId}" stages no incident`);
      const alert = staged.stage(ownerOf(accessOf(req).principal), tourId, step, community);
      res.status(201).json({ alert });
    } catch (e) {
      fail(res, e, next);
    }
  });

  r.use(bodyErrors('tours'));
  return r;
}

/** Staged incidents belong to a sign-in session (a person's, a guest's), else to the principal. */
function ownerOf(p: Principal): string {
  return p.sessionId ? `session:${p.sessionId}` : `${p.kind}:${p.id}`;
}

function incidentId(req: Request): number {
  const raw = String(req.params.incident);
  if (!/^-\d{1,15}$/.test(raw)) throw new TourError(404, `no staged incident "${raw.slice(0, 40)}" (their ids are negative)`);
  return Number(raw);
}

const handle = (fn: (req: Request) => unknown) => jsonHandler(fn, fail);

function fail(res: Response, e: unknown, next: NextFunction): void {
  if (e instanceof TourError) res.status(e.status).json({ error: e.message });
  else next(e);
}
