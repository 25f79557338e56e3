/**
 * The console's calls to the emergency plan and drill routes (docs/api.md, "Emergency plans and
 * drills"). Who ticks or finishes a step is the signed-in user: the server takes it from the
 * session, so no body names anyone.
 */
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { DrillReport, PlanLoop, PlanRun, PlanTemplate } from '../../../streams/plans.ts';
import { getJson, sendJson } from '../../api/api-client.ts';

export function getPlan(alertId: number, signal?: AbortSignal): Promise<{ run: PlanRun; loop: PlanLoop }> {
  return getJson(`/api/alerts/${alertId}/plan`, signal);
}

export function tickItem(alertId: number, step: string, item: number, done: boolean): Promise<{ run: PlanRun }> {
  return sendJson('POST', `/api/alerts/${alertId}/plan/steps/${encodeURIComponent(step)}/items/${item}`, { done });
}

export function completeStep(alertId: number, step: string): Promise<{ run: PlanRun }> {
  return sendJson('POST', `/api/alerts/${alertId}/plan/steps/${encodeURIComponent(step)}/done`);
}

/** The plans in force at a node. */
export function getTemplates(node: string, signal?: AbortSignal): Promise<{ templates: PlanTemplate[] }> {
  return getJson(`/api/plans/templates?${new URLSearchParams({ node })}`, signal);
}

export function startDrill(node: string, template: string): Promise<{ drill: DrillReport['drill']; alert: AlertRecord; run: PlanRun }> {
  return sendJson('POST', '/api/drills', { node, template });
}

export function finishDrill(id: number): Promise<DrillReport> {
  return sendJson('POST', `/api/drills/${id}/finish`);
}

export function getDrillReport(id: number, signal?: AbortSignal): Promise<DrillReport> {
  return getJson(`/api/drills/${id}/report`, signal);
}

/** The printable drill report page. */
export function drillReportUrl(id: number): string {
  return `/console.html?view=drill&id=${id}`;
}
