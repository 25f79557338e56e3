/**
 * 32.6 零延时预警和响应: how long an alert takes from the device event to a screen, measured on
 * live traffic.
 *
 * Two legs, each on a clock that can be trusted for it:
 * - device → server: the server's send time minus the alert's own `time` (the device's clock; a
 *   device clock running ahead gives a negative lag, counted as 0 and reported);
 * - server → screen: screens send `alertSeen` (room, epoch, seq) once the alert is in their store;
 *   the server takes its own clock at the acknowledgement minus its own clock at sending. That
 *   includes the acknowledgement's trip back, so it is an upper bound, and it never depends on a
 *   screen's clock. The screen's reported receive time is kept only to show how far off the
 *   screens' clocks are.
 *
 * Deliveries (one per screen per alert frame) go into a bounded ring per community for exact
 * median and p95, and into hourly log-scale histograms that keep 24 hours of counts whatever the
 * ring holds; when the ring no longer spans 24 h the figures come from the histograms (to within
 * one bin, ≤ 19 %, rounded up).
 */
import type { AlertFrame, AlertSeen } from '../../../streams/live-protocol.ts';
import { itemById } from '../../../streams/indicators/catalogue.ts';
import type { AlertDeliveryObserver } from '../../live/live-hub.ts';
import type { AutoItemResult } from './auto-result.ts';
import { round } from './auto-result.ts';

/** The product's target for event → screen, p95, ms. The guideline says 零延时 and gives no number. */
export const WARNING_DELAY_TARGET_MS = 3000;

export interface WarningDelayOptions {
  /** Acknowledgements later than this after sending are not matched (the pending table is bounded), ms. Default 10 min. */
  matchWindowMs?: number;
  /** Most alert frames awaiting acknowledgement; beyond it the oldest are dropped. Default 20,000. */
  maxPending?: number;
  /** Deliveries kept per community for exact statistics. Default 4096. */
  ringSize?: number;
  /**
   * An alert whose event time is older than this when the server sends it is history being loaded
   * (a backfill, a simulator playing at speed, a device emptying its buffer): counted apart, not in
   * the statistics, ms. Default 15 min.
   */
  historyAfterMs?: number;
  /** How often pending frames are expired and unseen ones counted, ms. Default 60,000. */
  sweepEveryMs?: number;
  /** Server clock, epoch ms (tests). Default Date.now. */
  now?: () => number;
}

interface Pending { community: string; epoch: string; eventTime: number; sentAt: number; screens: number; history: boolean; seenBy: string[] }

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Histogram bins: bin 0 is < 1 ms, bin k ≥ 1 is [2^((k-1)/4), 2^(k/4)) ms; the last holds everything above ~9 h. */
const BINS = 101;
const binOf = (ms: number) => (ms < 1 ? 0 : Math.min(BINS - 1, 1 + Math.floor(4 * Math.log2(ms))));
const binUpperMs = (k: number) => 2 ** (k / 4);

interface HourBucket { hour: number; bins: Uint32Array; count: number; unseen: number; history: number; clockAhead: number }

