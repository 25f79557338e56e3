/**
 * The console's state outside React (zustand vanilla): the alert records, the filter, the selected
 * alert, which alerts arrived as new critical alarms in this session, and the connection. Socket
 * handlers write here; React subscribes to slices.
 *
 * The records are the shared alert model (client/live/alert-records.ts), the same the cockpit and
 * the twin hold: replaced whole, the newest `updatedAt` winning, so applying a frame twice or after
 * a reload is harmless. The console keeps those its filter passes (and the alert open in the
 * detail); `state.records` is a copy of them per change, for React's selectors.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlertAction, AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { AlertEvent } from '../../../streams/alerts.ts';
import type { HierarchyNode } from '../../../streams/hierarchy.ts';
import type { AlertUpdateFrame } from '../../../streams/live-protocol.ts';
import { AlertRecords } from '../../live/alert-records.ts';
import type { AlertRecordsTarget } from '../../live/alert-sync.ts';
import { DEFAULT_FILTER, matchesFilter, type AlertFilter } from '../model/alert-filter.ts';

export type ConsolePhase = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface ConsoleState {
  /** Hierarchy node the console watches (a community or a neighbourhood). */
  node: string | null;
  nodes: HierarchyNode[];
  records: ReadonlyMap<number, AlertRecord>;
  /** `alerts.revision` of the records published, so views can subscribe to one number. */
  version: number;
  filter: AlertFilter;
  selectedId: number | null;
  /** Critical alerts raised live in this session and not yet acknowledged: these flash and sound. */
  fresh: ReadonlySet<number>;
  phase: ConsolePhase;
  phaseDetail: string;
  /** State of the last list read. */
  list: { status: 'loading' | 'ok' | 'error'; error: string; total: number; loadedAt: number };
  /** Camera link template from the server's configuration (`GET /api/client-config`); null until read or when none is set. */
  videoTemplate: string | null;
}

export class ConsoleStore implements AlertRecordsTarget {
  readonly api: StoreApi<ConsoleState>;
  /** The records held: those the filter passes, and the one open in the detail. */
  readonly alerts: AlertRecords;
  /** Called with each new critical alert raised live (the sound). */
  onNewCritical: ((a: AlertRecord) => void) | undefined;

  constructor(initial: Partial<Omit<ConsoleState, 'records' | 'version'>> = {}) {
    this.api = createStore<ConsoleState>()(() => ({
      node: null, nodes: [], records: new Map(), version: 0, filter: DEFAULT_FILTER, selectedId: null, fresh: new Set(),
      phase: 'connecting', phaseDetail: '', list: { status: 'loading', error: '', total: 0, loadedAt: 0 }, videoTemplate: null,
      ...initial,
    }));
    this.alerts = new AlertRecords((a) => matchesFilter(a, this.state.filter) || a.id === this.state.selectedId);
  }

  get state(): ConsoleState {
    return this.api.getState();
  }

  /**
   * A list read from `GET /api/alerts` replaces the records: what the server no longer lists under
   * the filter goes, except the selected alert (its detail stays open while someone works on it)
   * and records that arrived live after `sinceVersion`.
   */
  replaceAll(alerts: AlertRecord[], total: number, sinceVersion: number): void {
    const s = this.state;
    this.alerts.replaceAll(alerts, sinceVersion, (a) => a.id === s.selectedId);
    const records = this.alerts.snapshot();
    const fresh = new Set([...s.fresh].filter((id) => records.get(id)?.state === 'raised'));
    this.api.setState({ records, version: this.alerts.revision, fresh, list: { status: 'ok', error: '', total, loadedAt: Date.now() } });
  }

  /** A record from an `alertUpdate` frame or an action's answer. Older than the held one: ignored. */
  upsert(a: AlertRecord, action?: AlertAction): void {
    const s = this.state;
    // A live record outside the filter is not kept (unless it is the one open in the detail).
    const result = this.alerts.upsert(a);
    if (result === 'ignored') return;
    let fresh = s.fresh;
    const alarm = result !== 'removed' && a.severity === 'critical' && a.state === 'raised' && (action === 'raise' || action === 'reopen');
    if (alarm && !fresh.has(a.id)) fresh = new Set(fresh).add(a.id);
    else if ((result === 'removed' || a.state !== 'raised') && fresh.has(a.id)) {
      fresh = new Set(fresh);
      (fresh as Set<number>).delete(a.id);
    }
    this.api.setState({ records: this.alerts.snapshot(), fresh, version: this.alerts.revision });
    if (alarm) this.onNewCritical?.(a);
  }

  applyAlertUpdate(frame: AlertUpdateFrame): void {
    this.upsert(frame.alert, frame.action);
  }

  applyAlertList(records: AlertRecord[], total: number, sinceRevision: number): void {
    this.replaceAll(records, total, sinceRevision);
  }

  alertListFailed(error: string): void {
    this.listFailed(error);
  }

  /** Whether the record of a device event would pass the filter (otherwise it is not waited for). */
  expectsRecord(e: AlertEvent): boolean {
    const f = this.state.filter;
    return !((f.types.length && !f.types.includes(e.type)) || (f.severities.length && !(f.severities as string[]).includes(e.severity))
      || (f.neighbourhood !== null && f.neighbourhood !== e.neighbourhood));
  }

  setFilter(patch: Partial<AlertFilter>): void {
    this.api.setState({ filter: { ...this.state.filter, ...patch }, list: { ...this.state.list, status: 'loading' } });
  }

  select(id: number | null): void {
    this.api.setState({ selectedId: id });
  }

  setPhase(phase: ConsolePhase, detail = ''): void {
    this.api.setState({ phase, phaseDetail: detail });
  }

  listFailed(error: string): void {
    this.api.setState({ list: { ...this.state.list, status: 'error', error } });
  }
}
