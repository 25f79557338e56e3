/**
 * The client's live store, in two layers:
 *
 * - `LiveData`: what the socket writes, mutated in place per frame (latest values in typed arrays,
 *   one bounded ring per numeric series, the node summary) with a `revision` counter, and the
 *   alert records (`alerts`, the lifecycle records the console holds too). Nothing here notifies
 *   anyone.
 * - `api`: a zustand vanilla store of the slow-changing state React shows (connection, store
 *   health, node, staleness) and `rev`, the revision of `LiveData` last published. `publish()` is
 *   called on a throttled tick (see revision-tick.ts), so React re-renders at most at that rate,
 *   never per message.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  readColumns, type AlertUpdateFrame, type SeriesDescriptor, type StoreHealth, type SummaryFrame, type TelemetryFrame,
} from '../../streams/live-protocol.ts';
import type { AlertEvent } from '../../streams/alerts.ts';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { SeriesRing, type SeriesRingOptions } from './series-ring.ts';
import { AlertRecords } from './alert-records.ts';
import type { AlertRecordsTarget } from './alert-sync.ts';
import type { ConnectionPhase } from './live-client.ts';
import { ALERT_WINDOW_MS, inAlertWindow } from './node-alert-records.ts';

export type { ConnectionPhase } from './live-client.ts';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** Why, for `reconnecting` and `refused`. */
  detail?: string;
  /** Client time the phase began, epoch ms. */
  since: number;
}

export interface LiveState {
  connection: ConnectionStatus;
  /** Last `health` event of the server's time-series store. */
  health: StoreHealth | undefined;
  /** Every node of the hierarchy (from /api/hierarchy), for names and breadcrumbs. */
  hierarchy: readonly HierarchyNode[];
  /** The node subscribed to, once the server acknowledged it. */
  node: HierarchyNode | undefined;
  /** Server epoch; series ids are only valid within one epoch. */
  epoch: string | undefined;
  /** Revision of `LiveData` last published to React. */
  rev: number;
  /** True while nothing arrived for `staleAfterMs` (or nothing at all yet). */
  stale: boolean;
  /** The last read of the alert records (`GET /api/alerts`): loading, ok (with the server's count) or failed. */
  alertList: { status: 'loading' | 'ok' | 'error'; error: string; total: number };
}

export interface LiveStoreOptions {
  /** Bounds of each series' ring buffer. Defaults: 4096 rows, 1 hour. */
  ring?: SeriesRingOptions;
  /** Alert records held besides the open ones: those raised within this long, ms. Default 24 hours. */
  alertWindowMs?: number;
  /** Data counts as stale after this long without a sample or alert, ms. Default 60,000. */
  staleAfterMs?: number;
}

/** Mutable live data, written by the connection, read on the tick. */
export class LiveData {
  readonly schema = new Map<number, SeriesDescriptor>();
  /** Latest sample time (epoch ms, NaN when none) and value per series id. */
  latestT = new Float64Array(256).fill(NaN);
  latestV = new Float64Array(256);
  /** Client time each series last got a sample (a snapshot's: its sample time), epoch ms; NaN when none. Panels' stale markers read it. */
  arrivedT = new Float64Array(256).fill(NaN);
  readonly latestText = new Map<number, string>();
  /** Recent samples of each numeric (float, integer) series, created on its first sample. */
  readonly rings = new Map<number, SeriesRing>();
  /**
   * The node's alert records (open ones, and every one raised within the alert window), kept
   * current by live-connection.ts. Not derived from series ids, so an epoch change keeps them.
   */
  alerts: AlertRecords;
  summary: SummaryFrame | undefined;
  /** Client time the last summary frame arrived, epoch ms (NaN when none). */
  summaryAt = NaN;
  /** Advances on every change. */
  revision = 0;
  /** Client time the newest sample or alert arrived (or, for a snapshot, the newest sample time), epoch ms. */
  lastDataAt = NaN;
  /** Frames applied and samples in them, for diagnostics. */
  frames = 0;
  samples = 0;

  constructor(alerts: AlertRecords = new AlertRecords()) {
    this.alerts = alerts;
  }

  latestValue(id: number): number {
    return id < this.latestT.length && !Number.isNaN(this.latestT[id]) ? this.latestV[id] : NaN;
  }

