/**
 * latency: how fast live data reaches dashboards, and what delivering it costs.
 *
 * Our server (embedded store) takes telemetry at 20,000 points/s (a batch every 50 ms, lines
 * stamped with their send time) and 5 alerts/s, spread over the 20 communities of the bench
 * hierarchy; 50 Socket.IO clients (websocket transport, in a child process) watch community c-01:
 * its four telemetry topics and its alert topic. Latency = receipt time − sample time, same clock.
 *
 * Baseline, same run: a raw `ws` server (child process) broadcasting binary messages of the sizes
 * our clients received, at the rates they received them, to 50 raw ws clients. CPU per 1,000
 * delivered messages compares the two; ours also parses and stores the 20,000 points/s, so an
 * ingest-only window (no clients) is measured first and subtracted for a delivery-only estimate.
 */
import { scaled } from './support/durations.ts';
import { PacedLoad, benchPointsPerSec, type PacedCounters } from './support/paced-load.ts';
import { CpuMeter, InterferenceMeter, interferenceNote } from './support/proc-stats.ts';
import { Histogram, percentileOf } from './support/histogram.ts';
import { startBenchServer, sleepWatching, type BenchServer } from './support/bench-server-process.ts';
import { spawnChild, type Child } from './support/children.ts';
import { configFromEnv } from '../../server/config.ts';
import { dec, int, type BenchTable, type Verdict } from './support/table.ts';
import type { ClientsReport } from './live-clients.ts';
import { LineGenerator } from './support/line-generator.ts';
import { BENCH_COMMUNITIES, communityId } from './support/bench-hierarchy.ts';
import type { Topic } from '../../streams/live-protocol.ts';

const CLIENTS = 50;
const POINTS_PER_S = benchPointsPerSec();
const BATCH_EVERY_MS = 50;
const ALERTS_PER_S = 5;
const WATCHED = 1;
const TOPICS: Topic[] = ['energy', 'parking', 'pipe', 'env', 'alert'];
const ALERT_TARGET_MS = 20;
const TELEMETRY_SLACK_MS = 20;

interface Side {
  report: ClientsReport;
  cpuSeconds: number;
  cpuPercent: number;
  seconds: number;
  delivered: number;
  /** Main-thread event-loop delay p50 / p99 / max over the window, ms (ours only). */
  loopDelay: string;
  /** CPU of processes outside the benchmark over the window, % of one core. */
  otherCpu: number;
}

/** Start the live-clients child and connect `n` clients; the caller stops it. */
async function startClients(args: Record<string, unknown>): Promise<Child> {
  const clients = await spawnChild('clients', 'live-clients.ts', { ipc: true });
  try {
    await clients.call('connect', args, 120_000);
  } catch (e) {
    await clients.stop();
    throw e;
  }
  return clients;
}

async function measure(clients: Child, pid: number, ms: number, watch: Child[], server?: BenchServer): Promise<Side> {
  await clients.call('reset');
  await server?.stats();
  const cpu = new CpuMeter(pid);
  const others = new InterferenceMeter([process.pid, ...watch.map((c) => c.pid)]);
  cpu.start();
  others.start();
  await sleepWatching(ms, watch);
  const used = cpu.read();
  const otherCpu = others.read();
  const report = await clients.call<ClientsReport>('report');
  const st = await server?.stats();
  return {
    report, cpuSeconds: used.seconds, cpuPercent: used.percent, seconds: used.wallSeconds,
    delivered: report.telemetryMessages + report.alertMessages,
    loopDelay: st ? `${dec(st.loopDelayP50Ms, 0)} / ${dec(st.loopDelayP99Ms, 0)} / ${dec(st.loopDelayMaxMs, 0)}` : '–',
    otherCpu,
  };
}

