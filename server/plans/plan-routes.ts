/**
 * REST API of emergency plans and drills: the templates (`/api/plans/templates`), an alert's plan
 * run and its checklist and steps (`/api/alerts/:id/plan…`, checked against the alert's place by
 * the guard), and drills (`/api/drills…`). Who acts is the signed-in caller, never a name in the
 * body. Documented in docs/api.md and docs/emergency-plans.md.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { accessOf } from '../access/guard.ts';
import { actorName } from '../access/actor-name.ts';
import { bodyErrors } from '../api/body-errors.ts';
import { jsonHandler } from '../api/json-handler.ts';
import { PlanError, parseTemplates } from './plan-schema.ts';
import type { PlanService } from './plan-service.ts';

const ItemBody = z.strictObject({ done: z.boolean({ message: 'must be true (ticked) or false (unticked)' }) });
const DrillBody = z.strictObject({
  node: z.string({ message: 'must name the neighbourhood the drill happens in' }).min(1, 'must name the neighbourhood the drill happens in').max(64, 'must be at most 64 characters'),
  template: z.string({ message: 'must name a plan template (GET /api/plans/templates)' }).min(1, 'must name a plan template (GET /api/plans/templates)').max(64, 'must be at most 64 characters'),
  location: z.string().max(200, 'must be at most 200 characters').optional(),
});

export function planRoutes(plans: PlanService): express.Router {
  const r = express.Router();
  // Mounted at /api beside other routers: the body parser and its error answers are these routes' only.
  const mine = ['/plans', '/alerts/:id/plan', '/drills'];
  r.use(mine, express.json({ limit: '16kb' }));

  r.get('/plans/templates', handle((req) => {
    const node = typeof req.query.node === 'string' && req.query.node !== '' ? req.query.node : undefined;
    return { node: node ?? null, templates: plans.templatesFor(node), override: node ? plans.override(node) ?? null : null };
  }));

  r.put('/plans/templates/:node', handle((req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return plans.setOverride(String(req.params.node), parseTemplates(body, 'body'), actorName(accessOf(req).principal));
  }));

  r.delete('/plans/templates/:node', (req, res, next) => {
    try {
      const node = String(req.params.node);
      if (!plans.removeOverride(node)) throw new PlanError(404, `node "${node.slice(0, 60)}" has no plans of its own`);
      res.status(204).end();
    } catch (e) {
      fail(res, e, next);
    }
  });

  r.get('/alerts/:id/plan', handle((req) => {
    const id = alertId(req);
    const run = plans.run(id);
    if (!run) throw new PlanError(404, `alert ${id} has no plan run (no plan for its type, or it was raised before plans started)`);
    return { run, loop: plans.loops([id]).get(id) };
  }));

  r.post('/alerts/:id/plan/steps/:step/items/:item', handle((req) => {
    const body = parse(ItemBody, req.body);
    const raw = String(req.params.item);
    if (!/^\d{1,3}$/.test(raw)) throw new PlanError(404, `no checklist item "${raw.slice(0, 20)}" (items are numbered from 0)`);
    return { run: plans.mark(alertId(req), String(req.params.step), Number(raw), body.done, actorName(accessOf(req).principal)) };
  }));

  r.post('/alerts/:id/plan/steps/:step/done', handle((req) => ({
    run: plans.completeStep(alertId(req), String(req.params.step), actorName(accessOf(req).principal)),
  })));

  r.post('/drills', (req, res, next) => {
    try {
      const body = parse(DrillBody, req.body);
      const { principal, scope } = accessOf(req);
      res.status(201).json(plans.startDrill(body, actorName(principal), (n) => scope.includes(n)));
    } catch (e) {
      fail(res, e, next);
    }
  });

  r.post('/drills/:id/finish', handle((req) => plans.finishDrill(drillId(req), actorName(accessOf(req).principal))));

  r.get('/drills/:id/report', handle((req) => plans.drillReport(drillId(req))));

  r.use(mine, bodyErrors('plans'));
  return r;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body ?? undefined);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue.path.length ? `body field "${issue.path.join('.')}"` : 'body';
  throw new PlanError(400, `${where}: ${issue.code === 'unrecognized_keys' ? `${issue.message} (who acts is the signed-in user)` : issue.message}`);
}

function alertId(req: Request): number {
  const raw = String(req.params.id);
  if (!/^\d{1,15}$/.test(raw)) throw new PlanError(404, `no alert "${raw.slice(0, 40)}"`);
  return Number(raw);
}

function drillId(req: Request): number {
  const raw = String(req.params.id);
  if (!/^\d{1,15}$/.test(raw)) throw new PlanError(404, `no drill "${raw.slice(0, 40)}"`);
  return Number(raw);
}

const handle = (fn: (req: Request) => unknown) => jsonHandler(fn, fail);

function fail(res: Response, e: unknown, next: NextFunction): void {
  if (e instanceof PlanError) res.status(e.status).json({ error: e.message });
  else next(e);
}
