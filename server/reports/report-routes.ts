/**
 * `GET /api/reports/shift|indicators|energy?node=<id>[&month=YYYY-MM | &from=&to=][&format=json|csv|xlsx]`:
 * the reports people forward, each built once as a model (streams/reports.ts) and sent as JSON for
 * the printable page (reports.html) or as a CSV or XLSX download. The guard has checked the node
 * against the caller's scope (server/access/route-table.ts). Documented in docs/api.md and docs/reports.md.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ResponseTargets } from '../../streams/alert-lifecycle.ts';
import type { AutoAnswer } from '../../streams/indicators/auto-result.ts';
import { chinaDateTimeText } from '../../streams/china-time.ts';
import type { Hierarchy, HierarchyNode } from '../../streams/hierarchy.ts';
import { REPORT_TITLES, type Report, type ReportKind, type ReportSection } from '../../streams/reports.ts';
import { accessOf } from '../access/guard.ts';
import { actorName } from '../access/actor-name.ts';
import type { AlertQueries } from '../alerts/lifecycle/alert-queries.ts';
import { AlertError } from '../alerts/lifecycle/alert-rows.ts';
import type { AssessmentStore } from '../indicators/assessment-store.ts';
import type { EnergySourceOptions } from './energy-source.ts';
import { energySections } from './energy-report.ts';
import { indicatorSections } from './indicator-report.ts';
import { ReportRequestError, formatParam, monthParam, nodeParam, timeParam } from './report-params.ts';
import { sendReport } from './report-http.ts';
import { shiftSections, type ShiftSectionSource } from './shift-report.ts';
import type { PlanLoop } from '../../streams/plans.ts';

export interface ReportRouteOptions extends EnergySourceOptions {
  hierarchy: Hierarchy;
  alerts: AlertQueries;
  /** The time targets the server escalates by. */
  targets: ResponseTargets;
  assessments: AssessmentStore;
  auto?: (community: string) => Promise<AutoAnswer | undefined>;
  /** Further sections of the shift report (emergency plans run in the shift), in order. */
  shiftSections?: ShiftSectionSource[];
  /** The emergency plans' closed loops of these alerts (server/plans), for the shift's plan section. */
  planLoops?: (alertIds: readonly number[]) => Map<number, PlanLoop>;
  now?: () => number;
}

/** A shift: the last 12 hours unless told otherwise (as the handover); at most 31 days. */
const DEFAULT_SHIFT_MS = 12 * 3_600_000;
const MAX_SHIFT_MS = 31 * 86_400_000;

export function reportRoutes(opts: ReportRouteOptions): express.Router {
  const { hierarchy } = opts;
  const now = opts.now ?? Date.now;
  const r = express.Router();

  r.get('/shift', route(async (req, t) => {
    const node = nodeParam(req, hierarchy);
    const to = timeParam(req, 'to', t) ?? t;
    const from = timeParam(req, 'from', t) ?? to - DEFAULT_SHIFT_MS;
    if (!(from < to)) throw new ReportRequestError(400, `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`);
    if (to - from > MAX_SHIFT_MS) throw new ReportRequestError(400, 'from and to span more than 31 days; a shift report covers a shift (use the monthly reports for longer)');
    const within = accessOf(req).scope.limits();
    let handover;
    try {
      handover = opts.alerts.handover(node.id, from, to, t, within);
    } catch (e) {
      if (e instanceof AlertError) throw new ReportRequestError(e.status === 404 ? 404 : 400, e.message);
      throw e;
    }
    const loops = opts.planLoops?.(handover.alerts.map((a) => a.id));
    for (const a of handover.alerts) { const loop = loops?.get(a.id); if (loop) a.plan = loop; }
    const sections = shiftSections(handover, opts.targets, t);
    for (const source of opts.shiftSections ?? []) sections.push(...await source({ node: node.id, from, to, now: t, within }));
    const label = `${chinaDateTimeText(from).slice(0, 16)}—${chinaDateTimeText(to).slice(0, 16)}`;
    return report(req, 'shift', node, { from, to, label }, t, sections);
  }));

  r.get('/indicators', route(async (req, t) => {
    const node = nodeParam(req, hierarchy);
    const month = monthParam(req, t);
    const sections = await indicatorSections({ assessments: opts.assessments, hierarchy, auto: opts.auto }, node, month);
    return report(req, 'indicators', node, { from: month.from, to: month.to, label: month.label }, t, sections);
  }));

  r.get('/energy', route(async (req, t) => {
    const node = nodeParam(req, hierarchy);
    const month = monthParam(req, t);
    const sections = await energySections(opts, hierarchy, node, month);
    return report(req, 'energy', node, { from: month.from, to: month.to, label: month.label }, t, sections);
  }));

  /** Parameters are read before the report is built, so a bad format is a 400 before any work. */
  function route(build: (req: Request, now: number) => Promise<Report>) {
    return async (req: Request, res: Response, next: NextFunction) => {
      try {
        const format = formatParam(req);
        await sendReport(res, await build(req, now()), format);
      } catch (e) {
        if (e instanceof ReportRequestError) res.status(e.status).json({ error: e.message });
        else next(e);
      }
    };
  }

  return r;
}

function report(req: Request, kind: ReportKind, node: HierarchyNode, period: Report['period'], generatedAt: number, sections: ReportSection[]): Report {
  return {
    kind, title: REPORT_TITLES[kind], node: { id: node.id, level: node.level, name: node.name }, period,
    generatedAt, generatedBy: actorName(accessOf(req).principal), sections,
  };
}
