/**
 * ingest: sustained POST /write throughput. 5,000-line batches of realistic line protocol
 * (support/line-generator.ts: 4,920 series, ~2.6 fields per line, ms timestamps over the last
 * hours) from 4 keep-alive connections, written by a gateway token scoped to the 20 communities as
 * a deployment's gateways write, for one phase each:
 *
 *   1. our server, embedded SQLite store            target ≥ 1.0 × phase 3
 *   2. our server, STORE=influxdb, fresh influxd     target ≥ 0.9 × phase 3
 *   3. the same batches straight to influxd's own /write?db=…&precision=ms (baseline)
 *
 * A point is a line (InfluxDB's sense); "fields/s" counts the field values stored. Only requests
 * that completed inside the measured window count, after a warm-up that creates every series.
 */
import { performance } from 'node:perf_hooks';
import type { Agent } from 'node:http';
import { scaled, sleep } from './support/durations.ts';
import { keepAliveAgent, post } from './support/http-post.ts';
import { LineGenerator, type Batch } from './support/line-generator.ts';
import { CpuMeter, InterferenceMeter, SelfCpuMeter, findPid, interferenceNote } from './support/proc-stats.ts';
import { percentileOf } from './support/histogram.ts';
import { startBenchServer, exitWatch } from './support/bench-server-process.ts';
import { isAborted, startTracked, type Child } from './support/children.ts';
import { dec, int, type BenchTable, type Verdict } from './support/table.ts';

export const BATCH_LINES = 5000;
export const CONNECTIONS = 4;
/** Issue 16: the embedded store takes at least what influxd's own /write does, InfluxDB behind us 0.9 of it. */
const TARGET_EMBEDDED_VS_DIRECT = 1.0;
const TARGET_VS_DIRECT = 0.9;

export interface IngestPhase {
  name: string;
  points: number;
  fields: number;
  seconds: number;
  pointsPerSec: number;
  fieldsPerSec: number;
  requests: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstError?: string;
  /** CPU of our server process (all threads), % of one core; NaN when not in the path. */
  serverCpu: number;
  /** CPU of influxd, % of one core; NaN when not in the path. */
  influxdCpu: number;
  generatorCpu: number;
  /** CPU of processes outside the benchmark, % of one core. */
  otherCpu: number;
  skipped?: string;
}

export interface LoadResult {
  points: number; fields: number; seconds: number; requests: number; latencies: number[]; errors: number; firstError?: string;
  cpu: { server: number; influxd: number; generator: number; other: number };
}

/** The batches a load sends: `next()` gives the following 5,000 lines. */
export interface BatchSource {
  next(): Batch;
}

/**
 * The generator's batches as history: each pass over the series is one second later, starting
 * three hours ago, with a per-series offset so timestamps spread over the second (points never
 * collide). One source shared by several loads keeps their points apart too.
 */
export function historyBatches(): BatchSource {
  const gen = new LineGenerator();
  const start = Date.now() - 3 * 3_600_000;
  const timeOf = (round: number, series: number) => start + round * 1000 + ((series * 7919) % 1000);
  return { next: () => gen.batch(BATCH_LINES, timeOf) };
}

export interface DriveOptions {
  warmupMs: number;
  measureMs: number;
  serverPid?: number;
  influxdPid?: number;
  watch: Child[];
  /** The writer's credentials on every POST (a gateway token, or a session cookie and CSRF token). */
  headers?: Record<string, string>;
  /** Default: a fresh historyBatches(). */
  source?: BatchSource;
}

/**
 * Drive `connections` loops of POSTs for warm-up + measure ms. CPU of `pids` is read over the
 * measured window only.
 */