  latestTime(id: number): number {
    return id < this.latestT.length ? this.latestT[id] : NaN;
  }

  ensureCapacity(id: number): void {
    if (id < this.latestT.length) return;
    const size = Math.max(id + 1, this.latestT.length * 2);
    const t = new Float64Array(size).fill(NaN);
    const v = new Float64Array(size);
    const a = new Float64Array(size).fill(NaN);
    t.set(this.latestT);
    v.set(this.latestV);
    a.set(this.arrivedT);
    this.latestT = t;
    this.latestV = v;
    this.arrivedT = a;
  }
}

export class LiveStore implements AlertRecordsTarget {
  readonly api: StoreApi<LiveState>;
  data: LiveData;
  /** Alert records held besides the open ones: raised within this long, ms. */
  readonly alertWindowMs: number;
  private readonly ringOpts: SeriesRingOptions;
  private readonly staleAfterMs: number;
  private prunedAt = 0;

  constructor(opts: LiveStoreOptions = {}) {
    this.ringOpts = opts.ring ?? {};
    this.alertWindowMs = opts.alertWindowMs ?? ALERT_WINDOW_MS;
    this.staleAfterMs = opts.staleAfterMs ?? 60_000;
    this.data = new LiveData(new AlertRecords((a) => inAlertWindow(a, this.alertWindowMs)));
    this.api = createStore<LiveState>()(() => ({
      connection: { phase: 'connecting', since: Date.now() },
      health: undefined,
      hierarchy: [],
      node: undefined,
      epoch: undefined,
      rev: 0,
      stale: true,
      alertList: { status: 'loading', error: '', total: 0 },
    }));
  }

  /**
   * Apply a telemetry frame (delta or snapshot). Returns the newest sample time in it (epoch ms,
   * NaN when it had none). Samples of a series are taken in frame order; the latest value only
   * moves forward in time.
   */
  applyTelemetry(frame: TelemetryFrame, snapshot = false): number {
    const d = this.data;
    if (frame.schema) for (const s of frame.schema) d.schema.set(s.id, s);
    // Throws, naming the byte count, when the packed columns are malformed.
    const cols = readColumns(frame.samples);
    const n = cols.sid.length;
    let newest = NaN;
    const arrived = Date.now();
    for (let i = 0; i < n; i++) {
      const id = cols.sid[i];
      const t = cols.t[i];
      const v = cols.v[i];
      d.ensureCapacity(id);
      const at = snapshot ? Math.min(arrived, t) : arrived;
      if (!(at <= d.arrivedT[id])) d.arrivedT[id] = at;
      if (!(t < d.latestT[id])) {
        d.latestT[id] = t;
        d.latestV[id] = v;
      }
      let ring = d.rings.get(id);
      if (!ring) {
        const type = d.schema.get(id)?.type;
        if (type === 'float' || type === 'integer') d.rings.set(id, (ring = new SeriesRing(this.ringOpts)));
      }
      ring?.push(t, v);
      if (!(t <= newest)) newest = t;
    }
    const text = frame.text;
    if (text) {
      for (let i = 0; i < text.sid.length; i++) {
        const id = text.sid[i];
        const t = text.t[i];
        d.ensureCapacity(id);
        const at = snapshot ? Math.min(arrived, t) : arrived;
        if (!(at <= d.arrivedT[id])) d.arrivedT[id] = at;
        if (!(t < d.latestT[id])) {
          d.latestT[id] = t;
          d.latestText.set(id, text.s[i]);
        }
        if (!(t <= newest)) newest = t;
      }
    }
    const count = n + (text?.sid.length ?? 0);
    if (count > 0) {
      // A snapshot's data is as fresh as its newest sample; a delta is fresh now.
      const at = snapshot ? Math.min(Date.now(), newest) : Date.now();
      if (!(at <= d.lastDataAt)) d.lastDataAt = at;
    }
    d.frames++;
    d.samples += count;
    d.revision++;
    return newest;
  }

  /** The alert records held (the same object across epochs). */
  get alerts(): AlertRecords {
    return this.data.alerts;
  }

  /**
   * A device event or a rule's raise (an `alert` frame): fresh data. Its record, which is what the
   * panels and the twin show, follows in an `alertUpdate`.
   */
  applyAlertEvent(_alert: AlertEvent): void {
    this.touchData();
  }

