/**
 * Measures what live data costs the cockpit's main thread, for `test/bench/cockpit.ts`. Loaded
 * only with `?perf=1`; the wall never runs it.
 *
 * A *batch* is everything that arrives between two revision ticks (250 ms at 4 Hz). Per batch it
 * records the ms spent applying the frames to the live store, publishing the revision and letting
 * React render and commit, and drawing the charts that redraw before the next tick. On request it
 * keeps the frames of a number of batches, so the same batches can be replayed into a bare
 * LiveStore (`replayStoreAlone`): the baseline of the store alone.
 */
import type { AlertUpdateFrame, SummaryFrame, TelemetryFrame } from '../../streams/live-protocol.ts';
import { ChartHost } from '../charts/chart-host.ts';
import { LiveStore } from '../live/live-store.ts';

export interface BatchCost {
  frames: number;
  samples: number;
  /** Applying the frames to the store, ms. */
  applyMs: number;
  /** publish() with React's render and commit of the new revision, ms. */
  renderMs: number;
  /** Chart draws after the publish, ms. */
  chartMs: number;
}

type Recorded =
  | { kind: 'telemetry'; frame: TelemetryFrame; snapshot: boolean }
  | { kind: 'alert'; frame: AlertUpdateFrame }
  | { kind: 'summary'; frame: SummaryFrame };

/** The draws of one chart (named by the nearest `data-testid` of its host). */
export interface ChartDraws {
  chart: string;
  draws: number;
  /** ms of every draw, in order. */
  ms: number[];
}

export interface PerfProbe {
  /** Redraws every chart's data `n` times in a row; ms of each redraw per chart. */
  timeRedraws(n: number): Record<string, number[]>;
  /** Every chart's draws so far (and forget them). */
  takeChartDraws(): ChartDraws[];
  /** Batches measured so far (and forget them). */
  take(): BatchCost[];
  /** Keep the frames of the next `batches` batches. */
  record(batches: number): void;
  /** Batches recorded so far. */
  recordedBatches(): number;
  /** Replays the recorded batches into a fresh LiveStore, then forgets them; ms per batch. */
  replayStoreAlone(): number[];
}

declare global {
  interface Window { __cockpitPerf?: PerfProbe }
}

export function installPerfProbe(store: LiveStore): PerfProbe {
  let maxRecordedBatches = 0;
  let current: BatchCost = { frames: 0, samples: 0, applyMs: 0, renderMs: 0, chartMs: 0 };
  let recording: Recorded[] = [];
  const recorded: Recorded[][] = [];
  let done: BatchCost[] = [];
  /** The batch whose charts are drawing (the last one published). */
  let drawing: BatchCost | undefined;

  const timed = <A extends unknown[], R>(fn: (...args: A) => R, record: (...args: A) => Recorded | undefined) => (...args: A): R => {
    const t0 = performance.now();
    const r = fn(...args);
    current.applyMs += performance.now() - t0;
    current.frames++;
    if (recorded.length < maxRecordedBatches) {
      const rec = record(...args);
      if (rec) recording.push(rec);
    }
    return r;
  };
  const applyTelemetry = store.applyTelemetry.bind(store);
  const applyAlertUpdate = store.applyAlertUpdate.bind(store);
  const applySummary = store.applySummary.bind(store);
  store.applyTelemetry = timed((frame: TelemetryFrame, snapshot = false) => {
    const before = store.data.samples;
    const r = applyTelemetry(frame, snapshot);
    current.samples += store.data.samples - before;
    return r;
  }, (frame, snapshot = false) => ({ kind: 'telemetry', frame, snapshot }));
  store.applyAlertUpdate = timed((f: AlertUpdateFrame) => applyAlertUpdate(f), (frame) => ({ kind: 'alert', frame }));
  store.applySummary = timed((f: SummaryFrame) => applySummary(f), (frame) => ({ kind: 'summary', frame }));

  let chartDraws = new Map<string, ChartDraws>();
  ChartHost.drawObserver = (ms, host) => {
    if (drawing) drawing.chartMs += ms;
    const chart = host.closest('[data-testid]')?.getAttribute('data-testid') ?? 'chart';
    let d = chartDraws.get(chart);
    if (!d) chartDraws.set(chart, (d = { chart, draws: 0, ms: [] }));
    d.draws++;
    d.ms.push(ms);
  };

  const publish = store.publish.bind(store);
  store.publish = (now?: number) => {
    const rev = store.api.getState().rev;
    const t0 = performance.now();
    publish(now);
    if (store.api.getState().rev === rev) return;
    const batch = current;
    current = { frames: 0, samples: 0, applyMs: 0, renderMs: 0, chartMs: 0 };
    if (drawing) done.push(drawing);
    drawing = batch;
    if (recorded.length < maxRecordedBatches) recorded.push(recording);
    recording = [];
    // React flushes a store update in a microtask queued during publish(); this one runs after it.
    queueMicrotask(() => { batch.renderMs = performance.now() - t0; });
  };

  const probe: PerfProbe = {
    timeRedraws: (n) => {
      const out: Record<string, number[]> = {};
      for (const c of ChartHost.live) {
        const ms: number[] = (out[c.name] = []);
        for (let i = 0; i < n; i++) ms.push(c.redrawData());
      }
      return out;
    },
    takeChartDraws: () => {
      const out = [...chartDraws.values()];
      chartDraws = new Map();
      return out;
    },
    take: () => {
      const out = done;
      done = [];
      return out;
    },
    record: (batches) => {
      recorded.length = 0;
      recording = [];
      maxRecordedBatches = batches;
    },
    recordedBatches: () => recorded.length,
    replayStoreAlone: () => {
      const bare = new LiveStore();
      const batches = recorded.splice(0);
      maxRecordedBatches = 0;
      return batches.map((batch) => {
        const t0 = performance.now();
        for (const r of batch) {
          if (r.kind === 'telemetry') bare.applyTelemetry(r.frame, r.snapshot);
          else if (r.kind === 'alert') bare.applyAlertUpdate(r.frame);
          else bare.applySummary(r.frame);
        }
        bare.publish();
        return performance.now() - t0;
      });
    },
  };
  window.__cockpitPerf = probe;
  return probe;
}
