/**
 * cockpit: what the wall page costs in the browser, and what the indicator roll-up costs the server.
 *
 * 1. The cockpit (a production build, `?perf=1`) in headless Chromium at 3840×2160, watching the
 *    demo community while the built-in simulator plays its history accelerated (default 60×, so a
 *    minute of the run carries an hour of data). The page's probe (client/app/perf-probe.ts)
 *    measures per live batch (what arrives between two 4 Hz revision ticks) the main-thread ms of
 *    applying it to the store, React's render and the chart redraws. Baseline in the same run: the
 *    same batches replayed into a bare LiveStore (the store alone, no rendering).
 * 2. JS heap (after a forced GC) at 1/6 of the run (minute 5 of a 30-minute run) and at the end.
 *    Target: the end within 10 % of that reference. Baseline: an empty page's heap.
 * 3. `GET /api/indicators/progress?node=cq` over 100 communities whose 110 items each were
 *    assessed through the records database. Baseline: the same endpoint for one community.
 *
 * 4. The page's main thread busy per second over the measured window, all tasks (CDP
 *    Performance.getMetrics TaskDuration): what the per-batch figures add up to, including the work
 *    no probe attributes to a batch (rasterising, layout, style, garbage collection, timers).
 *
 * Environment: BENCH_COCKPIT_MINUTES (default 3; 30 for the full run of docs/performance.md),
 * BENCH_COCKPIT_ACCELERATION (simulated seconds per second, default 60) and
 * BENCH_COCKPIT_PROFILE=<file.cpuprofile> (a V8 CPU profile of the page over the first minute after
 * warm-up, for `test/bench/profile-top.ts`; the client is then built without minifying).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { build } from 'vite';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { configFromEnv } from '../../server/config.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { AssessmentStore } from '../../server/indicators/assessment-store.ts';
import { ASSESSMENT_STATUSES } from '../../streams/indicators/assessment.ts';
import { ITEMS } from '../../streams/indicators/catalogue.ts';
import type { HierarchyNode } from '../../streams/hierarchy.ts';
import { rngFor } from '../../streams/simulator/random.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signInPage } from '../support/session.ts';
import { BENCH_ADMIN_PASSWORD, signInAdmin } from './support/bench-auth.ts';
import { startSimulatedApp } from './support/simulated-app.ts';
import { REPO_ROOT, defer, startTracked } from './support/children.ts';
import { sleep } from './support/durations.ts';
import { dec, int, mb, type BenchTable, type Verdict } from './support/table.ts';
import type { BatchCost, ChartDraws } from '../../client/app/perf-probe.ts';

const TOLERANCE = 0.10;
const TICK_MS = 250;
/** A batch's main-thread work fits one 60 Hz frame (issue 14: the frame budget on the wall). */
const FRAME_BUDGET_MS = 16;
const COMMUNITIES = 100;
const ROLLUP_REQUESTS = 60;

function envNumber(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`bench: ${name}="${raw}" is not a number from ${min} to ${max}`);
  return v;
}

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

export interface CockpitResult {
  minutes: number;
  acceleration: number;
  batches: number;
  framesPerBatch: number;
  samplesPerBatch: number;
  cockpitMs: number[];
  applyMs: number[];
  renderMs: number[];
  chartMs: number[];
  storeAloneMs: number[];
  heapRefAtS: number;
  heapRef: number;
  heapEnd: number;
  heapMax: number;
  heapEmpty: number;
  heapSeries: [number, number][];
  /** Each chart's draws over the measured window. */
  chartDraws: ChartDraws[];
  /** Length of the measured window, s. */
  measuredS: number;
  /** The three costliest batches, to tell what a high p99 is made of. */
  worst: BatchCost[];
  rollupMs: number[];
  oneCommunityMs: number[];
  assessments: number;
  /** Main-thread busy ms per second of the measured window: every task, script alone, layout and style. */
  busyMsPerS: { task: number; script: number; layout: number };
  /** 1-minute load average of the machine at the start and the end of the browser phase. */
  load: [number, number];
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** Cumulative main-thread seconds of the page (CDP Performance domain, enabled). */
async function mainThreadBusy(cdp: CDPSession): Promise<{ timestamp: number; task: number; script: number; layout: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
  return { timestamp: m('Timestamp'), task: m('TaskDuration'), script: m('ScriptDuration'), layout: m('LayoutDuration') + m('RecalcStyleDuration') };
}

async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--enable-precise-memory-info'],
  });
}

