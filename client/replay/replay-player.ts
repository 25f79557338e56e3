/**
 * Replays a past window of a node into a live store of its own, through the same frames the live
 * path applies (telemetry with its schema, summaries, alert records), at 1–3600×. Panels and the
 * twin read that store while the replay is on screen; the page's live store keeps receiving
 * meanwhile, so nothing live is lost and leaving the replay shows the present at once.
 *
 *   GET /api/replay (pages, read ahead) ─► buffer ─► tick: samples up to the clock ─► replay store
 *
 * The player owns its timers, requests and store: `dispose()` ends all of them. The buffer holds
 * what lies ahead of the clock only (what was played is dropped), a page or two.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AlertRecord } from '../../streams/alert-lifecycle.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { packColumns, type SeriesDescriptor } from '../../streams/live-protocol.ts';
import { getJson } from '../api/api-client.ts';
import { AlertRecords } from '../live/alert-records.ts';
import { LiveStore } from '../live/live-store.ts';
import { startRevisionTick } from '../live/revision-tick.ts';
import { alertAsAt, statesAt } from './alerts-as-at.ts';
import { figuresAt, summaryOf } from './replay-summary.ts';

export const SPEEDS = [1, 10, 60, 600, 3600] as const;
export const MIN_SPEED = 1;
export const MAX_SPEED = 3600;

export interface ReplayWindow {
  node: string;
  /** Epoch ms. */
  from: number;
  to: number;
  /** Replayed seconds per second, 1–3600. */
  speed: number;
}

export type ReplayStatus = 'loading' | 'playing' | 'paused' | 'ended' | 'error';

export interface ReplayState extends ReplayWindow {
  /** The replayed moment on screen, epoch ms. */
  clock: number;
  status: ReplayStatus;
  /** Waiting for the next page while playing. */
  buffering: boolean;
  error: string;
}

interface Columns { sid: number[]; t: number[]; v: number[] }
interface Page {
  node: { id: string };
  stepMs: number;
  schema: SeriesDescriptor[];
  before: Columns;
  samples: Columns;
  figures: { keys: Record<number, string>; before: Columns; samples: Columns };
  next: number | null;
}

export interface ReplayPlayerOptions {
  /** The node's place in the tree (the replay store names it as the live one does). */
  node: HierarchyNode;
  hierarchy: readonly HierarchyNode[];
  /** Tick, ms. Default 250. */
  tickMs?: number;
  /** The server's URL ('' for the page's origin). */
  base?: string;
}

/** A bucket as long as one tick of replayed time at `speed` (rounded down to a round width), 0 (raw) up to 60×. */
export function stepFor(speed: number, tickMs = 250): number {
  const want = speed * tickMs;
  if (speed <= 60) return 0;
  const widths = [5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 900_000];
  let w = widths[0];
  for (const x of widths) if (x <= want) w = x;
  return w;
}

/** Replayed time one page covers: about 30 s of playback, never less than 10 minutes. */
const pageSpan = (speed: number) => Math.max(600_000, speed * 30_000);

export class ReplayPlayer {
  readonly store: LiveStore;
  readonly state: StoreApi<ReplayState>;
  private readonly opts: ReplayPlayerOptions;
  private readonly tickMs: number;
  private readonly stopPublish: () => void;
  private timer: ReturnType<typeof setInterval> | undefined;
  private ac = new AbortController();
  private buffer: Columns = { sid: [], t: [], v: [] };
  private figureBuffer: Columns = { sid: [], t: [], v: [] };
  private figureKeys: Record<number, string> = {};
  private readonly figureLatest = new Map<number, number>();
  private hasTelemetry = false;
  /** Next sample of `buffer` to apply. */
  private cursor = 0;
  private figureCursor = 0;
  /** Replayed time the buffer holds up to (exclusive), and where the next page starts (null: the window is read). */
  private loadedUntil: number;
  private nextFrom: number | null;
  private loading: Promise<void> | undefined;
  private records: AlertRecord[] = [];
  private recordStates = '';
  private lastTick = 0;
  private disposed = false;
  /** Whether the viewer wants it playing (a seek keeps it so; a replay starts playing). */
  private wantPlaying = true;

