/**
 * soak: memory over a long run. Our server (embedded store) takes 20,000 points/s and 5 alerts/s
 * with 10 Socket.IO clients watching c-01 for 10 minutes; its RSS is sampled every 10 s.
 * Target: RSS at minute 10 within ±10 % of RSS at minute 2 (after start-up and warm caches, memory
 * must stop growing; a steady climb is a leak that a wall screen running for weeks would hit).
 */
import { scaled } from './support/durations.ts';
import { PacedLoad, benchPointsPerSec } from './support/paced-load.ts';
import { CpuMeter, InterferenceMeter, interferenceNote, rssBytes } from './support/proc-stats.ts';
import { Histogram, percentileOf } from './support/histogram.ts';
import { startBenchServer, sleepWatching } from './support/bench-server-process.ts';
import { spawnChild } from './support/children.ts';
import { dec, int, mb, type BenchTable, type Verdict } from './support/table.ts';
import type { ClientsReport } from './live-clients.ts';
import { communityId } from './support/bench-hierarchy.ts';
import type { Topic } from '../../streams/live-protocol.ts';

const CLIENTS = 10;
const POINTS_PER_S = benchPointsPerSec();
const ALERTS_PER_S = 5;
const TOPICS: Topic[] = ['energy', 'parking', 'pipe', 'env', 'alert'];
const TOLERANCE = 0.10;

export interface SoakResult {
  /** [seconds since load start, RSS bytes] */
  rss: [number, number][];
  /** Per sample: main-thread heap used and external + array buffers (bytes), and event-loop delay p99 / max (ms). */
  heap: number[];
  external: number[];
  loopP99: number[];
  loopMax: number[];
  rssEarly: number;
  rssLate: number;
  cpuPercent: number;
  otherCpu: number;
  diskBytes: number;
  report: ClientsReport;
  load: PacedLoad['counters'];
}