async function cockpitPhase(log: (s: string) => void, minutes: number, acceleration: number, r: Partial<CockpitResult>): Promise<void> {
  const clientDir = mkdtempSync(join(tmpdir(), 'bench-cockpit-client-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-cockpit-data-'));
  const removeDirs = defer(() => {
    rmSync(clientDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });
  log('cockpit: building the client');
  // A profiled run keeps the functions' names (not minified), so the profile can be read.
  const minify = !process.env.BENCH_COCKPIT_PROFILE;
  await build({ root: join(REPO_ROOT, 'client'), configFile: join(REPO_ROOT, 'vite.config.ts'), build: { outDir: clientDir, emptyOutDir: true, minify }, logLevel: 'warn' });

  // History enough to stay accelerated for the whole run (the simulator slows to real time at the present).
  const backfillHours = Math.ceil((minutes * acceleration) / 60) + 1;
  const config = configFromEnv({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIR: clientDir, ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
    SIM_ACCELERATION: String(acceleration), SIM_BACKFILL_HOURS: String(backfillHours),
  });
  // As `npm start` runs it: the shipped sites tree, SIM_COMMUNITIES (default 1: the demo community) simulated.
  const server = await startTracked(() => startSimulatedApp(config), (s) => s.app.close());
  const app = { value: server.value.app, dispose: server.dispose };
  const { communities } = server.value;
  const sim = await startTracked(() => startSimulation(app.value, config, communities), (s) => s.stop());
  const browser = await startTracked(launch, (b) => b.close());
  try {
    // Baseline heap: an empty page in the same browser.
    const blank = await browser.value.newPage();
    r.heapEmpty = await heapUsed(await blank.context().newCDPSession(blank));
    await blank.close();

    const page: Page = await browser.value.newPage({ viewport: { width: 3840, height: 2160 } });
    page.on('pageerror', (e) => log(`cockpit: page error: ${e.message}`));
    await signInPage(page, app.value.url, await signInAdmin(app.value.url));
    const cdp = await page.context().newCDPSession(page);
    const started = Date.now();
    await page.goto(`${app.value.url}/?node=${communities[0].id}&perf=1`);
    await page.waitForFunction(() => document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-phase') === 'connected', undefined, { timeout: 30_000 });

    const durationMs = minutes * 60_000;
    const warmupMs = Math.min(20_000, durationMs / 10);
    const baselineBatches = Math.round(Math.min(120, durationMs / 6 / TICK_MS));
    await sleep(warmupMs);
    await page.evaluate(() => window.__cockpitPerf!.take());
    await page.evaluate(() => window.__cockpitPerf!.takeChartDraws());
    const measuredFrom = Date.now();
    await page.evaluate((n) => window.__cockpitPerf!.record(n), baselineBatches);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const busy0 = await mainThreadBusy(cdp);
    const profileTo = process.env.BENCH_COCKPIT_PROFILE;
    let profileUntil = Infinity;
    if (profileTo) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
      profileUntil = Date.now() + Math.min(60_000, durationMs / 2);
    }
    log(`cockpit: ${minutes} min at ${acceleration}×, recording ${baselineBatches} batches for the store-alone baseline`);

    const costs: BatchCost[] = [];
    const heapSeries: [number, number][] = [];
    let replayed = false;
    const heapRefAt = Math.max(durationMs / 6, warmupMs + baselineBatches * TICK_MS * 1.5);
    let heapRef = NaN;
    const sampleEveryMs = Math.max(10_000, durationMs / 30);
    let nextSample = 0;
    for (;;) {
      await sleep(2000);
      const elapsed = Date.now() - started;
      costs.push(...(await page.evaluate(() => window.__cockpitPerf!.take())));
      if (!replayed && (await page.evaluate(() => window.__cockpitPerf!.recordedBatches())) >= baselineBatches) {
        r.storeAloneMs = await page.evaluate(() => window.__cockpitPerf!.replayStoreAlone());
        replayed = true;
      }
      if (replayed && Number.isNaN(heapRef) && elapsed >= heapRefAt) {
        heapRef = await heapUsed(cdp);
        r.heapRefAtS = elapsed / 1000;
        heapSeries.push([elapsed / 1000, heapRef]);
        log(`cockpit: heap at ${dec(elapsed / 60_000, 1)} min: ${mb(heapRef)} MB`);
      } else if (elapsed >= nextSample) {
        heapSeries.push([elapsed / 1000, await heapUsed(cdp)]);
        nextSample = elapsed + sampleEveryMs;
      }
      if (Date.now() >= profileUntil) {
        const { profile } = await cdp.send('Profiler.stop');
        writeFileSync(profileTo!, JSON.stringify(profile));
        log(`cockpit: CPU profile of the page written to ${profileTo}`);
        profileUntil = Infinity;
      }
      if (elapsed >= durationMs) break;
    }
    const busy1 = await mainThreadBusy(cdp);
    r.measuredS = (Date.now() - measuredFrom) / 1000;
    r.chartDraws = (await page.evaluate(() => window.__cockpitPerf!.takeChartDraws())).sort((a, b) => a.chart.localeCompare(b.chart));
    const busyS = busy1.timestamp - busy0.timestamp;
    r.busyMsPerS = {
      task: ((busy1.task - busy0.task) / busyS) * 1000,
      script: ((busy1.script - busy0.script) / busyS) * 1000,
      layout: ((busy1.layout - busy0.layout) / busyS) * 1000,
    };
    r.heapEnd = await heapUsed(cdp);
    heapSeries.push([(Date.now() - started) / 1000, r.heapEnd]);
    r.heapRef = heapRef;
    r.heapSeries = heapSeries;
    r.heapMax = Math.max(...heapSeries.map((h) => h[1]));
    r.batches = costs.length;
    r.worst = [...costs].sort((a, b) => (b.applyMs + b.renderMs + b.chartMs) - (a.applyMs + a.renderMs + a.chartMs)).slice(0, 3);
    r.cockpitMs = costs.map((c) => c.applyMs + c.renderMs + c.chartMs);
    r.applyMs = costs.map((c) => c.applyMs);
    r.renderMs = costs.map((c) => c.renderMs);
    r.chartMs = costs.map((c) => c.chartMs);
    r.framesPerBatch = costs.reduce((a, c) => a + c.frames, 0) / Math.max(1, costs.length);
    r.samplesPerBatch = costs.reduce((a, c) => a + c.samples, 0) / Math.max(1, costs.length);
    log(`cockpit: ${costs.length} batches, heap ${mb(heapRef)} → ${mb(r.heapEnd)} MB`);
  } finally {
    await browser.dispose();
    await sim.dispose();
    await app.dispose();
    await removeDirs();
  }
}

/** city → district → 5 streets → 100 communities (one neighbourhood each). */
function rollupHierarchy(): HierarchyNode[] {
  const nodes: HierarchyNode[] = [
    { id: 'cq', level: 'city', name: { zh: '重庆市', en: 'Chongqing' }, parent: null },
    { id: 'd-1', level: 'district', name: { zh: '渝中区', en: 'Yuzhong' }, parent: 'cq' },
  ];
  for (let s = 1; s <= 5; s++) nodes.push({ id: `s-${s}`, level: 'street', name: { zh: `街道${s}`, en: `Street ${s}` }, parent: 'd-1' });
  for (let c = 1; c <= COMMUNITIES; c++) {
    const id = `c-${String(c).padStart(3, '0')}`;
    nodes.push({ id, level: 'community', name: { zh: `社区${c}`, en: `Community ${c}` }, parent: `s-${1 + ((c - 1) % 5)}` });
    nodes.push({ id: `n-${id}`, level: 'neighbourhood', name: { zh: `小区${c}`, en: `N ${c}` }, parent: id });
  }
  return nodes;
}

async function timeGets(app: TestApp, path: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await app.fetch(path);
    if (res.status !== 200) throw new Error(`bench: GET ${path} answered ${res.status}`);
    await res.json();
    out.push(performance.now() - t0);
  }
  return out;
}

