/**
 * The console's state outside React (zustand vanilla): the alert records by id, the filter, the
 * selected alert, which alerts arrived as new critical alarms in this session, and the connection.
 * Socket handlers write here; React subscribes to slices. Records are replaced whole, newest
 * `updatedAt` winning, so applying a frame twice or after a reload is harmless.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlertAction, AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { HierarchyNode } from '../../../streams/hierarchy.ts';
import { DEFAULT_FILTER, isNewer, matchesFilter, type AlertFilter } from '../model/alert-filter.ts';

export type ConsolePhase = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface ConsoleState {
  /** Hierarchy node the console watches (a community or a neighbourhood). */
  node: string | null;
  nodes: HierarchyNode[];
  records: ReadonlyMap<number, AlertRecord>;
  /** Increments on every change of `records`, so views can subscribe to one number. */
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

export class ConsoleStore {
  readonly api: StoreApi<ConsoleState>;
  /** Version at which each record last arrived live; cleared by each list read. */
  private readonly touched = new Map<number, number>();
  /** Called with each new critical alert raised live (the sound). */
  onNewCritical: ((a: AlertRecord) => void) | undefined;

  constructor(initial: Partial<ConsoleState> = {}) {
    this.api = createStore<ConsoleState>()(() => ({
      node: null, nodes: [], records: new Map(), version: 0, filter: DEFAULT_FILTER, selectedId: null, fresh: new Set(),
      phase: 'connecting', phaseDetail: '', list: { status: 'loading', error: '', total: 0, loadedAt: 0 }, videoTemplate: null,
      ...initial,
    }));
  }

  get state(): ConsoleState {
    return this.api.getState();
  }

  /**
   * A list read from `GET /api/alerts` replaces the records: what the server no longer lists under
   * the filter goes, except the selected alert (its detail stays open while someone works on it).
   */
  replaceAll(alerts: AlertRecord[], total: number, sinceVersion: number): void {
    const s = this.state;
    const next = new Map<number, AlertRecord>();
    for (const a of alerts) {
      const held = s.records.get(a.id);
      next.set(a.id, held && !isNewer(a, held) ? held : a);
    }
    // Records that arrived live while the list was being read are newer than the list.
    for (const [id, v] of this.touched) {
      const held = s.records.get(id);
      if (v > sinceVersion && held && !next.has(id) && matchesFilter(held, s.filter)) next.set(id, held);
    }
    this.touched.clear();
    const sel = s.selectedId !== null ? s.records.get(s.selectedId) : undefined;
    if (sel && !next.has(sel.id)) next.set(sel.id, sel);
    const fresh = new Set([...s.fresh].filter((id) => next.get(id)?.state === 'raised'));
    this.api.setState({ records: next, version: s.version + 1, fresh, list: { status: 'ok', error: '', total, loadedAt: Date.now() } });
  }

  /** A record from an `alertUpdate` frame or an action's answer. Older than the held one: ignored. */
  upsert(a: AlertRecord, action?: AlertAction): void {
    const s = this.state;
    const held = s.records.get(a.id);
    if (!isNewer(a, held)) return;
    // A live record outside the filter is not kept (unless it is the one open in the detail).
    if (!matchesFilter(a, s.filter) && a.id !== s.selectedId) {
      if (!held) return;
      const records = new Map(s.records);
      records.delete(a.id);
      const fresh = new Set(s.fresh);
      fresh.delete(a.id);
      this.api.setState({ records, fresh, version: s.version + 1 });
      return;
    }
    const records = new Map(s.records);
    records.set(a.id, a);
    this.touched.set(a.id, s.version + 1);
    let fresh = s.fresh;
    const alarm = a.severity === 'critical' && a.state === 'raised' && (action === 'raise' || action === 'reopen');
    if (alarm && !fresh.has(a.id)) fresh = new Set(fresh).add(a.id);
    else if (a.state !== 'raised' && fresh.has(a.id)) {
      fresh = new Set(fresh);
      (fresh as Set<number>).delete(a.id);
    }
    this.api.setState({ records, fresh, version: s.version + 1 });
    if (alarm) this.onNewCritical?.(a);
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
