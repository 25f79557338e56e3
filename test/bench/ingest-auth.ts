/**
 * ingest-auth: what authenticating a writer costs POST /write, over HTTP, in one run on one server.
 * The server has no unauthenticated mode, so the baseline is the cheapest principal it has:
 *
 *   a. the administrator's session (cookie + X-CSRF-Token): a session lookup, and a scope that is
 *      the whole tree, so no line is checked against it (baseline);
 *   b. a gateway token scoped to the 20 communities written (`Authorization: Token …`): a token
 *      lookup, and every line's `community` tag checked against the scope;
 *   c. the same token as InfluxDB 1.x query parameters (`?u=…&p=…`, as Telegraf's v1 output sends it).
 *
 * The same 5,000-line batches as the ingest benchmark (one generator shared by all three, so no
 * point repeats), 4 keep-alive connections; the modes take turns in rounds, the order rotating,
 * so a drift of the machine or the store weighs on each alike. Target (issue 12): (b) and (c)
 * within 5 % of (a)'s points/s.
 */
import { scaled } from './support/durations.ts';
import { startBenchServer } from './support/bench-server-process.ts';
import { sessionWriteHeaders } from './support/bench-auth.ts';
import { LineGenerator } from './support/line-generator.ts';
import { interferenceNote } from './support/proc-stats.ts';
import { percentileOf } from './support/histogram.ts';
import { dec, int, type BenchTable, type Verdict } from './support/table.ts';
import { BATCH_LINES, CONNECTIONS, drive, historyBatches, type LoadResult } from './ingest.ts';

const ROUNDS = 6;
const MAX_COST = 0.05;
const LEAD_IN_MS = 1000;

interface Mode {
  name: string;
  path: string;
  headers: Record<string, string>;
}

interface ModeTotals {
  points: number;
  seconds: number;
  serverCpuSeconds: number;
  latencies: number[];
  errors: number;
  firstError?: string;
  /** points/s of each round, to show the spread. */
  perRound: number[];
  otherCpu: number[];
}

