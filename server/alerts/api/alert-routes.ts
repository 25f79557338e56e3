/**
 * REST API of alert operations under /api/alerts: rules, lists, one alert with its history,
 * operator actions, statistics and the shift handover. Documented in docs/api.md and docs/alerts.md.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { SEVERITIES } from '../../../streams/alerts.ts';
import { ALERT_STATES, OPERATOR_ACTIONS, allowedActions, type OperatorAction } from '../../../streams/alert-lifecycle.ts';
import type { Hierarchy } from '../../../streams/hierarchy.ts';
import { parseTime } from '../../api/time-params.ts';
import { QueryError } from '../../api/query-error.ts';
import type { AlertService, ActionInput } from '../lifecycle/alert-service.ts';
import { AlertQueries, clip, type AlertFilter } from '../lifecycle/alert-queries.ts';
import { AlertError } from '../lifecycle/alert-rows.ts';
import { StaleRuleSetError, type RuleStore } from '../rules/rule-store.ts';
import type { RuleEngine } from '../rules/rule-engine.ts';
import { RuleValidationError, parseRuleSetChange } from '../rules/validate-rules.ts';
import { bodyErrors } from '../../api/body-errors.ts';
import { handoverCsv } from './handover-csv.ts';
import { chinaDateTimeText } from '../../../streams/china-time.ts';
import { accessOf } from '../../access/guard.ts';
import { actorName } from '../../access/actor-name.ts';
import { jsonHandler } from '../../api/json-handler.ts';
import type { PlanLoop } from '../../../streams/plans.ts';

export interface AlertRouteOptions {
  service: AlertService;
  queries: AlertQueries;
  rules: RuleStore;
  engine: RuleEngine;
  hierarchy: Hierarchy;
  now?: () => number;
  /** The emergency plans' closed loops for the handover, once plans are running. */
  plans?: HandoverPlans;
}

export interface HandoverPlans {
  loops?: (alertIds: readonly number[]) => Map<number, PlanLoop>;
}

/** Default and largest number of alerts one list returns. */
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;
const MAX_COMMENT = 2000;
const MAX_ASSIGNEE = 100;
/** A shift: the handover covers the last 12 hours unless told otherwise. */
const DEFAULT_SHIFT_MS = 12 * 3_600_000;