export async function runSoak(log: (s: string) => void): Promise<{ table: BenchTable; result: SoakResult }> {
  const durationMs = scaled(600);
  const everyMs = scaled(10);
  const earlyAtMs = scaled(120);

  const server = await startBenchServer({ store: 'sqlite' });
  const rss: [number, number][] = [];
  const heap: number[] = [], external: number[] = [], loopP99: number[] = [], loopMax: number[] = [];
  let result: SoakResult;
  try {
    const clients = await spawnChild('clients', 'live-clients.ts', { ipc: true });
    const load = new PacedLoad({ url: server.url, headers: server.writeHeaders, pointsPerSec: POINTS_PER_S, everyMs: 50, alertsPerSec: ALERTS_PER_S, alertCommunity: 1 });
    try {
      await clients.call('connect', { mode: 'sio', url: server.url, cookie: server.admin.cookie, clients: CLIENTS, node: communityId(1), topics: TOPICS }, 120_000);
      log(`soak: ${durationMs / 1000} s at ${int(POINTS_PER_S)} points/s, ${CLIENTS} clients, RSS every ${everyMs / 1000} s`);
      const cpu = new CpuMeter(server.pid);
      const others = new InterferenceMeter([process.pid, server.pid, clients.pid]);
      const t0 = Date.now();
      load.start();
      cpu.start();
      others.start();
      await clients.call('reset');
      await server.stats();
      for (let i = 1; i * everyMs <= durationMs; i++) {
        // Sample on the schedule, not after each sleep, so the series stays aligned to 10 s marks.
        await sleepWatching(Math.max(0, t0 + i * everyMs - Date.now()), [server.child, clients]);
        const at = Math.round((Date.now() - t0) / 1000);
        rss.push([at, rssBytes(server.pid)]);
        const st = await server.stats();
        heap.push(st.memory.heapUsed);
        external.push(st.memory.external + st.memory.arrayBuffers);
        loopP99.push(st.loopDelayP99Ms);
        loopMax.push(st.loopDelayMaxMs);
        if (i % 6 === 0) log(`soak: ${at} s, RSS ${mb(rss[rss.length - 1][1])} MB, ${int(load.counters.linesAccepted)} points accepted`);
      }
      const report = await clients.call<ClientsReport>('report');
      const used = cpu.read();
      const otherCpu = others.read();
      await load.stop();
      const nearest = (ms: number) => rss.reduce((best, s) => (Math.abs(s[0] * 1000 - ms) < Math.abs(best[0] * 1000 - ms) ? s : best))[1];
      result = {
        rss, heap, external, loopP99, loopMax, rssEarly: nearest(earlyAtMs), rssLate: rss[rss.length - 1][1], cpuPercent: used.percent, otherCpu,
        diskBytes: server.diskBytes(), report, load: { ...load.counters },
      };
    } finally {
      await load.stop();
      await clients.stop();
    }
  } finally {
    await server.stop();
  }
  return { table: soakTable(result, durationMs, everyMs, earlyAtMs), result };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

function soakTable(r: SoakResult, durationMs: number, everyMs: number, earlyAtMs: number): BenchTable {
  const change = (r.rssLate - r.rssEarly) / r.rssEarly;
  const ok: Verdict = Math.abs(change) <= TOLERANCE ? 'PASS' : 'FAIL';
  const values = r.rss.map(([, b]) => b);
  const t = Histogram.fromData(r.report.telemetry);
  const a = Histogram.fromData(r.report.alert);
  const minutes = (ms: number) => `${dec(ms / 60_000, ms % 60_000 ? 1 : 0)} min`;
  const secs = durationMs / 1000;
  const rows = [
    [`RSS at ${minutes(earlyAtMs)}`, `${mb(r.rssEarly)} MB`, '–', '–'],
    [`RSS at ${minutes(durationMs)}`, `${mb(r.rssLate)} MB (${change >= 0 ? '+' : ''}${dec(change * 100, 1)} %)`, `within ±${TOLERANCE * 100} % of ${minutes(earlyAtMs)}`, ok],
    ['RSS min / max over the run', `${mb(Math.min(...values))} / ${mb(Math.max(...values))} MB`, '–', '–'],
    ['main-thread heap used, first / last sample', `${mb(r.heap[0])} / ${mb(r.heap[r.heap.length - 1])} MB`, '–', '–'],
    ['event-loop delay p99 (median of samples) / max, ms', `${dec(median(r.loopP99), 0)} / ${dec(Math.max(...r.loopMax), 0)}`, '–', '–'],
    ['points accepted (rate)', `${int(r.load.linesAccepted)} (${int(r.load.linesAccepted / secs)}/s)`, '–', '–'],
    ['failed requests / skipped ticks', `${int(r.load.errors + r.load.alertErrors)} / ${int(r.load.skippedTicks)}`, '–', '–'],
    ['POST /write round trip p50 / p99, ms', `${dec(percentileOf(r.load.requestMs, 0.5), 0)} / ${dec(percentileOf(r.load.requestMs, 0.99), 0)}`, '–', '–'],
    ['server CPU, % of one core', `${dec(r.cpuPercent, 0)} %`, '–', '–'],
    ['telemetry / alert latency p99, ms', `${dec(t.percentile(0.99), 0)} / ${dec(a.percentile(0.99), 0)}`, '–', '–'],
    ['frames lost (sequence gaps) / disconnects', `${int(r.report.gaps)} / ${int(r.report.disconnects)}`, '–', '–'],
    ['data directory at the end', `${mb(r.diskBytes)} MB`, '–', '–'],
  ];
  const notes = [
    `${int(POINTS_PER_S)} points/s + ${ALERTS_PER_S} alerts/s for ${minutes(durationMs)}, ${CLIENTS} Socket.IO clients on ${communityId(1)} (${TOPICS.join(', ')}).`,
    `RSS MB every ${everyMs / 1000} s: ${values.map((b) => mb(b)).join(' ')}`,
    `main-thread heap used MB: ${r.heap.map((b) => mb(b)).join(' ')}`,
    `event-loop delay max per sample, ms: ${r.loopMax.map((x) => dec(x, 0)).join(' ')}`,
  ];
  if (r.load.linesAccepted / secs < 0.95 * POINTS_PER_S) {
    notes.push(`The server accepted ${int(r.load.linesAccepted / secs)} of ${int(POINTS_PER_S)} points/s offered: the store fell behind, and its backlog was bounded only by the generator (32 requests in flight at most, ${int(r.load.skippedTicks)} ticks skipped). Devices that keep sending would grow it further; RSS here is that of a saturated server.`);
  }
  notes.push(interferenceNote(r.otherCpu));
  if (r.load.firstError) notes.push(`first error: ${r.load.firstError}`);
  return { title: 'soak — server memory over a long run (embedded store)', columns: ['metric', 'value', 'target', 'result'], rows, notes, verdicts: [ok] };
}