export async function drive(url: URL, opts: DriveOptions): Promise<LoadResult> {
  const source = opts.source ?? historyBatches();
  const agent: Agent = keepAliveAgent(CONNECTIONS);
  const t0 = Date.now();
  const measureFrom = t0 + opts.warmupMs;
  const end = measureFrom + opts.measureMs;
  const res: LoadResult = { points: 0, fields: 0, seconds: opts.measureMs / 1000, requests: 0, latencies: [], errors: 0, cpu: { server: NaN, influxd: NaN, generator: NaN, other: NaN } };
  const server = opts.serverPid ? new CpuMeter(opts.serverPid) : undefined;
  const influxd = opts.influxdPid ? new CpuMeter(opts.influxdPid) : undefined;
  const self = new SelfCpuMeter();
  const others = new InterferenceMeter([process.pid, ...(opts.serverPid ? [opts.serverPid] : []), ...(opts.influxdPid ? [opts.influxdPid] : [])]);
  const startMeters = setTimeout(() => { server?.start(); influxd?.start(); self.start(); others.start(); }, opts.warmupMs);
  let serverCpu = NaN, influxdCpu = NaN, generatorCpu = NaN, otherCpu = NaN;
  const stopMeters = setTimeout(() => {
    otherCpu = others.read();
    serverCpu = server?.read().percent ?? NaN;
    influxdCpu = influxd?.read().percent ?? NaN;
    generatorCpu = self.read().percent;
  }, opts.warmupMs + opts.measureMs);

  let stopped = false;
  const loop = async () => {
    while (!stopped && Date.now() < end) {
      const b = source.next();
      const sent = performance.now();
      try {
        const r = await post(agent, url, b.body, opts.headers);
        const done = Date.now();
        const ok = r.status === 204;
        if (!ok) { res.errors++; res.firstError ??= `HTTP ${r.status}: ${r.error}`; }
        if (done >= measureFrom && done <= end && ok) {
          res.points += b.lines;
          res.fields += b.fields;
          res.requests++;
          res.latencies.push(performance.now() - sent);
        }
        if (!ok) await sleep(50);
      } catch (e) {
        res.errors++;
        res.firstError ??= (e as Error).message;
        await sleep(200);
      }
    }
  };
  // A crashed server must end the phase, not leave the loops retrying until the deadline.
  const watch = exitWatch(opts.watch);
  try {
    await Promise.race([Promise.all(Array.from({ length: CONNECTIONS }, loop)), watch.crashed]);
  } finally {
    stopped = true;
    watch.done();
    clearTimeout(startMeters);
    clearTimeout(stopMeters);
    agent.destroy();
  }
  res.cpu = { server: serverCpu, influxd: influxdCpu, generator: generatorCpu, other: otherCpu };
  return res;
}

function phase(name: string, r: LoadResult): IngestPhase {
  return {
    name, points: r.points, fields: r.fields, seconds: r.seconds,
    pointsPerSec: r.points / r.seconds, fieldsPerSec: r.fields / r.seconds, requests: r.requests,
    p50Ms: percentileOf(r.latencies, 0.5), p99Ms: percentileOf(r.latencies, 0.99),
    errors: r.errors, firstError: r.firstError,
    serverCpu: r.cpu.server, influxdCpu: r.cpu.influxd, generatorCpu: r.cpu.generator, otherCpu: r.cpu.other,
  };
}

const skipped = (name: string, why: string): IngestPhase => ({
  name, points: 0, fields: 0, seconds: 0, pointsPerSec: NaN, fieldsPerSec: NaN, requests: 0, p50Ms: NaN, p99Ms: NaN,
  errors: 0, serverCpu: NaN, influxdCpu: NaN, generatorCpu: NaN, otherCpu: NaN, skipped: why,
});

async function embedded(warmupMs: number, measureMs: number): Promise<IngestPhase> {
  const server = await startBenchServer({ store: 'sqlite' });
  try {
    const r = await drive(new URL('/write?precision=ms', server.url), { warmupMs, measureMs, serverPid: server.pid, watch: [server.child], headers: server.writeHeaders });
    return phase('ours, embedded SQLite', r);
  } finally {
    await server.stop();
  }
}

type StartInfluxd = typeof import('../support/influxd.ts').startInfluxd;

async function loadInfluxd(): Promise<StartInfluxd> {
  const { startInfluxd } = await import('../support/influxd.ts');
  return startInfluxd;
}

async function withInfluxd<T>(startInfluxd: StartInfluxd, fn: (url: string, pid: number | undefined) => Promise<T>): Promise<T> {
  const { value: influxd, dispose } = await startTracked(() => startInfluxd(), (h) => h.dispose());
  try {
    return await fn(influxd.url, findPid(influxd.dataDir));
  } finally {
    await dispose();
  }
}

async function oursInflux(startInfluxd: StartInfluxd, warmupMs: number, measureMs: number): Promise<IngestPhase> {
  return withInfluxd(startInfluxd, async (url, influxdPid) => {
    const server = await startBenchServer({ store: 'influxdb', env: { INFLUX_URL: url, INFLUX_DB: 'community_twin' } });
    try {
      const r = await drive(new URL('/write?precision=ms', server.url), { warmupMs, measureMs, serverPid: server.pid, influxdPid, watch: [server.child], headers: server.writeHeaders });
      return phase('ours → influxd (STORE=influxdb)', r);
    } finally {
      await server.stop();
    }
  });
}

async function direct(startInfluxd: StartInfluxd, warmupMs: number, measureMs: number): Promise<IngestPhase> {
  return withInfluxd(startInfluxd, async (url, influxdPid) => {
    const created = await fetch(`${url}/query?q=${encodeURIComponent('CREATE DATABASE bench_direct')}`, { method: 'POST' });
    if (!created.ok) throw new Error(`influxd: CREATE DATABASE answered ${created.status}: ${await created.text()}`);
    const r = await drive(new URL('/write?db=bench_direct&precision=ms', url), { warmupMs, measureMs, influxdPid, watch: [] });
    return phase('influxd /write direct (baseline)', r);
  });
}

