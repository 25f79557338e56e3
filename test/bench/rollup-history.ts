/**
 * rollup-history: what the roll-up history costs, in this process with the server as `npm start`
 * runs it (the shipped sites tree, the simulator, the embedded store), for 20 and for 3,000
 * communities:
 *
 * - start-up: the simulator's backfill with every node's figures recorded at the end of each
 *   step that crosses a 5-minute mark, against the same backfill with recording switched off (the baseline, same run);
 *   2 h of history for 20 communities, 0.5 h for 3,000 (BENCH_HISTORY_BACKFILL_HOURS sets both);
 * - the minute record afterwards: main-thread ms to read every node's figures into one batch, and
 *   ms until the store holds it, against the baseline measured in the same run: the live roll-ups'
 *   own cost for the same minute of samples (NodeRollups.accept of the simulator's last minute).
 *
 * Target: a minute's record costs ≤ 1 % of one core on the main thread at 3,000 communities.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { configFromEnv } from '../../server/config.ts';
import { startSimulation } from '../../server/simulation/simulated-communities.ts';
import { HISTORY_STEP_MS } from '../../server/rollups/rollup-history.ts';
import { startSimulatedApp } from './support/simulated-app.ts';
import { isShortRun } from './support/durations.ts';
import { dec, int, type BenchTable, type Verdict } from './support/table.ts';

/** Communities and hours of backfill (a full day of 3,000 communities takes hours at 1× on 2 cores). */
const SIZES: [number, number][] = [[20, 2], [3000, 0.5]];
const TARGET_CORE_PCT = 1;

interface Run {
  communities: number;
  hours: number;
  baselineMs: number;
  series: number;
  backfillMs: number;
  recordMs: number;
  records: number;
  nodes: number;
  samples: number;
  buildMs: number;
  durableMs: number;
  acceptMinuteMs: number;
}

export async function runRollupHistory(log: (s: string) => void): Promise<{ table: BenchTable }> {
  const forced = process.env.BENCH_HISTORY_BACKFILL_HOURS;
  const runs: Run[] = [];
  for (const [n, h] of SIZES) {
    const hours = forced ? Number(forced) : isShortRun() ? Math.min(h, 0.25) : h;
    log(`rollup-history: ${int(n)} communities, ${hours} h of backfill without recording (baseline)`);
    const baseline = await measure(n, hours, false);
    log(`rollup-history: ${int(n)} communities, ${hours} h of backfill recording the history`);
    runs.push({ ...(await measure(n, hours, true)), baselineMs: baseline.backfillMs });
  }
  const big = runs.at(-1)!;
  const corePct = (big.buildMs / HISTORY_STEP_MS) * 100;
  const verdict: Verdict = corePct <= TARGET_CORE_PCT ? 'PASS' : 'FAIL';
  return {
    table: {
      title: 'rollup-history: every node\'s figures to the store each minute, and the backfilled history (in-process, embedded store)',
      columns: ['communities', 'series', 'nodes', 'samples / record', 'backfill h', 'baseline: backfill without history s', 'backfill with history s', 'records', 'record: build ms', 'record: until stored ms', 'baseline: roll-ups of a minute ms', 'main thread / minute', 'target'],
      rows: runs.map((r) => [
        int(r.communities), int(r.series), int(r.nodes), int(r.samples), dec(r.hours, 2), dec(r.baselineMs / 1000, 1), dec(r.backfillMs / 1000, 1), int(r.records),
        dec(r.buildMs, 1), dec(r.durableMs, 1), dec(r.acceptMinuteMs, 1), `${dec((r.buildMs / HISTORY_STEP_MS) * 100, 3)} %`,
        r === big ? `≤ ${TARGET_CORE_PCT} % ${verdict}` : '–',
      ]),
      notes: [
        'record: build = reading every city, district, street and community node\'s figures and filling one batch (main thread); until stored = until the store writer has it in the embedded store (its worker thread does the writing)',
        'the record ms are the median of 5 records after the backfill; the baseline is NodeRollups.accept of every series once (what a minute of samples costs the live roll-ups, roughly)',
        'backfill = startSimulation at 1× until the present: simulating, validating, the live roll-ups and storing the raw points, and (with history) one record per 5 simulated minutes; the baseline run makes record() do nothing',
        'series counts include the history\'s own (one per node and figure)',
      ],
      verdicts: [verdict],
    },
  };
}

async function measure(communities: number, hours: number, withHistory: boolean): Promise<Omit<Run, 'baselineMs'>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const config = configFromEnv({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: 'bench-history-admin-1',
    SIM_COMMUNITIES: String(communities), SIM_BACKFILL_HOURS: String(hours), SIM_ACCELERATION: '1',
  });
  const { app, communities: configs } = await startSimulatedApp(config);
  try {
    let recordMs = 0;
    let records = 0;
    const record = app.history.record.bind(app.history);
    app.history.record = async (t: number) => {
      const t0 = performance.now();
      if (!withHistory) return;
      try { await record(t); } finally { recordMs += performance.now() - t0; records++; }
    };
    const t0 = performance.now();
    const sim = await startSimulation(app, config, configs);
    const backfillMs = performance.now() - t0;
    sim.stop();
    app.history.record = record;
    app.history.stop();

    // The minute record, after the backfill: five of them, the median.
    const builds: number[] = [];
    const durables: number[] = [];
    let t = Math.floor(Date.now() / HISTORY_STEP_MS) * HISTORY_STEP_MS + HISTORY_STEP_MS;
    for (let i = 0; i < 5; i++, t += HISTORY_STEP_MS) {
      const s0 = performance.now();
      await app.history.record(t);
      durables.push(performance.now() - s0);
      builds.push(app.history.last!.buildMs);
    }
    // Baseline: the live roll-ups taking in every series once.
    const sids = new Uint32Array(app.catalog.size);
    for (let i = 0; i < sids.length; i++) sids[i] = i + 1;
    const a0 = performance.now();
    app.rollups.accept({ length: sids.length, sid: sids });
    const acceptMinuteMs = performance.now() - a0;
    const last = app.history.last!;
    return {
      communities, hours, series: app.catalog.size, backfillMs, recordMs, records, nodes: last.nodes, samples: last.samples,
      buildMs: median(builds), durableMs: median(durables), acceptMinuteMs,
    };
  } finally {
    await app.close();
    app.http.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