/** One community's deliveries: a ring of [at, total, eventToServer, serverToScreen, screenClockOneWay] and hourly buckets. */
class CommunityDelays {
  readonly ring: Float64Array;
  size = 0;
  head = 0;
  readonly hours = new Map<number, HourBucket>();

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(capacity * 5);
  }

  bucket(at: number): HourBucket {
    const hour = Math.floor(at / HOUR_MS);
    let b = this.hours.get(hour);
    if (!b) this.hours.set(hour, (b = { hour, bins: new Uint32Array(BINS), count: 0, unseen: 0, history: 0, clockAhead: 0 }));
    return b;
  }

  add(at: number, total: number, eventToServer: number, serverToScreen: number, screenClock: number): void {
    const r = this.ring, i = this.head * 5;
    r[i] = at; r[i + 1] = total; r[i + 2] = eventToServer; r[i + 3] = serverToScreen; r[i + 4] = screenClock;
    this.head = (this.head + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    const b = this.bucket(at);
    b.bins[binOf(total)]++;
    b.count++;
  }

  /** Rows of the ring at or after `since`, oldest first, and whether the ring reaches back that far. */
  since(since: number): { rows: Float64Array[]; complete: boolean } {
    const rows: Float64Array[] = [];
    let complete = this.size < this.capacity;
    for (let k = 0; k < this.size; k++) {
      const i = ((this.head - this.size + k + this.capacity) % this.capacity) * 5;
      if (this.ring[i] < since) { complete = true; continue; }
      rows.push(this.ring.subarray(i, i + 5));
    }
    return { rows, complete };
  }

  prune(now: number): void {
    const oldest = Math.floor((now - DAY_MS) / HOUR_MS);
    for (const h of this.hours.keys()) if (h < oldest) this.hours.delete(h);
  }
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function stats(values: number[]): { medianMs: number; p95Ms: number } | null {
  if (values.length === 0) return null;
  const s = Float64Array.from(values).sort();
  return { medianMs: round(quantile(s, 0.5), 1), p95Ms: round(quantile(s, 0.95), 1) };
}

export interface WarningDelaySummary {
  /** Deliveries (alert frame × screen) in the window. */
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
  /** True when the figures come from the hourly histograms (upper bin edges, whole hours). */
  approximate: boolean;
  eventToServer: { medianMs: number; p95Ms: number } | null;
  serverToScreen: { medianMs: number; p95Ms: number } | null;
  /** Screen clock minus server send time, as the screens report it: how far off their clocks are, not used for the figures. */
  screenClockOneWay: { medianMs: number; p95Ms: number } | null;
  /** Alert frames sent to rooms with screens that no screen acknowledged within the match window. */
  unseen: number;
  /** Alerts older than `historyAfterMs` when sent, left out of the figures. */
  history: number;
  /** Deliveries whose device clock was ahead of the server's (event → server counted as 0). */
  deviceClockAhead: number;
  windowHours: number;
}

/** Watches alert frames going out and screens acknowledging them; answers per-community delay figures. */
export class WarningDelayTracker implements AlertDeliveryObserver {
  private readonly pending = new Map<string, Pending>();
  private readonly communities = new Map<string, CommunityDelays>();
  private readonly opts: Required<WarningDelayOptions>;
  private readonly timer: NodeJS.Timeout;
  /** Acknowledgements that matched no pending frame (too late, unknown, other epoch) and malformed ones. */
  readonly ignored = { unmatched: 0, malformed: 0, notSubscribed: 0, duplicate: 0, evicted: 0 };

  constructor(opts: WarningDelayOptions = {}) {
    this.opts = {
      matchWindowMs: 10 * 60_000, maxPending: 20_000, ringSize: 4096, historyAfterMs: 15 * 60_000,
      sweepEveryMs: 60_000, now: Date.now, ...opts,
    };
    this.timer = setInterval(() => this.sweep(), this.opts.sweepEveryMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  alertSent(frame: AlertFrame, sentAt: number, screens: number): void {
    const a = frame.alert;
    const history = sentAt - a.time > this.opts.historyAfterMs;
    if (history) {
      const c = this.community(a.community);
      if (c) c.bucket(sentAt).history++;
    }
    if (this.pending.size >= this.opts.maxPending) {
      const oldest = this.pending.keys().next().value!;
      this.pending.delete(oldest);
      this.ignored.evicted++;
    }
    this.pending.set(`${frame.room}\n${frame.seq}`, {
      community: a.community, epoch: frame.epoch, eventTime: a.time, sentAt, screens, history, seenBy: [],
    });
  }

  alertSeen(seen: unknown, at: number, socket: { id: string; rooms: ReadonlySet<string> }): void {
    const s = seen as Partial<AlertSeen> | null;
    if (!s || typeof s !== 'object' || typeof s.room !== 'string' || s.room.length > 300 || typeof s.epoch !== 'string'
      || !Number.isSafeInteger(s.seq)) { this.ignored.malformed++; return; }
    // A screen vouches only for rooms it is in: no socket can speak for another's deliveries.
    if (!socket.rooms.has(s.room)) { this.ignored.notSubscribed++; return; }
    const p = this.pending.get(`${s.room}\n${s.seq}`);
    if (!p || p.epoch !== s.epoch) { this.ignored.unmatched++; return; }
    if (p.seenBy.includes(socket.id)) { this.ignored.duplicate++; return; }
    p.seenBy.push(socket.id);
    if (p.history) return;
    const c = this.community(p.community);
    if (!c) return;
    const lag = p.sentAt - p.eventTime;
    if (lag < 0) c.bucket(at).clockAhead++;
    const eventToServer = Math.max(0, lag);
    const serverToScreen = Math.max(0, at - p.sentAt);
    const clientTime = typeof s.clientTime === 'number' && Number.isFinite(s.clientTime) ? s.clientTime - p.sentAt : NaN;
    c.add(at, eventToServer + serverToScreen, eventToServer, serverToScreen, clientTime);
  }

  /** Figures of one community over the last 24 hours. */
  summary(community: string): WarningDelaySummary {
    const now = this.opts.now();
    const c = this.communities.get(community);
    const empty: WarningDelaySummary = {
      count: 0, medianMs: null, p95Ms: null, approximate: false, eventToServer: null, serverToScreen: null,
      screenClockOneWay: null, unseen: 0, history: 0, deviceClockAhead: 0, windowHours: 24,
    };
    if (!c) return empty;
    c.prune(now);
    const buckets = [...c.hours.values()];
    const sum = (k: 'unseen' | 'history' | 'clockAhead') => buckets.reduce((n, b) => n + b[k], 0);
    const { rows, complete } = c.since(now - DAY_MS);
    const col = (k: number) => rows.map((r) => r[k]).filter(Number.isFinite);
    const out: WarningDelaySummary = {
      ...empty, unseen: sum('unseen'), history: sum('history'), deviceClockAhead: sum('clockAhead'),
      eventToServer: stats(col(2)), serverToScreen: stats(col(3)), screenClockOneWay: stats(col(4)),
    };
    if (complete) {
      const total = stats(col(1));
      return { ...out, count: rows.length, medianMs: total?.medianMs ?? null, p95Ms: total?.p95Ms ?? null };
    }
    // The ring holds less than 24 h: the hourly histograms still count everything.
    const bins = new Uint32Array(BINS);
    let count = 0;
    for (const b of buckets) { count += b.count; for (let k = 0; k < BINS; k++) bins[k] += b.bins[k]; }
    const at = (q: number) => {
      const rank = Math.max(1, Math.ceil(q * count));
      for (let k = 0, seen = 0; k < BINS; k++) { seen += bins[k]; if (seen >= rank) return round(binUpperMs(k), 1); }
      return null;
    };
    return { ...out, count, medianMs: at(0.5), p95Ms: at(0.95), approximate: true };
  }

  /** Expire frames past the match window; a frame sent to watched rooms that nobody acknowledged is counted unseen. */
  sweep(): void {
    const now = this.opts.now();
    for (const [key, p] of this.pending) {
      if (p.sentAt > now - this.opts.matchWindowMs) break;
      this.pending.delete(key);
      if (!p.history && p.screens > 0 && p.seenBy.length === 0) {
        const c = this.community(p.community);
        if (c) c.bucket(p.sentAt).unseen++;
      }
    }
    for (const c of this.communities.values()) c.prune(now);
  }

  /** Per-community state; communities come from hierarchy rooms, and a hard cap keeps stray tags from growing it. */
  private community(id: string): CommunityDelays | undefined {
    let c = this.communities.get(id);
    if (!c && this.communities.size < 20_000) this.communities.set(id, (c = new CommunityDelays(this.opts.ringSize)));
    return c;
  }
}

/** The 32.6 item from a tracker's figures. */
export function warningDelay(community: string, tracker: WarningDelayTracker): AutoItemResult {
  const it = itemById('32.6')!;
  const s = tracker.summary(community);
  const base = {
    check: 'warning-delay' as const, item: '32.6', name: it.text, unit: 'ms',
    threshold: {
      comparison: '<=' as const, value: WARNING_DELAY_TARGET_MS, unit: 'ms', source: 'product' as const,
      note: 'p95 of device event → screen; the guideline asks for 零延时 (zero delay) and gives no number',
    },
    evidence: { ...s, measured: 'device event time → server send (device clock) + server send → screen acknowledgement (server clock, includes the acknowledgement’s return trip)' },
  };
  if (s.count === 0 || s.p95Ms === null) {
    return { ...base, value: null, met: null, reason: 'no alert reached a screen that acknowledges alerts in the last 24 h' };
  }
  const met = s.p95Ms <= WARNING_DELAY_TARGET_MS;
  return { ...base, value: s.p95Ms, met, ...(met ? {} : { reason: `p95 ${s.p95Ms} ms is above the target of ${WARNING_DELAY_TARGET_MS} ms` }) };
}