export function alertRoutes(opts: AlertRouteOptions): express.Router {
  const r = express.Router();
  const now = opts.now ?? Date.now;
  r.use(express.json({ limit: '64kb' }));

  r.get('/rules', handle((req) => opts.rules.get(community(req))));

  r.put('/rules', handle((req) => {
    const c = community(req);
    const change = parseRuleSetChange(req.body);
    const set = opts.rules.put(c, change.rules, actorName(accessOf(req).principal), change.expectedRevision, now());
    opts.engine.setRules(c, change.rules);
    return set;
  }));

  r.get('/', handle((req) => {
    const limit = req.query.limit === undefined ? DEFAULT_LIST_LIMIT : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new AlertError(400, `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
    return { ...opts.queries.list(filter(req), limit), limit };
  }));

  r.get('/stats', handle((req) => opts.queries.stats(filter(req))));

  r.get('/handover', (req, res, next) => {
    try {
      const t = now();
      const to = time(req.query.to, t, 'to') ?? t;
      const from = time(req.query.from, t, 'from') ?? to - DEFAULT_SHIFT_MS;
      if (!(from < to)) throw new AlertError(400, `"from" (${new Date(from).toISOString()}) must be before "to" (${new Date(to).toISOString()})`);
      const format = String(req.query.format ?? 'json');
      if (format !== 'json' && format !== 'csv') throw new AlertError(400, `format "${clip(format)}" is not json or csv`);
      const report = opts.queries.handover(node(req), from, to, t, accessOf(req).scope.limits());
      const loops = opts.plans?.loops?.(report.alerts.map((a) => a.id));
      for (const a of report.alerts) { const loop = loops?.get(a.id); if (loop) a.plan = loop; }
      if (format === 'json') { res.json(report); return; }
      const stamp = chinaDateTimeText(from).slice(0, 16).replace(/[-:]/g, '').replace(' ', '-');
      const name = `alerts-handover-${(report.node ?? 'all').replace(/[^A-Za-z0-9_.-]/g, '_')}-${stamp}.csv`;
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.send(handoverCsv(report));
    } catch (e) {
      fail(res, e, next);
    }
  });

  r.get('/:id', handle((req) => {
    const id = alertId(req);
    const alert = opts.service.get(id);
    if (!alert) throw new AlertError(404, `no alert ${id}`);
    const history = opts.service.history(id);
    return { alert, history, comments: history.filter((h) => h.comment !== ''), allowed: allowedActions(alert.state) };
  }));

  r.post('/:id/:action', handle((req) => {
    const action = req.params.action as OperatorAction;
    if (!(OPERATOR_ACTIONS as readonly string[]).includes(action)) {
      throw new AlertError(404, `no action "${clip(String(req.params.action))}"; actions are ${OPERATOR_ACTIONS.join(', ')}`);
    }
    const id = alertId(req);
    return { alert: opts.service.act(id, action, { ...actionInput(action, req.body), operator: actorName(accessOf(req).principal) }) };
  }));

  r.use(bodyErrors('alerts'));

  function community(req: Request): string {
    const c = req.query.community;
    if (typeof c !== 'string' || c === '') throw new AlertError(400, 'name the community: ?community=<id>');
    if (opts.hierarchy.get(c)?.level !== 'community') throw new AlertError(404, `unknown community "${clip(c)}"; see /api/hierarchy`);
    return c;
  }

  function node(req: Request): string | undefined {
    const q = req.query;
    const n = q.node ?? q.neighbourhood ?? q.community;
    return n === undefined ? undefined : String(n);
  }

  function filter(req: Request): AlertFilter {
    const t = now();
    const list = (name: string, allowed?: readonly string[]): string[] | undefined => {
      const v = req.query[name];
      if (v === undefined) return undefined;
      const values = String(v).split(',').map((s) => s.trim()).filter(Boolean);
      for (const x of values) {
        if (allowed && !allowed.includes(x)) throw new AlertError(400, `${name} "${clip(x)}" is not one of ${allowed.join(', ')}`);
        if (x.length > 64) throw new AlertError(400, `${name} "${clip(x)}" is too long`);
      }
      return values;
    };
    const from = time(req.query.from, t, 'from');
    const to = time(req.query.to, t, 'to');
    if (from !== undefined && to !== undefined && !(from < to)) throw new AlertError(400, `"from" must be before "to"`);
    return {
      node: node(req), within: accessOf(req).scope.limits(), states: list('state', ALERT_STATES), types: list('type'), severities: list('severity', SEVERITIES), from, to,
    };
  }

  return r;
}

/** The body's part of an action; who acts is the signed-in caller, never a name in the body. */
function actionInput(action: OperatorAction, body: unknown): Omit<ActionInput, 'operator'> {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  if ('operator' in b) throw new AlertError(400, '"operator" is not part of the body: the action is recorded under the signed-in user');
  const text = (name: string, max: number, required: string | undefined): string | undefined => {
    const v = b[name];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) throw new AlertError(400, `"${name}" is required${required}`);
      return undefined;
    }
    if (typeof v !== 'string') throw new AlertError(400, `"${name}" must be text`);
    if (v.length > max) throw new AlertError(400, `"${name}" is longer than ${max} characters`);
    return v;
  };
  const comment = text('comment', MAX_COMMENT, action === 'comment' ? ': the text of the comment' : action === 'reopen' ? ': the reason for reopening' : undefined)
    ?? (action === 'reopen' ? text('reason', MAX_COMMENT, undefined) : undefined);
  const assignee = text('assignee', MAX_ASSIGNEE, action === 'dispatch' ? ': the person or team the alert is dispatched to' : undefined);
  let expectedRevision: number | undefined;
  if (action !== 'comment') {
    const v = b.expectedRevision;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new AlertError(400, '"expectedRevision" is required: the revision of the alert the action was decided on (a whole number from 1)');
    }
    expectedRevision = v;
  }
  return { comment, assignee, expectedRevision };
}

function alertId(req: Request): number {
  const raw = String(req.params.id);
  if (!/^\d{1,15}$/.test(raw)) throw new AlertError(404, `no alert "${clip(raw)}"`);
  return Number(raw);
}

function time(v: unknown, now: number, name: string): number | undefined {
  try {
    return parseTime(v, now, name);
  } catch (e) {
    if (e instanceof QueryError) throw new AlertError(400, e.message.replace(/^query: /, ''));
    throw e;
  }
}

const handle = (fn: (req: Request) => unknown) => jsonHandler(fn, fail);

/** Answers the errors this API explains; anything else is a bug, for the server's final handler (logged, no internals). */
function fail(res: Response, e: unknown, next: NextFunction): void {
  if (e instanceof AlertError) res.status(e.status).json({ error: e.message });
  else if (e instanceof RuleValidationError) res.status(400).json({ error: e.message });
  else if (e instanceof StaleRuleSetError) res.status(409).json({ error: e.message, current: e.current });
  else next(e);
}