  /** An alert record after a change (raise, repeat, operator action, escalation). */
  applyAlertUpdate(frame: AlertUpdateFrame): void {
    if (this.data.alerts.upsert(frame.alert) === 'ignored') return;
    this.data.revision++;
    this.touchData();
  }

  /**
   * A tour's staged incident (`demo: true`, from /api/tours), held beside the real records so the
   * list and the twin show it; the statistics leave it out (alert-tally.ts).
   */
  holdDemoAlert(alert: AlertRecord): void {
    if (!alert.demo) throw new Error(`cockpit: alert ${alert.id} is not a demo record; real records come from the server`);
    if (this.data.alerts.upsert(alert) !== 'ignored') this.data.revision++;
  }

  /** Forgets a staged incident (its step is over, or the tour ended). */
  dropDemoAlert(id: number): void {
    const held = this.data.alerts.get(id);
    if (held?.demo && this.data.alerts.remove(id)) this.data.revision++;
  }

  /** A list read of the alert records (see node-alert-records.ts); `sinceRevision` is `alerts.revision` when it began. */
  applyAlertList(records: AlertRecord[], total: number, sinceRevision: number): void {
    this.data.alerts.replaceAll(records, sinceRevision);
    this.data.revision++;
    this.api.setState({ alertList: { status: 'ok', error: '', total } });
  }

  alertListFailed(error: string): void {
    console.warn(`cockpit: alert records not read: ${error}`);
    this.api.setState({ alertList: { ...this.api.getState().alertList, status: 'error', error } });
  }

  private touchData(): void {
    const now = Date.now();
    if (!(now <= this.data.lastDataAt)) this.data.lastDataAt = now;
  }

  applySummary(frame: SummaryFrame): void {
    this.data.summary = frame;
    this.data.summaryAt = Date.now();
    this.data.revision++;
  }

  /** Forget everything derived from series ids (the server's epoch changed). */
  resetData(): void {
    const revision = this.data.revision + 1;
    // Alert records carry no series ids, so they stay (the next list read refreshes them).
    this.data = new LiveData(this.data.alerts);
    this.data.revision = revision;
  }

  /** Forget the watched node and all it held (series, summary, alert records): another node follows. */
  leaveNode(): void {
    const revision = this.data.revision + 1;
    this.data = new LiveData(new AlertRecords((a) => inAlertWindow(a, this.alertWindowMs)));
    this.data.revision = revision;
    this.api.setState({ node: undefined, rev: revision, stale: true, alertList: { status: 'loading', error: '', total: 0 } });
  }

  setConnection(phase: ConnectionPhase, detail?: string): void {
    const cur = this.api.getState().connection;
    if (cur.phase === phase && cur.detail === detail) return;
    this.api.setState({ connection: { phase, detail, since: cur.phase === phase ? cur.since : Date.now() } });
  }

  setHealth(health: StoreHealth): void {
    this.api.setState({ health });
  }

  setHierarchy(nodes: readonly HierarchyNode[]): void {
    this.api.setState({ hierarchy: nodes });
  }

  setNode(node: HierarchyNode, epoch: string): void {
    const s = this.api.getState();
    if (s.node?.id === node.id && s.epoch === epoch) return;
    this.api.setState({ node, epoch });
  }

  /** Called on the throttled tick: publish the data revision and staleness to React. */
  publish(now = Date.now()): void {
    const s = this.api.getState();
    const d = this.data;
    // Closed records leave once raised before the window; once a minute is often enough.
    if (now - this.prunedAt > 60_000) {
      this.prunedAt = now;
      if (d.alerts.prune() > 0) d.revision++;
    }
    const stale = !(now - d.lastDataAt <= this.staleAfterMs);
    if (s.rev !== d.revision || s.stale !== stale) this.api.setState({ rev: d.revision, stale });
  }

  /** Series of the schema matching a measurement and field (and, optionally, tags). */
  findSeries(measurement: string, field: string, tags: Record<string, string> = {}): SeriesDescriptor[] {
    const out: SeriesDescriptor[] = [];
    next: for (const s of this.data.schema.values()) {
      if (s.measurement !== measurement || s.field !== field) continue;
      for (const k in tags) if (s.tags[k] !== tags[k]) continue next;
      out.push(s);
    }
    return out;
  }
}
