/**
 * city: one node carrying a city. The server as `npm start` runs it with 3,000 real communities
 * of the Chongqing tree simulated at 1× (test/bench/city-server.ts), then the city cockpit opened.
 *
 * 1. Server alone (the baseline, same run): samples accepted per second, CPU, resident memory,
 *    event-loop delay, ms per second spent in the roll-ups.
 * 2. The same with the city cockpit open in Chromium (1920×1080, production build, `?perf=1`):
 *    the ingest rate must hold (within 10 % of the baseline), the page must load in ≤ 3 s (from
 *    navigation to the city's figures and the map drawn) and cost ≤ 8 ms of main thread per update
 *    at p99 (the probe of client/app/perf-probe.ts: applying a batch, React, charts).
 * 3. Latency from a point accepted to the city figure that includes it: a marker car park's
 *    capacity is written through POST /write every 2 s; a Socket.IO client on the city's summary
 *    room sees the city's capacity move by exactly the marker's change. Measured in both phases.
 *
 * Environment: BENCH_CITY_COMMUNITIES (default 3,000), BENCH_SECONDS (phase length, default 60).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { build } from 'vite';
import type { Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { io, type Socket } from 'socket.io-client';
import type { SubscribeResult, SummaryFrame } from '../../streams/live-protocol.ts';
import type { BatchCost } from '../../client/app/perf-probe.ts';
import { signInPage, type TestSession } from '../support/session.ts';
import { signInAdmin, sessionWriteHeaders, socketAuth } from './support/bench-auth.ts';
import { REPO_ROOT, defer, spawnChild, startTracked, type Child } from './support/children.ts';
import { scaled, sleep } from './support/durations.ts';
import { CpuMeter, rssBytes } from './support/proc-stats.ts';
import { dec, int, mb, type BenchTable, type Verdict } from './support/table.ts';

const CITY = '500000';
const LOAD_TARGET_MS = 3000;
const UPDATE_TARGET_MS = 8;
const RATE_TOLERANCE = 0.10;
const MARKER_EVERY_MS = 2000;
/** The server's V8 heap bound, MB (`node --max-old-space-size`), as docs/deploy.md advises for a city. */
const HEAP_LIMIT_MB = 12_288;

interface ServerStats {
  seconds: number;
  samples: number;
  rollupMs: number;
  loopDelayP99Ms: number;
  memory: NodeJS.MemoryUsage;
}

interface PhaseFigures {
  samplesPerS: number;
  cpuPercent: number;
  rssMax: number;
  heapMax: number;
  rollupMsPerS: number;
  loopP99Ms: number;
  latencyMs: number[];
}

export interface CityResult {
  communities: number;
  startS: number;
  alone: PhaseFigures;
  open: PhaseFigures;
  pageLoadMs: number;
  updateMs: number[];
  longTasks: number;
  longestTaskMs: number;
  load: [number, number];
}

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

