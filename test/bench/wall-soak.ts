/**
 * wall-soak: a wall screen left running, measured — JS heap, DOM nodes, event listeners, WebGL
 * objects and timers flat after warm-up, and no watchdog reload (issue 14, item 4).
 *
 * The server as `npm start` runs it, in this process: the shipped sites tree, the demo community
 * (鹅岭社区) with its generated twin, the simulator accelerated (default 60×: a minute of the run
 * carries an hour of data, so a 2-hour run passes five simulated days). A display profile turns a
 * carousel of four views, 30 s each: the community with the energy panel featured, a neighbourhood
 * with scene 3, the street's map and the city's map. The production client build opens it at
 * `/display/<id>#token=…` in headless Chromium at 1920×1080 (BENCH_WALL_SIZE=3840x2160 for 4K).
 * Alerts come and go: the simulator's own, and every 3 minutes the bench raises two through
 * /write (a smoke alarm, a household emergency button) and resolves every open alert of the community through
 * /api/alerts (acknowledge, then resolve), as a duty officer would.
 *
 * Sampled about once a minute, 10 s after the carousel turns to the community or the street view
 * (so like is compared with like), after a forced GC (CDP HeapProfiler.collectGarbage):
 * JSHeapUsedSize, Nodes and JSEventListeners of CDP Performance.getMetrics; live WebGL objects
 * (buffers, textures, framebuffers, renderbuffers, programs, shaders, vertex arrays, queries,
 * samplers) and live contexts, counted by an init script that wraps the contexts' create…/delete…
 * methods (a context garbage-collected or lost no longer counts); live timers (setTimeout not yet
 * fired, setInterval not cleared; requestAnimationFrame callbacks pending, a moment's count, are
 * reported apart), counted by the same script.
 * Watchdog reloads: the page's `load` events after the first, and `reloads` of /api/admin/displays.
 *
 * Target: each metric at the end within ±10 % of its value at the end of warm-up (minute 10, or
 * 1/6 of a shorter run), in the same view; no reload.
 *
 * Environment: BENCH_WALL_MINUTES (default 120; 10 for a smoke run), BENCH_WALL_ACCELERATION
 * (simulated seconds per second, default 60), BENCH_WALL_SIZE (default 1920x1080) and
 * BENCH_WALL_SNAPSHOTS=<dir> (heap snapshots of the page in the street map view at the end of
 * warm-up and at the latest sample, `wall-warm.heapsnapshot` and `wall-last.heapsnapshot`, for
 * `npx tsx test/bench/heap-diff.ts <dir>/wall-warm.heapsnapshot <dir>/wall-last.heapsnapshot`).
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { configFromEnv } from '../../server/config.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { generateDemoTwin } from '../../twin-models/demo/generate-demo-twin.ts';
import { withSession, type TestSession } from '../support/session.ts';
import { CHROMIUM_ARGS } from '../support/chromium.ts';
import { BENCH_ADMIN_PASSWORD, signInAdmin } from './support/bench-auth.ts';
import { startSimulatedApp } from './support/simulated-app.ts';
import { REPO_ROOT, checkAborted, defer, startTracked } from './support/children.ts';
import { sleep } from './support/durations.ts';
import { dec, int, type BenchTable, type Verdict } from './support/table.ts';

const TOLERANCE = 0.10;
const VIEW_S = 30;
const ALERT_EVERY_MS = 3 * 60_000;
/** Seconds after a carousel turn before sampling: the view has drawn and settled. */
const SETTLE_S = 10;
/** Steps sampled: the community view and the street map, alternately about once a minute. */
const SAMPLED_STEPS = ['0', '2'];
const STEP_NAMES: Record<string, string> = { 0: 'community + energy panel', 1: 'neighbourhood + scene 3', 2: 'street map', 3: 'city map' };

function envNumber(name: string, def: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`bench: ${name}="${raw}" is not a number from ${min} to ${max}`);
  return v;
}