export async function runIngest(log: (s: string) => void): Promise<{ table: BenchTable; phases: IngestPhase[] }> {
  const warmupMs = scaled(5);
  const measureMs = scaled(60);
  const phases: IngestPhase[] = [];

  log(`ingest: embedded store, ${measureMs / 1000} s after ${warmupMs / 1000} s warm-up`);
  phases.push(await embedded(warmupMs, measureMs));

  let startInfluxd: StartInfluxd | undefined;
  let why = '';
  try {
    startInfluxd = await loadInfluxd();
  } catch (e) {
    why = `test/support/influxd.ts not usable: ${(e as Error).message}`;
  }
  for (const [name, fn] of [
    ['ours → influxd (STORE=influxdb)', oursInflux],
    ['influxd /write direct (baseline)', direct],
  ] as const) {
    if (!startInfluxd) { phases.push(skipped(name, why)); continue; }
    log(`ingest: ${name}, ${measureMs / 1000} s after ${warmupMs / 1000} s warm-up`);
    try {
      phases.push(await fn(startInfluxd, warmupMs, measureMs));
    } catch (e) {
      if (isAborted()) throw e;
      phases.push(skipped(name, (e as Error).message.split('\n')[0]));
    }
  }
  return { table: ingestTable(phases, warmupMs, measureMs), phases };
}

function ingestTable(phases: IngestPhase[], warmupMs: number, measureMs: number): BenchTable {
  const [sqlite, ours, base] = phases;
  const gen = new LineGenerator();
  const verdicts: Verdict[] = [];
  const rows = phases.map((p) => {
    let target = '–';
    let result: Verdict | string = '–';
    if (p === sqlite || p === ours) {
      const factor = p === sqlite ? TARGET_EMBEDDED_VS_DIRECT : TARGET_VS_DIRECT;
      const want = base.pointsPerSec * factor;
      target = `≥ ${dec(factor, 1)} × direct${Number.isFinite(want) ? ` (${int(want)})` : ''}`;
      result = p.skipped ? 'FAIL' : base.skipped ? 'skipped' : p.pointsPerSec >= want && p.errors === 0 ? 'PASS' : 'FAIL';
    } else {
      target = 'baseline';
    }
    if (result === 'PASS' || result === 'FAIL') verdicts.push(result);
    if (p.skipped) return [p.name, '–', '–', '–', '–', '–', '–', '–', '–', target, `${result}`];
    const ratio = p !== base && Number.isFinite(base.pointsPerSec) ? ` (${dec(p.pointsPerSec / base.pointsPerSec, 2)}×)` : '';
    return [
      p.name, `${int(p.pointsPerSec)}${ratio}`, int(p.fieldsPerSec), dec(p.p50Ms, 0), dec(p.p99Ms, 0),
      Number.isFinite(p.serverCpu) ? `${dec(p.serverCpu, 0)} %` : '–',
      Number.isFinite(p.influxdCpu) ? `${dec(p.influxdCpu, 0)} %` : '–',
      `${dec(p.generatorCpu, 0)} %`, int(p.errors), target, result,
    ];
  });
  const notes = [
    `${int(BATCH_LINES)}-line batches (${int(gen.seriesCount)} series, ${dec(gen.fieldsPerLine, 2)} fields/line, precision=ms) on ${CONNECTIONS} keep-alive connections, sent with a gateway token scoped to the 20 communities (Authorization: Token …); ${measureMs / 1000} s measured per phase after ${warmupMs / 1000} s warm-up.`,
    'points/s = lines accepted (HTTP 204) per second; latency = request round trip. CPU in % of one core (the machine has 2), over the measured window; server CPU includes the SQLite worker thread.',
    'influxd phases each use a fresh influxd (same binary and config, test/support/influxd.ts), so data and compactions of one phase do not slow the other.',
  ];
  const ran = phases.filter((p) => !p.skipped);
  if (ran.length) notes.push(interferenceNote(Math.max(...ran.map((p) => p.otherCpu)), `worst phase; per phase ${ran.map((p) => `${dec(p.otherCpu, 0)} %`).join(', ')}`));
  for (const p of phases) {
    if (p.skipped) notes.push(`${p.name}: skipped: ${p.skipped}`);
    else if (p.errors) notes.push(`${p.name}: ${p.errors} failed requests, first: ${p.firstError}`);
  }
  return {
    title: `ingest — POST /write throughput (${new Date().toISOString().slice(0, 10)})`,
    columns: ['phase', 'points/s', 'fields/s', 'p50 ms', 'p99 ms', 'server CPU', 'influxd CPU', 'load gen CPU', 'errors', 'target', 'result'],
    rows, notes, verdicts,
  };
}
