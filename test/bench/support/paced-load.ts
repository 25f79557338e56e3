/**
 * A steady load for the latency and soak benchmarks: telemetry POSTed to /write at a fixed rate
 * (a batch every `everyMs`, lines stamped with the send time in ms) and single alert lines at their
 * own rate on their own connection, so an alert never waits behind a telemetry batch in the client.
 */
import { performance } from 'node:perf_hooks';
import { keepAliveAgent, post } from './http-post.ts';
import { alertLine, LineGenerator } from './line-generator.ts';
import { NEIGHBOURHOODS_PER_COMMUNITY } from './bench-hierarchy.ts';

/**
 * Telemetry rate of the latency and soak benchmarks, points/s: BENCH_POINTS_PER_S (default 20,000).
 * Lower it to tell whether a missed target comes from the store falling behind.
 */
export function benchPointsPerSec(): number {
  const raw = process.env.BENCH_POINTS_PER_S;
  if (raw === undefined || raw === '') return 20_000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 100 || n > 1_000_000) throw new Error(`bench: BENCH_POINTS_PER_S="${raw}" is not a rate from 100 to 1,000,000`);
  return n;
}

export interface PacedLoadOptions {
  /** Server base URL. */
  url: string;
  /** The writer's credentials on every POST (BenchServer.writeHeaders: a gateway token). */
  headers: Record<string, string>;
  /** Telemetry lines (points) per second. */
  pointsPerSec: number;
  /** Interval between telemetry batches, ms. */
  everyMs: number;
  alertsPerSec: number;
  /** Community index (1-based) the alerts are raised in. */
  alertCommunity: number;
  /**
   * Keep-alive connections for telemetry, and requests in flight before a tick is skipped (its
   * lines go with the next). Default 32: the load is open-loop, as from many gateways, so a slow
   * answer does not make later batches wait in the generator and look late.
   */
  connections?: number;
}

export interface PacedCounters {
  linesSent: number;
  fieldsSent: number;
  linesAccepted: number;
  requests: number;
  errors: number;
  alertsSent: number;
  alertErrors: number;
  /** Ticks skipped because too many requests were in flight (the server fell behind). */
  skippedTicks: number;
  /** Round-trip times of telemetry and alert requests, ms. */
  requestMs: number[];
  alertRequestMs: number[];
  firstError?: string;
}

export class PacedLoad {
  readonly counters: PacedCounters = PacedLoad.zero();
  private readonly gen = new LineGenerator();
  private readonly agent;
  // Alerts never queue in the generator: a slow answer must not delay the next alert's send.
  private readonly alertAgent = keepAliveAgent(Infinity);
  private readonly writeUrl: URL;
  private timers: NodeJS.Timeout[] = [];
  private inFlight = new Set<Promise<void>>();
  private telemetryInFlight = 0;
  private t0 = 0;
  private scheduled = 0;
  private alertSeq = 0;

  constructor(private readonly opts: PacedLoadOptions) {
    this.agent = keepAliveAgent(opts.connections ?? 32);
    this.writeUrl = new URL('/write?precision=ms', opts.url);
  }

  private static zero(): PacedCounters {
    return { linesSent: 0, fieldsSent: 0, linesAccepted: 0, requests: 0, errors: 0, alertsSent: 0, alertErrors: 0, skippedTicks: 0, requestMs: [], alertRequestMs: [] };
  }

  resetCounters(): void {
    Object.assign(this.counters, PacedLoad.zero());
    delete this.counters.firstError;
  }

  start(): void {
    this.t0 = Date.now();
    this.scheduled = 0;
    this.timers.push(setInterval(() => this.tick(), this.opts.everyMs));
    if (this.opts.alertsPerSec > 0) this.timers.push(setInterval(() => this.alert(), 1000 / this.opts.alertsPerSec));
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    this.timers = [];
    await Promise.allSettled([...this.inFlight]);
    this.agent.destroy();
    this.alertAgent.destroy();
  }

  private tick(): void {
    // Lines owed by the clock since start, so timer drift does not change the rate.
    const due = Math.floor(((Date.now() - this.t0) * this.opts.pointsPerSec) / 1000) - this.scheduled;
    if (due <= 0) return;
    if (this.telemetryInFlight >= (this.opts.connections ?? 32)) { this.counters.skippedTicks++; return; }
    // Cap one batch at 10 ticks' worth: after a stall the generator catches up over a few ticks.
    const lines = Math.min(due, Math.ceil((this.opts.pointsPerSec * this.opts.everyMs * 10) / 1000));
    this.scheduled += lines;
    const now = Date.now();
    const b = this.gen.batch(lines, () => now);
    this.counters.linesSent += b.lines;
    this.counters.fieldsSent += b.fields;
    this.telemetryInFlight++;
    const sent = performance.now();
    this.track(post(this.agent, this.writeUrl, b.body, this.opts.headers).then((r) => {
      this.telemetryInFlight--;
      this.counters.requests++;
      this.counters.requestMs.push(performance.now() - sent);
      if (r.status === 204) this.counters.linesAccepted += b.lines;
      else this.fail(`HTTP ${r.status}: ${r.error}`);
    }, (e: Error) => { this.telemetryInFlight--; this.fail(e.message); }));
  }

  private alert(): void {
    const seq = ++this.alertSeq;
    const body = Buffer.from(alertLine(this.opts.alertCommunity, (seq % NEIGHBOURHOODS_PER_COMMUNITY) + 1, seq, Date.now()));
    this.counters.alertsSent++;
    const sent = performance.now();
    this.track(post(this.alertAgent, this.writeUrl, body, this.opts.headers).then((r) => {
      this.counters.alertRequestMs.push(performance.now() - sent);
      if (r.status !== 204) { this.counters.alertErrors++; this.counters.firstError ??= `alert: HTTP ${r.status}: ${r.error}`; }
    }, (e: Error) => { this.counters.alertErrors++; this.counters.firstError ??= `alert: ${e.message}`; }));
  }

  private fail(message: string): void {
    this.counters.errors++;
    this.counters.firstError ??= message;
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
}