async function rollupPhase(log: (s: string) => void, r: Partial<CockpitResult>): Promise<void> {
  const app = await startTracked(() => startTestApp({ hierarchy: rollupHierarchy() }), (a) => a.stop());
  try {
    // Every item of every community assessed once, a fifth of them twice (history kept), statuses seeded.
    const store = new AssessmentStore(app.value.records);
    const rng = rngFor(20240701, 'bench-rollup');
    let n = 0;
    const t0 = performance.now();
    for (let c = 1; c <= COMMUNITIES; c++) {
      const community = `c-${String(c).padStart(3, '0')}`;
      for (const item of ITEMS) {
        const pick = () => ASSESSMENT_STATUSES[rng.int(ASSESSMENT_STATUSES.length)];
        let rev = store.apply(community, item.id, { status: pick(), operator: '评估员', expectedRevision: 0, evidence: { note: '', links: [], attachments: [] } }).revision;
        n++;
        if (rng.next() < 0.2) {
          rev = store.apply(community, item.id, { status: pick(), operator: '复核员', expectedRevision: rev, evidence: { note: '复核', links: [], attachments: [] } }).revision;
          n++;
        }
      }
    }
    r.assessments = n;
    log(`cockpit: ${n} assessment revisions for ${COMMUNITIES} communities stored in ${dec((performance.now() - t0) / 1000, 1)} s`);
    await timeGets(app.value, '/api/indicators/progress?node=cq', 5);
    r.rollupMs = await timeGets(app.value, '/api/indicators/progress?node=cq', ROLLUP_REQUESTS);
    r.oneCommunityMs = await timeGets(app.value, '/api/indicators/progress?node=c-001', ROLLUP_REQUESTS);
  } finally {
    await app.dispose();
  }
}