  constructor(window: ReplayWindow, opts: ReplayPlayerOptions) {
    this.opts = opts;
    this.tickMs = opts.tickMs ?? 250;
    const speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, window.speed));
    this.state = createStore<ReplayState>()(() => ({ ...window, speed, clock: window.from, status: 'loading', buffering: false, error: '' }));
    // Alert records of the past, whatever their age now.
    this.store = new LiveStore({ alertWindowMs: Infinity, staleAfterMs: Infinity });
    this.store.setHierarchy(opts.hierarchy);
    this.store.setNode(opts.node, 'replay');
    this.store.setConnection('connected', 'replay');
    this.stopPublish = startRevisionTick(this.store, 4);
    this.loadedUntil = window.from;
    this.nextFrom = window.from;
    void this.start(window.from);
  }

  play(): void {
    const s = this.state.getState();
    if (this.disposed || s.status === 'error') return;
    this.wantPlaying = true;
    if (s.status === 'loading') return;
    if (s.status === 'ended') { this.seek(s.from); return; }
    this.state.setState({ status: 'playing' });
    this.run();
  }

  pause(): void {
    this.wantPlaying = false;
    if (this.state.getState().status !== 'playing') return;
    this.state.setState({ status: 'paused' });
    this.halt();
  }

  setSpeed(speed: number): void {
    const s = Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
    if (s === this.state.getState().speed) return;
    this.state.setState({ speed: s });
    // A new speed reads at another step: start again from the clock.
    if (stepFor(s, this.tickMs) !== this.step) this.seek(this.state.getState().clock);
  }

  /** Jump to a moment of the window: the store starts again from what stood just before it. */
  seek(t: number): void {
    const { from, to } = this.state.getState();
    void this.start(Math.min(to, Math.max(from, t)));
  }

  dispose(): void {
    this.disposed = true;
    this.halt();
    this.ac.abort();
    this.stopPublish();
  }

  private step = 0;

  private async start(at: number): Promise<void> {
    this.halt();
    this.ac.abort();
    this.ac = new AbortController();
    const { signal } = this.ac;
    this.state.setState({ clock: at, status: 'loading', buffering: false, error: '' });
    this.store.resetData();
    this.buffer = { sid: [], t: [], v: [] };
    this.figureBuffer = { sid: [], t: [], v: [] };
    this.figureLatest.clear();
    this.cursor = this.figureCursor = 0;
    this.loadedUntil = at;
    this.nextFrom = at;
    this.loading = undefined;
    this.recordStates = '';
    this.step = stepFor(this.state.getState().speed, this.tickMs);
    try {
      const [{ page, until }] = await Promise.all([this.fetchPage(at, signal, true), this.records.length ? undefined : this.fetchRecords(signal)]);
      if (signal.aborted) return;
      this.take(page, until, true);
      this.applyUpTo(at);
      const ended = at >= this.state.getState().to;
      this.state.setState({ status: ended ? 'ended' : this.wantPlaying ? 'playing' : 'paused' });
      if (this.wantPlaying && !ended) this.run();
    } catch (e) {
      if (signal.aborted) return;
      this.state.setState({ status: 'error', error: (e as Error).message });
    }
  }

  /** A page from `from`, and where it ends: where the server cut it at its sample budget, or the span asked for. */
  private fetchPage(from: number, signal: AbortSignal, first = false): Promise<{ page: Page; until: number }> {
    const { node, to, speed } = this.state.getState();
    const end = Math.min(to, from + pageSpan(speed));
    const q = new URLSearchParams({ node, from: String(from), to: String(end) });
    if (!first) q.set('before', '0');
    if (this.step > 0) q.set('step', `${this.step / 1000}s`);
    return getJson<Page>(`${this.opts.base ?? ''}/api/replay?${q}`, signal).then((page) => ({ page, until: page.next ?? end }));
  }

  private async fetchRecords(signal: AbortSignal): Promise<void> {
    const { node, from, to } = this.state.getState();
    // Alerts raised in the window, and those raised in the day before it (still open then, maybe).
    const q = new URLSearchParams({ node, from: String(from - 86_400_000), to: String(to), limit: '1000' });
    const r = await getJson<{ alerts: AlertRecord[] }>(`${this.opts.base ?? ''}/api/alerts?${q}`, signal);
    this.records = r.alerts.filter((a) => !a.demo);
  }

  /** Adds a page to the buffer (the first of a start also sets the schema and what stood before). */
  private take(page: Page, until: number, first: boolean): void {
    if (first) {
      this.hasTelemetry = page.schema.length > 0;
      this.figureKeys = page.figures.keys;
      this.store.applyTelemetry({ room: `${page.node.id}/replay`, epoch: 'replay', seq: 0, schema: page.schema, samples: packColumns(page.before.sid, page.before.t, page.before.v) }, true);
      for (let i = 0; i < page.figures.before.sid.length; i++) this.figureLatest.set(page.figures.before.sid[i], page.figures.before.v[i]);
    }
    append(this.buffer, page.samples);
    append(this.figureBuffer, page.figures.samples);
    this.loadedUntil = until;
    const { to } = this.state.getState();
    this.nextFrom = until >= to ? null : until;
  }

  private run(): void {
    if (this.timer || this.disposed) return;
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  private halt(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = performance.now();
    const dt = now - this.lastTick;
    this.lastTick = now;
    const s = this.state.getState();
    if (s.status !== 'playing') return;
    // Read ahead: the next page once the buffer holds less than 10 s of playback.
    if (this.nextFrom !== null && !this.loading && this.loadedUntil - s.clock < s.speed * 10_000) this.readAhead();
    const wanted = Math.min(s.to, s.clock + dt * s.speed);
    // Past what is loaded the clock waits for the page (buffering), rather than showing a gap.
    const clock = this.nextFrom !== null ? Math.min(wanted, this.loadedUntil) : wanted;
    this.applyUpTo(clock);
    const ended = clock >= s.to;
    this.state.setState({ clock, buffering: clock < wanted, ...(ended ? { status: 'ended' } : {}) });
    if (ended) this.halt();
  }

  private readAhead(): void {
    const from = this.nextFrom!;
    const { signal } = this.ac;
    this.loading = this.fetchPage(from, signal).then(({ page, until }) => {
      if (!signal.aborted) this.take(page, until, false);
    }, (e: Error) => {
      if (!signal.aborted) this.state.setState({ status: 'error', error: e.message });
    }).finally(() => { this.loading = undefined; });
  }

  /** Applies every buffered sample at or before `clock` as one telemetry frame, then the figures and alert states then. */
  private applyUpTo(clock: number): void {
    const b = this.buffer;
    let k = this.cursor;
    while (k < b.t.length && b.t[k] <= clock) k++;
    const node = this.opts.node.id;
    if (k > this.cursor) {
      const n = k - this.cursor;
      this.store.applyTelemetry({
        room: `${node}/replay`, epoch: 'replay', seq: 0,
        samples: packColumns(b.sid.slice(this.cursor, k), b.t.slice(this.cursor, k), b.v.slice(this.cursor, k), n),
      });
      this.cursor = k;
      if (this.cursor > 20_000) this.compact();
    }
    const f = this.figureBuffer;
    while (this.figureCursor < f.t.length && f.t[this.figureCursor] <= clock) {
      this.figureLatest.set(f.sid[this.figureCursor], f.v[this.figureCursor]);
      this.figureCursor++;
    }
    this.store.applySummary(this.hasTelemetry ? summaryOf(this.store.data, node, clock) : figuresAt(this.figureKeys, this.figureLatest, node, clock));
    this.applyAlerts(clock);
  }

  private applyAlerts(clock: number): void {
    const states = statesAt(this.records, clock);
    if (states === this.recordStates) return;
    this.recordStates = states;
    const held = new AlertRecords(() => true);
    for (const a of this.records) {
      const at = alertAsAt(a, clock);
      if (at) held.upsert(at);
    }
    this.store.data.alerts = held;
    this.store.data.revision++;
    this.store.api.setState({ alertList: { status: 'ok', error: '', total: held.size } });
  }

  /** Drops what was played from the buffer. */
  private compact(): void {
    const b = this.buffer;
    this.buffer = { sid: b.sid.slice(this.cursor), t: b.t.slice(this.cursor), v: b.v.slice(this.cursor) };
    this.cursor = 0;
  }
}

function append(into: Columns, from: Columns): void {
  for (let i = 0; i < from.t.length; i++) { into.sid.push(from.sid[i]); into.t.push(from.t[i]); into.v.push(from.v[i]); }
}
