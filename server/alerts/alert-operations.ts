/**
 * Alert operations assembled: the rule engine fed from the accepted-samples path, the lifecycle
 * service on the records database, the REST router, and the broadcast of every change to the
 * live hub and of every lifecycle step to the time-series store.
 *
 *   accepted samples ─► rule engine ─► firing ─┐
 *   device events ─────────────────────────────┤
 *   simulated history (acceptHistory) ─────────┴► lifecycle service ─► records db ─► hub (alert, alertUpdate)
 *                                                                                └► alert_event points ─► store writer
 */
import type express from 'express';
import type { AlertEvent } from '../../streams/alerts.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import type { AlertAction, AlertRecord } from '../../streams/alert-lifecycle.ts';
import { DEMO_COMMUNITY_ID } from '../../twin-models/demo/demo-id.ts';
import type { SeriesCatalog } from '../catalog/series-catalog.ts';
import type { StoreWriter } from '../ingest/store-writer.ts';
import type { Accepted } from '../ingest/point-validator.ts';
import type { LiveHub } from '../live/live-hub.ts';
import type { RecordsDb } from '../records/records-db.ts';
import { RuleEngine } from './rules/rule-engine.ts';
import { RuleStore } from './rules/rule-store.ts';
import { DEFAULT_RULES } from './rules/default-rules.ts';
import { AlertService, type AlertServiceOptions } from './lifecycle/alert-service.ts';
import { AlertQueries } from './lifecycle/alert-queries.ts';
import { AlertEventWriter } from './lifecycle/alert-event-writer.ts';
import { alertRoutes, type HandoverPlans } from './api/alert-routes.ts';
import type { PlanLoop } from '../../streams/plans.ts';

export interface AlertOperationsOptions extends Pick<AlertServiceOptions, 'targets' | 'escalationCheckMs' | 'deviceDedupMs'> {
  /** How often silent series are looked for, ms. Default 10,000. */
  silenceCheckMs?: number;
  /** Samples and device events older than this are history: stored, not turned into alerts, ms. Default 10 minutes. */
  maxLagMs?: number;
  /** Communities given DEFAULT_RULES when they have no rule set yet. Default: the demo community, if in the hierarchy. */
  seedCommunities?: string[];
  now?: () => number;
}

export type AlertListener = (action: AlertAction, alert: AlertRecord) => void;

export interface AlertOperations {
  engine: RuleEngine;
  service: AlertService;
  rules: RuleStore;
  queries: AlertQueries;
  router: express.Router;
  /**
   * Be told of every live change after it is committed (notifications); history played from the
   * past is not told. Returns the call that stops it.
   */
  listen(fn: AlertListener): () => void;
  /** Feed what /write or the simulator accepted; never throws into the ingest path. */
  accept(a: Accepted): void;
  /**
   * Device events the simulator plays from the past (its backfill, or history played at speed),
   * which `accept` leaves out as older than `maxLagMs`: they get the records a live run would have
   * left, closed where each incident ended (see `AlertService.recordHistory`). `asOf`: the time the
   * simulation has reached, epoch ms. Screens get each record's final state once.
   */
  acceptHistory(events: readonly AlertEvent[], asOf: number): void;
  /** The emergency plans' closed loops, added to each alert of the shift handover. */
  attachPlans(loops: (alertIds: readonly number[]) => Map<number, PlanLoop>): void;
  close(): void;
}

export function startAlertOperations(
  deps: { records: RecordsDb; catalog: SeriesCatalog; writer: StoreWriter; hub: LiveHub; hierarchy: Hierarchy },
  opts: AlertOperationsOptions = {},
): AlertOperations {
  const now = opts.now ?? Date.now;
  const maxLagMs = opts.maxLagMs ?? 10 * 60_000;
  const events = new AlertEventWriter(deps.catalog, deps.writer);
  /** While history is recorded: the last change of each record, broadcast once it is done. */
  let historyUpdates: Map<number, { action: AlertAction; alert: AlertRecord }> | undefined;
  const listeners = new Set<AlertListener>();
  const service = new AlertService(deps.records, {
    targets: opts.targets, escalationCheckMs: opts.escalationCheckMs, deviceDedupMs: opts.deviceDedupMs, now,
    onChange: (action, alert) => {
      // A drill's steps are not the community's events: the time-series store (and what is counted from it) never sees them.
      if (!alert.drill) void events.record(action, alert);
      // A history alert raised and closed in one go would sound a console's alarm for nothing.
      if (historyUpdates) { historyUpdates.set(alert.id, { action, alert }); return; }
      if (action === 'raise' && alert.source === 'rule') deps.hub.announceAlert(toEvent(alert));
      deps.hub.sendAlertUpdate(action, alert);
      for (const fn of listeners) guard(`listener of ${action}`, () => fn(action, alert));
    },
  });
  const engine = new RuleEngine(deps.catalog, {
    now, maxLagMs, silenceCheckMs: opts.silenceCheckMs,
    onFire: (f) => guard('rule firing', () => service.raiseFromRule(f)),
    onClear: (c) => guard('rule clearing', () => service.clearFromRule(c)),
  });
  const rules = new RuleStore(deps.records);
  const seed = opts.seedCommunities ?? (deps.hierarchy.has(DEMO_COMMUNITY_ID) ? [DEMO_COMMUNITY_ID] : []);
  rules.seed(seed.map((c) => [c, DEFAULT_RULES] as const));
  for (const set of rules.all()) engine.setRules(set.community, set.rules);
  const queries = new AlertQueries(deps.records, deps.hierarchy);
  const plans: HandoverPlans = {};
  const router = alertRoutes({ service, queries, rules, engine, hierarchy: deps.hierarchy, now, plans });

  return {
    engine, service, rules, queries, router,
    listen(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    accept(a) {
      const t = now();
      for (const e of a.alerts) if (!(e.time < t - maxLagMs)) guard('device alert', () => service.raiseFromDevice(e));
      guard('rule evaluation', () => engine.ingest(a.samples, a.alerts, t));
    },
    acceptHistory(alerts, asOf) {
      const t = now();
      const past = alerts.filter((e) => e.time < t - maxLagMs);
      const updates = (historyUpdates = new Map());
      try {
        guard('history alerts', () => service.recordHistory(past, Math.min(asOf, t)));
      } finally {
        historyUpdates = undefined;
      }
      for (const { action, alert } of updates.values()) deps.hub.sendAlertUpdate(action, alert);
    },
    attachPlans(loops) {
      plans.loops = loops;
    },
    close() {
      listeners.clear();
      engine.close();
      service.close();
    },
  };
}

/** A rule alert as the `alert` frame device alerts travel in. */
function toEvent(a: AlertRecord): AlertEvent {
  return {
    community: a.community, neighbourhood: a.neighbourhood, type: a.type, severity: a.severity, device: a.device,
    location: a.location, message: a.message, time: a.raisedAt,
  };
}

function guard(what: string, fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    console.error(`alerts: ${what} failed: ${(e as Error).message}`);
  }
}