function envSize(): { width: number; height: number } {
  const raw = process.env.BENCH_WALL_SIZE ?? '1920x1080';
  const m = /^(\d{3,5})x(\d{3,5})$/.exec(raw);
  if (!m) throw new Error(`bench: BENCH_WALL_SIZE="${raw}" is not <width>x<height>, e.g. 3840x2160`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

/**
 * In the page, before its own scripts: counts of live timers and WebGL objects (`window.__wallSoak`).
 * WebGL objects are counted per context; a context that was garbage-collected or lost counts no more
 * (its objects went with it).
 */
const COUNTERS = `(() => {
  const timeouts = new Set(), intervals = new Set(), frames = new Set();
  const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
  const raf = window.requestAnimationFrame, caf = window.cancelAnimationFrame;
  window.setTimeout = function (fn, ms, ...args) {
    if (typeof fn !== 'function') return st.call(window, fn, ms, ...args);
    const id = st.call(window, (...a) => { timeouts.delete(id); fn(...a); }, ms, ...args);
    timeouts.add(id);
    return id;
  };
  window.setInterval = function (fn, ms, ...args) { const id = si.call(window, fn, ms, ...args); intervals.add(id); return id; };
  // The browser lets either clear function clear either kind.
  window.clearTimeout = function (id) { timeouts.delete(id); intervals.delete(id); return ct.call(window, id); };
  window.clearInterval = function (id) { timeouts.delete(id); intervals.delete(id); return ci.call(window, id); };
  window.requestAnimationFrame = function (fn) { const id = raf.call(window, (t) => { frames.delete(id); fn(t); }); frames.add(id); return id; };
  window.cancelAnimationFrame = function (id) { frames.delete(id); return caf.call(window, id); };

  const KINDS = ['Buffer', 'Texture', 'Framebuffer', 'Renderbuffer', 'Program', 'Shader', 'VertexArray', 'Query', 'Sampler', 'TransformFeedback'];
  const contexts = [];
  const countsOf = new WeakMap();
  const tracked = new WeakSet();
  const counts = (gl) => {
    let c = countsOf.get(gl);
    if (!c) { c = {}; for (const k of KINDS) c[k] = 0; countsOf.set(gl, c); contexts.push({ ref: new WeakRef(gl), counts: c }); }
    return c;
  };
  for (const proto of [window.WebGLRenderingContext?.prototype, window.WebGL2RenderingContext?.prototype]) {
    if (!proto) continue;
    for (const kind of KINDS) {
      for (const [create, del] of [['create' + kind, 'delete' + kind], ['create' + kind + 'OES', 'delete' + kind + 'OES']]) {
        const c0 = proto[create], d0 = proto[del];
        if (typeof c0 !== 'function' || typeof d0 !== 'function') continue;
        proto[create] = function (...a) {
          const o = c0.apply(this, a);
          if (o && !tracked.has(o)) { tracked.add(o); counts(this)[kind]++; }
          return o;
        };
        proto[del] = function (o, ...a) {
          if (o && tracked.has(o)) { tracked.delete(o); counts(this)[kind]--; }
          return d0.call(this, o, ...a);
        };
      }
    }
  }
  window.__wallSoak = {
    timers: () => ({ timeouts: timeouts.size, intervals: intervals.size, frames: frames.size }),
    webgl: () => {
      const sum = { contexts: 0 };
      for (const k of KINDS) sum[k] = 0;
      for (let i = contexts.length - 1; i >= 0; i--) {
        const gl = contexts[i].ref.deref();
        if (!gl) { contexts.splice(i, 1); continue; }
        if (gl.isContextLost()) continue;
        sum.contexts++;
        for (const k of KINDS) sum[k] += contexts[i].counts[k];
      }
      return sum;
    },
  };
})()`;

interface Sample {
  /** Minutes since the wall was opened. */
  min: number;
  step: string;
  heapMb: number;
  nodes: number;
  listeners: number;
  webgl: number;
  contexts: number;
  /** setTimeout not yet fired plus setInterval not cleared. */
  timers: number;
  /** requestAnimationFrame callbacks pending: a moment's count (a flight, a chart's animation), reported only. */
  frames: number;
  /** This process's RSS (server and simulator), MB. */
  serverRssMb: number;
  alertsOpen: number;
}

type MetricKey = 'heapMb' | 'nodes' | 'listeners' | 'webgl' | 'timers';
const METRICS: { key: MetricKey; label: string; digits: number }[] = [
  { key: 'heapMb', label: 'JS heap used after GC, MB', digits: 1 },
  { key: 'nodes', label: 'DOM nodes', digits: 0 },
  { key: 'listeners', label: 'JS event listeners', digits: 0 },
  { key: 'webgl', label: 'live WebGL objects', digits: 0 },
  { key: 'timers', label: 'live timers (timeouts + intervals)', digits: 0 },
];

export interface WallSoakResult {
  minutes: number;
  acceleration: number;
  size: { width: number; height: number };
  warmupMin: number;
  samples: Sample[];
  /** Page loads after the first (watchdog reloads), and `reloads` as the admin list tells. */
  pageReloads: number;
  listedReloads: number;
  lastReloadReason: string | null;
  alertsRaised: number;
  alertsResolved: number;
  pageErrors: string[];
  webglKinds: Record<string, number>;
  load: [number, number];
}

async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** A heap snapshot of the page written to `file` (for test/bench/heap-diff.ts). */
async function heapSnapshot(cdp: CDPSession, file: string): Promise<void> {
  const out = createWriteStream(file);
  const onChunk = ({ chunk }: { chunk: string }) => { out.write(chunk); };
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await new Promise<void>((done) => out.end(done));
  }
}

export async function runWallSoak(log: (s: string) => void): Promise<{ table: BenchTable; result: WallSoakResult }> {
  const minutes = envNumber('BENCH_WALL_MINUTES', 120, 2, 7 * 24 * 60);
  const acceleration = envNumber('BENCH_WALL_ACCELERATION', 60, 1, 3600);
  const size = envSize();
  const snapshotDir = process.env.BENCH_WALL_SNAPSHOTS;
  const warmupMin = Math.max(1, Math.min(10, Math.round(minutes / 6)));
  const r: WallSoakResult = {
    minutes, acceleration, size, warmupMin, samples: [], pageReloads: 0, listedReloads: 0, lastReloadReason: null,
    alertsRaised: 0, alertsResolved: 0, pageErrors: [], webglKinds: {}, load: [loadavg()[0], NaN],
  };

  const tmp = mkdtempSync(join(tmpdir(), 'bench-wall-soak-'));
  const removeTmp = defer(() => rmSync(tmp, { recursive: true, force: true }));
  try {
    const clientDir = join(tmp, 'client');
    const twinsDir = join(tmp, 'twins');
    log('wall-soak: building the client and the demo twin');
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await Promise.all([
        build({ root: join(REPO_ROOT, 'client'), configFile: join(REPO_ROOT, 'vite.config.ts'), mode: 'production', build: { outDir: clientDir, emptyOutDir: true }, logLevel: 'warn' }),
        generateDemoTwin({ outDir: join(twinsDir, 'c-eling') }),
      ]);
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    // History enough to stay accelerated for the whole run (the simulator slows to real time at the present).
    const backfillHours = Math.ceil((minutes * acceleration) / 60) + 1;
    const config = configFromEnv({
      PORT: '0', HOST: '127.0.0.1', DATA_DIR: join(tmp, 'data'), CLIENT_DIR: clientDir, TWINS_DIR: twinsDir, ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      SIM_ACCELERATION: String(acceleration), SIM_BACKFILL_HOURS: String(backfillHours),
    });
    const server = await startTracked(() => startSimulatedApp(config), (s) => s.app.close());
    const app = server.value.app;
    const c = server.value.communities[0];
    const sim = await startTracked(() => startSimulation(app, config, server.value.communities), (s) => s.stop());
    const browser = await startTracked(launch, (b) => b.close());
    try {
      const admin = await signInAdmin(app.url);
      const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
        const res = await fetch(`${app.url}${path}`, withSession(admin, { ...init, headers: { 'content-type': 'application/json', ...init.headers } }));
        const text = await res.text();
        return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
      };
      const secret = await displayProfile(api, c.id, c.neighbourhoods[0].id, c.street.id, '500000');

      const page: Page = await browser.value.newPage({ viewport: size, locale: 'zh-CN' });
      const origin = new URL(app.url).origin;
      // No request may leave the machine.
      await page.route('**/*', (route) => (new URL(route.request().url()).origin === origin || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
      await page.addInitScript(COUNTERS);
      page.on('pageerror', (e) => { if (r.pageErrors.length < 20) r.pageErrors.push(e.message); log(`wall-soak: page error: ${e.message}`); });
      let loads = 0;
      page.on('load', () => { loads++; if (loads > 1) log(`wall-soak: the page reloaded (${loads - 1})`); });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const started = Date.now();
      await page.goto(`${app.url}/display/soak#token=${encodeURIComponent(secret)}`);
      await page.waitForSelector('[data-testid="wall-status"]', { timeout: 60_000 });
      log(`wall-soak: ${minutes} min at ${acceleration}× on ${size.width}×${size.height}, warm-up ${warmupMin} min`);

      const step = () => page.evaluate(() => document.querySelector('[data-testid="wall-status"]')?.getAttribute('data-step') ?? null).catch(() => null);
      let nextAlerts = started + ALERT_EVERY_MS / 2;
      let alertSeq = 0;
      const endAt = started + minutes * 60_000;
      let lastSampleAt = 0;
      let prevStep = await step();
      while (Date.now() < endAt) {
        checkAborted();
        await sleep(1000);
        if (Date.now() >= nextAlerts) {
          nextAlerts += ALERT_EVERY_MS;
          r.alertsResolved += await resolveOpen(api, c.id);
          r.alertsRaised += await raiseAlerts(api, log, c.id, c.neighbourhoods.map((n) => n.id), alertSeq++);
        }
        const s = await step();
        const turned = s !== prevStep;
        prevStep = s;
        // Sample 10 s into a sampled view, at most once a ~minute.
        if (!turned || s === null || !SAMPLED_STEPS.includes(s) || Date.now() - lastSampleAt < 40_000) continue;
        await sleep(SETTLE_S * 1000);
        lastSampleAt = Date.now();
        const m = await metrics(cdp);
        const probe = await page.evaluate(() => {
          const w = window as unknown as { __wallSoak?: { timers(): Record<string, number>; webgl(): Record<string, number> } };
          return w.__wallSoak ? { timers: w.__wallSoak.timers(), webgl: w.__wallSoak.webgl() } : null;
        });
        if (!probe) { log('wall-soak: the page has no counters (reloading?)'); continue; }
        const open = await api<{ total: number }>(`/api/alerts?node=${c.id}&state=raised,acknowledged,dispatched&limit=1`);
        const { contexts, ...objects } = probe.webgl;
        r.webglKinds = objects;
        const sample: Sample = {
          min: (lastSampleAt - started) / 60_000, step: s,
          heapMb: m.JSHeapUsedSize / 1048576, nodes: m.Nodes, listeners: m.JSEventListeners,
          webgl: Object.values(objects).reduce((a, b) => a + b, 0), contexts,
          timers: probe.timers.timeouts + probe.timers.intervals, frames: probe.timers.frames,
          serverRssMb: process.memoryUsage().rss / 1048576, alertsOpen: open.body.total,
        };
        r.samples.push(sample);
        // The street map's samples after warm-up: the first kept, the latest overwriting the last.
        if (snapshotDir && s === '2' && sample.min >= warmupMin) {
          const name = r.samples.some((x) => x !== sample && x.step === '2' && x.min >= warmupMin) ? 'last' : 'warm';
          await heapSnapshot(cdp, join(snapshotDir, `wall-${name}.heapsnapshot`));
        }
        log(`wall-soak: ${dec(sample.min, 1)} min, step ${s}: heap ${dec(sample.heapMb, 1)} MB, ${sample.nodes} nodes, ${sample.listeners} listeners, ${sample.webgl} WebGL objects in ${contexts} contexts, timers ${probe.timers.timeouts}+${probe.timers.intervals}+${probe.timers.frames}, ${sample.alertsOpen} alerts open, server RSS ${dec(sample.serverRssMb, 0)} MB`);
      }
      r.pageReloads = Math.max(0, loads - 1);
      const listed = await api<{ displays: { profile: { id: string }; reloads: number; lastReloadReason: string | null }[] }>('/api/admin/displays');
      const me = listed.body.displays.find((d) => d.profile.id === 'soak');
      r.listedReloads = me?.reloads ?? NaN;
      r.lastReloadReason = me?.lastReloadReason ?? null;
    } finally {
      r.load[1] = loadavg()[0];
      await browser.dispose();
      await sim.dispose();
      await server.dispose();
    }
  } finally {
    await removeTmp();
  }
  return { table: wallSoakTable(r), result: r };
}

type Api = <T>(path: string, init?: RequestInit) => Promise<{ status: number; body: T }>;

/** The display token (scoped to the city) and the profile `soak` with its four views; answers the token's secret. */
async function displayProfile(api: Api, community: string, neighbourhood: string, street: string, city: string): Promise<string> {
  const made = await api<{ secret: string; error?: string }>('/api/admin/tokens', { method: 'POST', body: JSON.stringify({ kind: 'display', name: 'wall-soak', scopes: [city] }) });
  if (made.status !== 201) throw new Error(`bench: creating the display token: ${made.status} ${made.body.error}`);
  const tokens = await api<{ tokens: { id: string; name: string }[] }>('/api/admin/tokens');
  const tokenId = tokens.body.tokens.find((t) => t.name === 'wall-soak')!.id;
  const res = await api<{ error?: string }>('/api/admin/displays', {
    method: 'POST',
    body: JSON.stringify({
      id: 'soak', name: '街道指挥中心大屏', tokenId, node: community, layout: 'auto', lang: 'zh',
      views: [
        { node: community, panel: 'energy', durationS: VIEW_S },
        { node: neighbourhood, scene: 3, durationS: VIEW_S },
        { node: street, durationS: VIEW_S },
        { node: city, durationS: VIEW_S },
      ],
    }),
  });
  if (res.status !== 201) throw new Error(`bench: creating the display profile: ${res.status} ${res.body.error}`);
  return made.body.secret;
}

/** Two alerts through /write, new devices each time (so each is a new alert); answers how many were accepted. */
async function raiseAlerts(api: Api, log: (s: string) => void, community: string, neighbourhoods: string[], seq: number): Promise<number> {
  const n = (i: number) => neighbourhoods[(seq + i) % neighbourhoods.length];
  const body = [
    `alert,community=${community},neighbourhood=${n(0)},type=fire,severity=critical,device=soak-smoke-${seq} location="${(seq % 12) + 1}栋",message="烟感报警",value=1`,
    `alert,community=${community},neighbourhood=${n(1)},type=emergency_button,severity=major,device=soak-button-${seq} location="${(seq % 8) + 1}栋${(seq % 3) + 1}单元",message="一键紧急呼叫",value=1`,
  ].join('\n');
  const res = await api<{ error?: string }>('/write', { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  // A refusal (503 while the store is behind and the spool full) is the server's state, measured apart: the wall goes on.
  if (res.status !== 204) { log(`wall-soak: raising alerts refused: ${res.status} ${res.body.error ?? ''}`); return 0; }
  return 2;
}

/** Every open alert of the community acknowledged (where needed) and resolved; answers how many were resolved. */
async function resolveOpen(api: Api, community: string): Promise<number> {
  const open = await api<{ alerts: { id: number }[] }>(`/api/alerts?node=${community}&state=raised,acknowledged,dispatched&limit=1000`);
  let n = 0;
  for (const { id } of open.body.alerts ?? []) {
    for (let tries = 0; tries < 3; tries++) {
      const one = await api<{ alert: { revision: number }; allowed: string[] }>(`/api/alerts/${id}`);
      if (one.status !== 200) break;
      const action = one.body.allowed.includes('resolve') ? 'resolve' : one.body.allowed.includes('ack') ? 'ack' : null;
      if (!action) break;
      const done = await api(`/api/alerts/${id}/${action}`, { method: 'POST', body: JSON.stringify({ expectedRevision: one.body.alert.revision, comment: '值班员处置' }) });
      if (done.status === 200 && action === 'resolve') { n++; break; }
    }
  }
  return n;
}

/** A view's sample at the end of warm-up and its last sample. */
function refAndEnd(r: WallSoakResult, step: string): { ref: Sample; end: Sample } | null {
  const same = r.samples.filter((s) => s.step === step);
  const end = same.at(-1);
  const ref = same.find((s) => s.min >= r.warmupMin - 1 && s !== end);
  return end && ref ? { ref, end } : null;
}

export function wallSoakTable(r: WallSoakResult): BenchTable {
  const verdicts: Verdict[] = [];
  const rows: string[][] = [];
  const pairs = SAMPLED_STEPS.map((step) => ({ step, pair: refAndEnd(r, step) }));
  for (const m of METRICS) {
    for (const { step, pair } of pairs) {
      const label = `${m.label}, ${STEP_NAMES[step]}`;
      if (!pair) { rows.push([label, '–', `within ±${TOLERANCE * 100} %`, 'FAIL']); verdicts.push('FAIL'); continue; }
      const a = pair.ref[m.key], b = pair.end[m.key];
      const change = a === 0 ? (b === 0 ? 0 : Infinity) : b / a - 1;
      const ok: Verdict = Math.abs(change) <= TOLERANCE ? 'PASS' : 'FAIL';
      verdicts.push(ok);
      const after = r.samples.filter((s) => s.step === step && s.min >= pair.ref.min).map((s) => s[m.key]);
      rows.push([label, `${dec(a, m.digits)} → ${dec(b, m.digits)} (${change >= 0 ? '+' : ''}${dec(change * 100, 1)} %), ${dec(Math.min(...after), m.digits)} to ${dec(Math.max(...after), m.digits)}`, `within ±${TOLERANCE * 100} %`, ok]);
    }
  }
  const pair = pairs.find((p) => p.pair)?.pair ?? null;
  const reloadOk: Verdict = r.pageReloads === 0 && r.listedReloads === 0 ? 'PASS' : 'FAIL';
  verdicts.push(reloadOk);
  if (pair) {
    const after = r.samples.filter((s) => s.min >= pair.ref.min).map((s) => s.frames);
    rows.push(['animation frames pending (a moment\'s count), both views', `${Math.min(...after)} to ${Math.max(...after)} after warm-up`, 'report', '–']);
  }
  rows.push(['watchdog reloads (page loads after the first; admin list)', `${r.pageReloads}; ${Number.isFinite(r.listedReloads) ? r.listedReloads : '–'}${r.lastReloadReason ? ` (${r.lastReloadReason})` : ''}`, '0', reloadOk]);
  rows.push(['alerts raised by the bench / resolved through the API', `${int(r.alertsRaised)} / ${int(r.alertsResolved)}`, '', '–']);
  rows.push(['page errors', `${r.pageErrors.length}${r.pageErrors.length ? `: ${r.pageErrors[0].slice(0, 80)}` : ''}`, '', '–']);
  rows.push(['samples', `${r.samples.length}`, '', '–']);
  const curve = (step: string, key: keyof Sample, digits: number) =>
    r.samples.filter((s) => s.step === step).map((s) => dec(s[key] as number, digits)).join(' ');
  const notes = [
    `Headless Chromium at ${r.size.width}×${r.size.height} (software GL), production build, display profile of four ${VIEW_S}-s views (${Object.values(STEP_NAMES).join(', ')}), demo community simulated at ${r.acceleration}× (${dec((r.minutes * r.acceleration) / 1440, 1)} simulated days over ${r.minutes} min).`,
    `Each view compared with itself: its first sample from minute ${r.warmupMin - 1} (the end of a ${r.warmupMin}-minute warm-up) → its last, ${SETTLE_S} s after the carousel turned to it, after a forced GC; then the lowest to the highest sample from the reference on.`,
    `WebGL objects at the end by kind: ${Object.entries(r.webglKinds).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ') || '–'}.`,
    `Machine load average ${dec(r.load[0], 1)} → ${dec(r.load[1], 1)} on ${cpus().length} cores.`,
  ];
  for (const step of SAMPLED_STEPS) {
    const at = r.samples.filter((s) => s.step === step).map((s) => dec(s.min, 0)).join(' ');
    notes.push(`${STEP_NAMES[step]} view, sampled at minutes: ${at}`);
    for (const m of METRICS) notes.push(`  ${m.label}: ${curve(step, m.key, m.digits)}`);
    notes.push(`  animation frames pending: ${curve(step, 'frames', 0)}`);
    notes.push(`  WebGL contexts: ${curve(step, 'contexts', 0)}`);
    notes.push(`  alerts open: ${curve(step, 'alertsOpen', 0)}`);
    notes.push(`  server RSS MB (this process): ${curve(step, 'serverRssMb', 0)}`);
  }
  return { title: `wall-soak — a wall screen over ${r.minutes} min, carousel turning, alerts coming and going`, columns: ['metric, view', 'warm-up end → end (%), range', 'target', 'result'], rows, notes, verdicts };
}

// `npx tsx test/bench/wall-soak.ts` runs this benchmark alone.
if (process.argv[1] && resolve(process.argv[1]) === resolve(REPO_ROOT, 'test/bench/wall-soak.ts')) {
  const { renderTable } = await import('./support/table.ts');
  const { table } = await runWallSoak((s) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`));
  console.log(renderTable(table));
}