/** Writes a marker car park under the first community and times its arrival in the city's total. */
class CityMarker {
  private socket: Socket;
  private capacity = 0;
  private base: number | undefined;
  /** The change in flight: accepted (the 204) and seen in the city's total, whichever comes last timed. */
  private pending: { capacity: number; acceptedAt: number; seenAt: number } | undefined;
  private stopped = false;
  readonly latencies: number[] = [];
  failed = 0;
  lastError = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly url: string, private readonly admin: TestSession, private readonly community: string, private readonly neighbourhood: string) {
    this.socket = io(url, { transports: ['websocket'], forceNew: true, ...socketAuth(admin.cookie) });
    this.socket.on('summary', (f: SummaryFrame) => this.onSummary(f));
  }

  async start(): Promise<void> {
    await new Promise<void>((ok, fail) => {
      this.socket.timeout(10_000).emit('subscribe', { node: CITY, topics: ['summary'] }, (err: Error | null, res: SubscribeResult) => {
        if (err) fail(err);
        else if (!res.ok) fail(new Error(`bench: city subscription refused: ${res.error}`));
        else ok();
      });
    });
    await this.write(0);
    // The city's capacity without the marker (the simulator's car parks do not change size).
    for (let i = 0; i < 50 && this.base === undefined; i++) await sleep(100);
    if (this.base === undefined) throw new Error('bench: no city summary within 5 s');
    this.next();
  }

  private last = NaN;
  private onSummary(f: SummaryFrame): void {
    const v = f.values['parking.capacity']?.value;
    if (v === undefined) return;
    this.last = v;
    if (this.base === undefined && this.capacity === 0) this.base = v;
    const p = this.pending;
    if (p && Number.isNaN(p.seenAt) && v - (this.base ?? 0) === p.capacity) {
      p.seenAt = Date.now();
      this.settle();
    }
  }

  private settle(): void {
    const p = this.pending;
    if (!p || Number.isNaN(p.acceptedAt) || Number.isNaN(p.seenAt)) return;
    this.latencies.push(Math.max(0, p.seenAt - p.acceptedAt));
    this.pending = undefined;
  }

  private next(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // Only time a change whose previous one arrived; a lost one is re-sent with a new value.
      this.capacity = 1000 + ((this.capacity + 7919) % 100_000);
      // A failed write (the server busy past the fetch's patience) is counted, not fatal.
      void this.write(this.capacity).catch((e: Error) => { this.failed++; this.lastError = e.message; }).finally(() => this.next());
    }, MARKER_EVERY_MS);
  }

  private async write(capacity: number): Promise<void> {
    const line = `parking,community=${this.community},neighbourhood=${this.neighbourhood},lot=bench-marker,kind=resident occupied=0i,capacity=${capacity}i ${Date.now()}`;
    this.pending = { capacity, acceptedAt: NaN, seenAt: NaN };
    const res = await fetch(`${this.url}/write?precision=ms`, { method: 'POST', headers: { ...sessionWriteHeaders(this.admin), 'content-type': 'text/plain' }, body: line });
    if (res.status !== 204) throw new Error(`bench: marker write answered ${res.status}: ${await res.text()}`);
    this.pending.acceptedAt = Date.now();
    this.settle();
  }

  /** Latencies measured since the last call. */
  take(): number[] {
    return this.latencies.splice(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket.close();
    void this.last;
  }
}

async function measurePhase(server: Child, marker: CityMarker, ms: number): Promise<PhaseFigures> {
  const cpu = new CpuMeter(server.pid);
  await server.call<ServerStats>('stats');
  marker.take();
  cpu.start();
  const samples: ServerStats[] = [];
  let rssMax = 0;
  for (const end = Date.now() + ms; Date.now() < end;) {
    await sleep(Math.min(5000, end - Date.now()));
    samples.push(await server.call<ServerStats>('stats'));
    rssMax = Math.max(rssMax, rssBytes(server.pid));
  }
  const seconds = samples.reduce((a, s) => a + s.seconds, 0);
  return {
    samplesPerS: samples.reduce((a, s) => a + s.samples, 0) / seconds,
    cpuPercent: cpu.read().percent,
    rssMax,
    heapMax: Math.max(...samples.map((s) => s.memory.heapUsed)),
    rollupMsPerS: samples.reduce((a, s) => a + s.rollupMs, 0) / seconds,
    loopP99Ms: Math.max(...samples.map((s) => s.loopDelayP99Ms)),
    latencyMs: marker.take(),
  };
}

/** Navigation to the city's figures shown and its map drawn, ms. */
async function openCity(page: Page, url: string): Promise<number> {
  const t0 = Date.now();
  await page.goto(`${url}/?node=${CITY}&perf=1`, { waitUntil: "commit", timeout: 60_000 });
  try {
    // The map has drawn a node once it names it (city-map.tsx).
    await page.waitForFunction((city) => {
      const connected = document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-phase') === 'connected';
      const load = document.querySelector('[data-testid="value-energy.load_kw"]')?.textContent ?? '';
      return connected && /\d/.test(load) && document.querySelector('[data-testid="city-map"]')?.getAttribute('data-node') === city;
    }, CITY, { timeout: 60_000, polling: 20 });
  } catch (e) {
    const seen = await page.evaluate(() => ({
      connection: document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-phase') ?? 'none',
      load: document.querySelector('[data-testid="value-energy.load_kw"]')?.textContent ?? '',
      map: document.querySelector('[data-testid="city-map"]')?.getAttribute('data-node') ?? 'absent',
    })).catch(() => undefined);
    throw new Error(`bench: the city page was not ready within 60 s: ${JSON.stringify(seen)} (${(e as Error).message.split('\n')[0]})`);
  }
  return Date.now() - t0;
}