export async function runLatency(log: (s: string) => void): Promise<{ table: BenchTable; ours: Side; ws: Side; ingestOnlyCpuPercent: number }> {
  const warmupMs = scaled(5);
  // As long as the measured window, so the store's periodic work (compaction every 15 s) weighs the same in both.
  const ingestOnlyMs = scaled(60);
  const measureMs = scaled(60);
  const windowMs = Math.round(1000 / configFromEnv().liveMaxHz);

  // --- ours ---
  const server = await startBenchServer({ store: 'sqlite' });
  let ours: Side;
  let ingestOnly: { percent: number; seconds: number };
  let load: PacedLoad | undefined;
  let loadCounters: PacedCounters | undefined;
  try {
    load = new PacedLoad({ url: server.url, headers: server.writeHeaders, pointsPerSec: POINTS_PER_S, everyMs: BATCH_EVERY_MS, alertsPerSec: ALERTS_PER_S, alertCommunity: WATCHED });
    load.start();
    log(`latency: ingest only (no clients), ${ingestOnlyMs / 1000} s after ${warmupMs / 1000} s warm-up`);
    await sleepWatching(warmupMs, [server.child]);
    const cpu = new CpuMeter(server.pid);
    cpu.start();
    await sleepWatching(ingestOnlyMs, [server.child]);
    ingestOnly = cpu.read();

    log(`latency: ${CLIENTS} Socket.IO clients on ${communityId(WATCHED)}, ${measureMs / 1000} s`);
    const clients = await startClients({ mode: 'sio', url: server.url, cookie: server.admin.cookie, clients: CLIENTS, node: communityId(WATCHED), topics: TOPICS });
    try {
      await sleepWatching(warmupMs, [server.child, clients]);
      load.resetCounters();
      ours = await measure(clients, server.pid, measureMs, [server.child, clients], server);
      loadCounters = { ...load.counters };
    } finally {
      await load.stop();
      await clients.stop();
    }
  } finally {
    await load?.stop();
    await server.stop();
  }

  // --- raw ws baseline, same sizes and rates as our clients received ---
  log(`latency: raw ws baseline, ${CLIENTS} clients, ${measureMs / 1000} s`);
  const wsServer = await spawnChild('ws-baseline', 'ws-baseline-server.ts', { ipc: true });
  let ws: Side;
  try {
    const clients = await startClients({ mode: 'ws', url: String(wsServer.hello.url), clients: CLIENTS });
    try {
      const perClient = (n: number) => n / CLIENTS / ours.seconds;
      await wsServer.call('start', {
        telemetrySizes: ours.report.telemetrySizes,
        telemetryPerSec: perClient(ours.report.telemetryMessages),
        alertSize: Math.round(ours.report.meanAlertBytes),
        alertsPerSec: perClient(ours.report.alertMessages),
        tickMs: windowMs,
      });
      await sleepWatching(warmupMs, [wsServer, clients]);
      ws = await measure(clients, wsServer.pid, measureMs, [wsServer, clients]);
      await wsServer.call('stop');
    } finally {
      await clients.stop();
    }
  } finally {
    await wsServer.stop();
  }

  return { table: latencyTable(ours, ws, ingestOnly, loadCounters!, windowMs, measureMs), ours, ws, ingestOnlyCpuPercent: ingestOnly.percent };
}