export async function runCockpit(log: (s: string) => void): Promise<{ table: BenchTable; result: CockpitResult }> {
  const minutes = envNumber('BENCH_COCKPIT_MINUTES', 3, 1, 24 * 60);
  const acceleration = envNumber('BENCH_COCKPIT_ACCELERATION', 60, 1, 3600);
  const r: Partial<CockpitResult> = { minutes, acceleration };
  const loadBefore = loadavg()[0];
  await cockpitPhase(log, minutes, acceleration, r);
  r.load = [loadBefore, loadavg()[0]];
  await rollupPhase(log, r);
  const result = r as CockpitResult;
  return { table: cockpitTable(result), result };
}

export function cockpitTable(r: CockpitResult): BenchTable {
  const ms = (xs: number[], q: number) => dec(quantile(xs, q), 2);
  const heapGrowth = r.heapEnd / r.heapRef - 1;
  const heapOk: Verdict = Math.abs(heapGrowth) <= TOLERANCE ? 'PASS' : 'FAIL';
  const p99 = quantile(r.cockpitMs, 0.99);
  const budgetOk: Verdict = p99 <= FRAME_BUDGET_MS ? 'PASS' : 'FAIL';
  const rows = [
    ['cockpit per live batch: median / p99', `${ms(r.cockpitMs, 0.5)} / ${ms(r.cockpitMs, 0.99)} ms`, `p99 ≤ ${FRAME_BUDGET_MS} ms (one frame)`, budgetOk],
    ['  apply to store', `${ms(r.applyMs, 0.5)} / ${ms(r.applyMs, 0.99)} ms`, '', '–'],
    ['  React render + commit', `${ms(r.renderMs, 0.5)} / ${ms(r.renderMs, 0.99)} ms`, '', '–'],
    ['  chart redraws', `${ms(r.chartMs, 0.5)} / ${ms(r.chartMs, 0.99)} ms`, '', '–'],
    ...r.chartDraws.map((d) => [
      `    ${d.chart}: draws per min, median / p99 / max`,
      `${dec(d.draws / (r.measuredS / 60), 1)}, ${ms(d.ms, 0.5)} / ${ms(d.ms, 0.99)} / ${dec(Math.max(...d.ms), 1)} ms`, '', '–',
    ]),
    ['baseline: same batches, store alone', `${ms(r.storeAloneMs, 0.5)} / ${ms(r.storeAloneMs, 0.99)} ms`, '', '–'],
    ['costliest batch: apply + render + charts', r.worst.length ? `${dec(r.worst[0].applyMs, 1)} + ${dec(r.worst[0].renderMs, 1)} + ${dec(r.worst[0].chartMs, 1)} ms` : '–', '', '–'],
    ['main thread busy, all tasks (script; layout + style)', `${int(r.busyMsPerS.task)} (${int(r.busyMsPerS.script)}; ${int(r.busyMsPerS.layout)}) ms/s`, 'report', '–'],
    ['batches measured (frames, samples each)', `${int(r.batches)} (${dec(r.framesPerBatch, 1)}, ${int(r.samplesPerBatch)})`, '', '–'],
    [`JS heap at ${dec(r.heapRefAtS / 60, 1)} min → end (${r.minutes} min)`, `${dec(r.heapRef / 1048576, 1)} → ${dec(r.heapEnd / 1048576, 1)} MB (${heapGrowth >= 0 ? '+' : ''}${dec(heapGrowth * 100, 1)} %)`, `within ±${TOLERANCE * 100} %`, heapOk],
    ['  highest sample', `${dec(r.heapMax / 1048576, 1)} MB`, '', '–'],
    ['baseline: empty page heap', `${dec(r.heapEmpty / 1048576, 1)} MB`, '', '–'],
    [`progress?node=cq, ${COMMUNITIES} communities: median / p99`, `${ms(r.rollupMs, 0.5)} / ${ms(r.rollupMs, 0.99)} ms`, '', '–'],
    ['baseline: progress of one community', `${ms(r.oneCommunityMs, 0.5)} / ${ms(r.oneCommunityMs, 0.99)} ms`, '', '–'],
  ];
  const notes = [
    `Chromium headless at 3840×2160 (software GL), production build, demo community (鹅岭社区) simulated at ${r.acceleration}× (BENCH_COCKPIT_ACCELERATION); a batch is what arrives between two 4 Hz ticks.`,
    `Heap after a forced GC (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage); reference at 1/6 of the run (minute 5 of a 30-minute run: BENCH_COCKPIT_MINUTES=30).`,
    `Machine load average ${dec(r.load[0], 1)} → ${dec(r.load[1], 1)} on ${cpus().length} cores during the browser phase: the page, the GPU process (software rendering of a 4K frame), the server and the simulator share them; above the core count, main-thread figures include waiting for a core.`,
    `Roll-up: ${int(r.assessments)} assessment revisions (every item of every community, a fifth revised twice), ${ROLLUP_REQUESTS} sequential requests, server in this process.`,
  ];
  return { title: `cockpit — main-thread cost per live batch, heap over ${r.minutes} min, indicator roll-up`, columns: ['metric', 'value', 'target', 'result'], rows, notes, verdicts: [budgetOk, heapOk] };
}

// `npx tsx test/bench/cockpit.ts` runs this benchmark alone.
if (process.argv[1] && resolve(process.argv[1]) === resolve(REPO_ROOT, 'test/bench/cockpit.ts')) {
  const { renderTable } = await import('./support/table.ts');
  const { table } = await runCockpit((s) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`));
  console.log(renderTable(table));
}