export async function runIngestAuth(log: (s: string) => void): Promise<{ table: BenchTable }> {
  const warmupMs = scaled(5);
  const segmentMs = scaled(10);
  const server = await startBenchServer({ store: 'sqlite' });
  try {
    const modes: Mode[] = [
      { name: 'a. administrator session (cookie + CSRF), whole tree — baseline', path: '/write?precision=ms', headers: sessionWriteHeaders(server.admin) },
      { name: 'b. gateway token (Authorization: Token), 20 communities', path: '/write?precision=ms', headers: server.writeHeaders },
      { name: 'c. gateway token as ?u=&p= (InfluxDB 1.x)', path: `/write?precision=ms&u=bench-gateway&p=${encodeURIComponent(server.gatewayToken)}`, headers: {} },
    ];
    const source = historyBatches();
    const run = (m: Mode, warm: number, measure: number) =>
      drive(new URL(m.path, server.url), { warmupMs: warm, measureMs: measure, serverPid: server.pid, watch: [server.child], headers: m.headers, source });

    log(`ingest-auth: warm-up ${warmupMs / 1000} s (every series created), then ${ROUNDS} rounds of ${modes.length} × ${segmentMs / 1000} s`);
    const warm = await run(modes[0], 0, warmupMs);
    if (warm.errors) throw new Error(`ingest-auth: the warm-up writes failed: ${warm.firstError}`);

    const totals: ModeTotals[] = modes.map(() => ({ points: 0, seconds: 0, serverCpuSeconds: 0, latencies: [], errors: 0, perRound: [], otherCpu: [] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < modes.length; k++) {
        const i = (round + k) % modes.length;
        const r: LoadResult = await run(modes[i], LEAD_IN_MS, segmentMs);
        const t = totals[i];
        t.points += r.points;
        t.seconds += r.seconds;
        t.serverCpuSeconds += (r.cpu.server / 100) * r.seconds;
        t.latencies.push(...r.latencies);
        t.errors += r.errors;
        t.firstError ??= r.firstError;
        t.perRound.push(r.points / r.seconds);
        t.otherCpu.push(r.cpu.other);
      }
      log(`ingest-auth: round ${round + 1}/${ROUNDS}: ${totals.map((t) => int(t.perRound[t.perRound.length - 1])).join(' / ')} points/s`);
    }
    return { table: ingestAuthTable(modes, totals, warmupMs, segmentMs) };
  } finally {
    await server.stop();
  }
}

function ingestAuthTable(modes: Mode[], totals: ModeTotals[], warmupMs: number, segmentMs: number): BenchTable {
  const rate = (t: ModeTotals) => t.points / t.seconds;
  // Server CPU per point: the cost itself, less sensitive than throughput to what else runs.
  const cpuUsPerPoint = (t: ModeTotals) => (t.serverCpuSeconds / t.points) * 1e6;
  const base = totals[0];
  const verdicts: Verdict[] = [];
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${dec(x * 100, 1)} %`;
  const rows = modes.map((m, i) => {
    const t = totals[i];
    const spread = `${int(Math.min(...t.perRound))}–${int(Math.max(...t.perRound))}`;
    const latency = [dec(percentileOf(t.latencies, 0.5), 0), dec(percentileOf(t.latencies, 0.99), 0), int(t.errors)];
    if (i === 0) return [m.name, int(rate(t)), spread, dec(cpuUsPerPoint(t), 2), ...latency, 'baseline', '–'];
    const cost = 1 - rate(t) / rate(base);
    const cpuCost = cpuUsPerPoint(t) / cpuUsPerPoint(base) - 1;
    const verdict: Verdict = t.errors === 0 && base.errors === 0 && t.points > 0 && cost <= MAX_COST ? 'PASS' : 'FAIL';
    verdicts.push(verdict);
    return [m.name, `${int(rate(t))} (cost ${pct(cost)})`, spread, `${dec(cpuUsPerPoint(t), 2)} (${pct(cpuCost)})`, ...latency, `cost ≤ ${MAX_COST * 100} %`, verdict];
  });
  const gen = new LineGenerator();
  const notes = [
    `${int(BATCH_LINES)}-line batches (${int(gen.seriesCount)} series, ${dec(gen.fieldsPerLine, 2)} fields/line, precision=ms, embedded SQLite store) on ${CONNECTIONS} keep-alive connections, one generator for all modes.`,
    `${warmupMs / 1000} s warm-up (as a), then ${ROUNDS} rounds; in each every mode runs ${segmentMs / 1000} s measured after ${LEAD_IN_MS / 1000} s lead-in, the order rotating from round to round.`,
    'cost = 1 − points/s ÷ baseline points/s; server CPU µs/point (all threads, SQLite worker included) in brackets relative to the baseline. "per round" is the lowest and highest round, the run-to-run noise.',
    'The baseline is not "no authentication" (the server has none): it is the administrator, whose session lookup is as cheap as a token lookup and whose scope is the whole tree, so no line is checked; b and c add the per-line community check.',
    interferenceNote(Math.max(...totals.flatMap((t) => t.otherCpu)), 'worst segment'),
  ];
  for (const [i, t] of totals.entries()) if (t.errors) notes.push(`${modes[i].name}: ${t.errors} failed requests, first: ${t.firstError}`);
  return {
    title: `ingest-auth — POST /write with gateway authentication vs the administrator's session, same run (${new Date().toISOString().slice(0, 10)})`,
    columns: ['writer', 'points/s', 'per round', 'server CPU µs/point', 'p50 ms', 'p99 ms', 'errors', 'target', 'result'],
    rows, notes, verdicts,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { renderTable } = await import('./support/table.ts');
  const { table } = await runIngestAuth((s) => process.stderr.write(`${s}\n`));
  console.log(renderTable(table));
  process.exitCode = table.verdicts.includes('FAIL') ? 1 : 0;
}