export async function runCity(log: (s: string) => void): Promise<{ table: BenchTable; result: CityResult }> {
  const communities = Number(process.env.BENCH_CITY_COMMUNITIES ?? 3000);
  if (!Number.isInteger(communities) || communities < 1 || communities > 10_000) throw new Error(`bench: BENCH_CITY_COMMUNITIES="${process.env.BENCH_CITY_COMMUNITIES}" is not a whole number from 1 to 10,000`);
  const phaseMs = scaled(60, 10_000);
  const clientDir = mkdtempSync(join(tmpdir(), 'bench-city-client-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-city-data-'));
  const removeDirs = defer(() => {
    rmSync(clientDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  log('city: building the client');
  await build({ root: join(REPO_ROOT, 'client'), configFile: join(REPO_ROOT, 'vite.config.ts'), build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' });
  log(`city: starting the server with ${int(communities)} simulated communities`);
  const server = await startTracked(() => spawnChild('city-server', 'city-server.ts', {
    // No history: the figures are of the live run. A city's millions of series need more than V8's default heap.
    env: { DATA_DIR: dataDir, CLIENT_DIR: clientDir, PORT: '0', SIM_COMMUNITIES: String(communities), SIM_BACKFILL_HOURS: '0', SIM_ACCELERATION: '1' },
    nodeArgs: [`--max-old-space-size=${HEAP_LIMIT_MB}`], ipc: true, readyTimeoutMs: 15 * 60_000,
  }), (c) => c.stop(15_000));
  let marker: CityMarker | undefined;
  const browser = await startTracked(() => launchChromium(), (b) => b.close());
  try {
    const url = String(server.value.hello.url);
    const startS = Number(server.value.hello.startMs) / 1000;
    log(`city: server ready in ${dec(startS, 1)} s`);
    const admin = await signInAdmin(url);
    const hierarchy = (await (await fetch(`${url}/api/hierarchy`, { headers: { cookie: admin.cookie } })).json()) as { nodes: { id: string; level: string; parent: string | null }[] };
    const neighbourhood = hierarchy.nodes.find((n) => n.level === 'neighbourhood' && n.parent);
    if (!neighbourhood) throw new Error('bench: the live tree has no neighbourhood');
    marker = new CityMarker(url, admin, neighbourhood.parent!, neighbourhood.id);
    await marker.start();
    await sleep(5000);

    log(`city: server alone for ${dec(phaseMs / 1000, 0)} s`);
    const loadBefore = loadavg()[0];
    const alone = await measurePhase(server.value, marker, phaseMs);

    const context = await browser.value.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const origin = new URL(url).origin;
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`city: page error: ${e.message}`));
    await signInPage(page, url, admin);
    // The first load also fills the HTTP cache; a wall is reloaded, so the second load is the figure.
    await openCity(page, url);
    const pageLoadMs = await openCity(page, url);
    log(`city: city page loaded in ${int(pageLoadMs)} ms`);
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
    });
    await sleep(3000);
    await page.evaluate(() => window.__cockpitPerf!.take());
    log(`city: city cockpit open for ${dec(phaseMs / 1000, 0)} s`);
    const open = await measurePhase(server.value, marker, phaseMs);
    const costs: BatchCost[] = await page.evaluate(() => window.__cockpitPerf!.take());
    const longTasks: number[] = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const result: CityResult = {
      communities, startS, alone, open, pageLoadMs,
      updateMs: costs.filter((c) => c.frames > 0).map((c) => c.applyMs + c.renderMs + c.chartMs),
      longTasks: longTasks.length, longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
      load: [loadBefore, loadavg()[0]],
    };
    return { table: cityTable(result), result };
  } finally {
    marker?.stop();
    await browser.dispose();
    await server.dispose();
    await removeDirs();
  }
}

export function cityTable(r: CityResult): BenchTable {
  const ms = (xs: number[], q: number) => dec(quantile(xs, q), 1);
  const rateHeld = r.open.samplesPerS >= r.alone.samplesPerS * (1 - RATE_TOLERANCE);
  const rateOk: Verdict = rateHeld ? 'PASS' : 'FAIL';
  const loadOk: Verdict = r.pageLoadMs <= LOAD_TARGET_MS ? 'PASS' : 'FAIL';
  const updateP99 = quantile(r.updateMs, 0.99);
  const updateOk: Verdict = updateP99 <= UPDATE_TARGET_MS ? 'PASS' : 'FAIL';
  const rows = [
    ['samples accepted per s: cockpit open (baseline: server alone)', `${int(r.open.samplesPerS)} (${int(r.alone.samplesPerS)})`, `within ${RATE_TOLERANCE * 100} % of the baseline`, rateOk],
    ['point accepted → city figure: median / p99 (alone)', `${ms(r.open.latencyMs, 0.5)} / ${ms(r.open.latencyMs, 0.99)} ms (${ms(r.alone.latencyMs, 0.5)} / ${ms(r.alone.latencyMs, 0.99)})`, 'summary pushed ≥ 1 Hz', '–'],
    ['  markers timed (alone)', `${int(r.open.latencyMs.length)} (${int(r.alone.latencyMs.length)})`, '', '–'],
    ['roll-up main thread per s (alone)', `${dec(r.open.rollupMsPerS, 1)} (${dec(r.alone.rollupMsPerS, 1)}) ms`, '', '–'],
    ['server CPU, % of one core (alone)', `${dec(r.open.cpuPercent, 0)} (${dec(r.alone.cpuPercent, 0)}) %`, '', '–'],
    ['server RSS, highest (alone)', `${mb(r.open.rssMax)} (${mb(r.alone.rssMax)}) MB`, '', '–'],
    ['server JS heap, highest (alone)', `${mb(r.open.heapMax)} (${mb(r.alone.heapMax)}) MB`, '', '–'],
    ['event-loop delay p99, worst 5 s (alone)', `${dec(r.open.loopP99Ms, 1)} (${dec(r.alone.loopP99Ms, 1)}) ms`, '', '–'],
    ['city page load: navigation → figures and map', `${int(r.pageLoadMs)} ms`, `≤ ${LOAD_TARGET_MS} ms`, loadOk],
    ['main thread per update: median / p99', `${ms(r.updateMs, 0.5)} / ${ms(r.updateMs, 0.99)} ms`, `p99 ≤ ${UPDATE_TARGET_MS} ms`, updateOk],
    ['  updates measured; long tasks (> 50 ms), longest', `${int(r.updateMs.length)}; ${int(r.longTasks)}, ${dec(r.longestTaskMs, 0)} ms`, '', '–'],
    ['server start: tree, simulated communities, assessments', `${dec(r.startS, 1)} s`, '', '–'],
  ];
  const notes = [
    `${int(r.communities)} real communities of the shipped Chongqing tree simulated at 1× by the server as \`npm start\` runs it (test/bench/city-server.ts), embedded store.`,
    'An update is what the page applies between two 4 Hz ticks (at city level: the summary frame, alert changes), with React and chart redraws; the map\'s own refreshes show as long tasks.',
    `Latency: a marker car park's capacity changed through POST /write every ${MARKER_EVERY_MS / 1000} s, timed from the 204 to the city's summary frame whose capacity moved by exactly that change.`,
    `Machine load average ${dec(r.load[0], 1)} → ${dec(r.load[1], 1)} on ${cpus().length} cores: the server, the simulator inside it, Chromium and its software GL share them.`,
  ];
  return { title: `city — ${int(r.communities)} communities on one node, the city cockpit open`, columns: ['metric', 'value', 'target', 'result'], rows, notes, verdicts: [rateOk, loadOk, updateOk] };
}

// `npx tsx test/bench/city.ts` runs this benchmark alone.
if (process.argv[1] && resolve(process.argv[1]) === resolve(REPO_ROOT, 'test/bench/city.ts')) {
  const { renderTable } = await import('./support/table.ts');
  const { table } = await runCity((s) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`));
  console.log(renderTable(table));
  process.exit(0);
}