function latencyTable(
  ours: Side, ws: Side, ingestOnly: { percent: number }, load: PacedLoad['counters'], windowMs: number, measureMs: number,
): BenchTable {
  const h = (d: ClientsReport['telemetry']) => Histogram.fromData(d);
  const pct = (x: Histogram) => `${dec(x.percentile(0.5), 0)} / ${dec(x.percentile(0.99), 0)} / ${dec(x.max, 0)}`;
  const oursT = h(ours.report.telemetry), oursA = h(ours.report.alert);
  const wsT = h(ws.report.telemetry), wsA = h(ws.report.alert);
  const perK = (s: Side) => (s.cpuSeconds / s.delivered) * 1000;
  // Delivery-only estimate: our CPU minus what the same ingest cost with no clients connected.
  const deliveryCpuSeconds = Math.max(0, ours.cpuSeconds - (ingestOnly.percent / 100) * ours.seconds);
  const deliveryPerK = (deliveryCpuSeconds / ours.delivered) * 1000;
  // Below a twentieth of the total, the difference of two windows is run-to-run noise, not a cost.
  const measurable = deliveryCpuSeconds > 0.05 * ours.cpuSeconds;
  const telemetryTarget = windowMs + TELEMETRY_SLACK_MS;
  const tOk: Verdict = oursT.count > 0 && oursT.percentile(0.99) <= telemetryTarget ? 'PASS' : 'FAIL';
  const aOk: Verdict = oursA.count > 0 && oursA.percentile(0.99) <= ALERT_TARGET_MS ? 'PASS' : 'FAIL';
  const meanSize = (s: Side) => s.report.telemetrySizes.reduce((a, b) => a + b, 0) / Math.max(1, s.report.telemetrySizes.length);
  const rows = [
    ['telemetry latency p50 / p99 / max, ms', pct(oursT), pct(wsT), `p99 ≤ ${telemetryTarget} ms (${windowMs} ms window + ${TELEMETRY_SLACK_MS})`, tOk],
    ['alert latency p50 / p99 / max, ms', pct(oursA), pct(wsA), `p99 ≤ ${ALERT_TARGET_MS} ms`, aOk],
    [`points/s accepted (offered ${int(POINTS_PER_S)})`, int(load.linesAccepted / (measureMs / 1000)), '–', '–', '–'],
    ['POST /write round trip p50 / p99, ms (telemetry | alert)', `${dec(percentileOf(load.requestMs, 0.5), 0)} / ${dec(percentileOf(load.requestMs, 0.99), 0)} | ${dec(percentileOf(load.alertRequestMs, 0.5), 0)} / ${dec(percentileOf(load.alertRequestMs, 0.99), 0)}`, '–', '–', '–'],
    ['messages delivered (telemetry + alert)', `${int(ours.report.telemetryMessages)} + ${int(ours.report.alertMessages)}`, `${int(ws.report.telemetryMessages)} + ${int(ws.report.alertMessages)}`, '–', '–'],
    ['messages/s to all clients', int(ours.delivered / ours.seconds), int(ws.delivered / ws.seconds), '–', '–'],
    ['mean telemetry message, bytes', int(meanSize(ours)), int(meanSize(ws)), '–', '–'],
    ['samples delivered/s to all clients', int(ours.report.telemetrySamples / ours.seconds), '–', '–', '–'],
    ['server CPU, % of one core', `${dec(ours.cpuPercent, 0)} % (ingest only: ${dec(ingestOnly.percent, 0)} %)`, `${dec(ws.cpuPercent, 1)} %`, '–', '–'],
    ['server CPU s per 1,000 delivered', `${dec(perK(ours), 3)} (delivery only ${measurable ? `≈ ${dec(deliveryPerK, 3)}` : 'within noise'})`, dec(perK(ws), 4), '–',
      `ratio ${dec(perK(ours) / perK(ws), 0)}×${measurable ? ` (delivery only ≈ ${dec(deliveryPerK / perK(ws), 0)}×)` : ''}`],
    ['server event-loop delay p50 / p99 / max, ms', ours.loopDelay, '–', '–', '–'],
    ['clients process CPU, % of one core', dec((100 * ours.report.cpuSeconds) / ours.report.seconds, 0) + ' %', dec((100 * ws.report.cpuSeconds) / ws.report.seconds, 0) + ' %', '–', '–'],
    ['frames lost (sequence gaps) / disconnects', `${int(ours.report.gaps)} / ${int(ours.report.disconnects)}`, `– / ${int(ws.report.disconnects)}`, '–', '–'],
  ];
  const gen = new LineGenerator();
  const notes = [
    `${CLIENTS} clients (one child process) watch ${communityId(WATCHED)}: topics ${TOPICS.join(', ')}. Load: ${int(POINTS_PER_S)} points/s in batches every ${BATCH_EVERY_MS} ms over all ${BENCH_COMMUNITIES} communities (${int(gen.seriesCount)} series), so ${communityId(WATCHED)} gets 1/${BENCH_COMMUNITIES} of them; ${ALERTS_PER_S} alerts/s, all in ${communityId(WATCHED)}. Measured ${measureMs / 1000} s.`,
    ...(load.linesAccepted / (measureMs / 1000) < 0.95 * POINTS_PER_S
      ? [`The server did not keep up with ${int(POINTS_PER_S)} points/s: /write answers only once the store holds the batch, and the generator (32 requests in flight at most) skipped ticks; latencies above are those of an overloaded server.`]
      : []),
    `Generator in the window: ${int(load.linesSent)} lines sent, ${int(load.linesAccepted)} accepted (${int(load.linesAccepted / (measureMs / 1000))} points/s), ${load.errors} errors, ${load.skippedTicks} ticks skipped (server behind), ${load.alertsSent} alerts sent, ${load.alertErrors} failed${load.firstError ? `; first error: ${load.firstError}` : ''}.`,
    'Telemetry latency is per sample (each sample waits for the next coalescing tick, up to one window); for raw ws it is per message (no coalescing: pure delivery).',
    `Our server CPU includes parsing, validating and storing the ${int(POINTS_PER_S)} points/s (SQLite worker thread) as well as delivery; "delivery only" subtracts the CPU of an equally long window with the same load and no clients, measured first; it is an estimate. The raw ws server only sends.`,
    interferenceNote(Math.max(ours.otherCpu, ws.otherCpu), `ours ${dec(ours.otherCpu, 0)} %, raw ws ${dec(ws.otherCpu, 0)} %`),
    'Baseline messages: one binary message per Socket.IO event, with the byte size our first client received (one text packet, the columns in base64), at the same per-client rate, telemetry on the same tick.',
  ];
  return {
    title: 'latency — live delivery to 50 clients (ours: Socket.IO + embedded store; baseline: raw ws)',
    columns: ['metric', 'ours', 'raw ws baseline', 'target', 'result'],
    rows, notes, verdicts: [tOk, aOk],
  };
}
