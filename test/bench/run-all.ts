/**
 * `npm run bench` runs every benchmark and prints one table each; `npm run bench -- ingest soak`
 * runs some. Each benchmark starts its own servers (child processes on 127.0.0.1) and compares
 * with a baseline measured in the same run. See docs/performance.md.
 *
 * Environment:
 *   BENCH_SECONDS=<s>      length of a standard phase (default 60); every duration scales with it
 *   BENCH_POINTS_PER_S=<n> telemetry rate of latency and soak (default 20,000), to tell store limits from others
 *   BENCH_PROFILE_DIR=<d>  run bench servers under `node --cpu-prof`, profiles written to <d>
 *                          (`npx tsx test/bench/profile-top.ts <d>/*.cpuprofile` lists the hot functions)
 *   BENCH_MARKDOWN=<file>  also write the tables as Markdown (for docs/performance.md)
 *   BENCH_COCKPIT_MINUTES=<m>, BENCH_COCKPIT_ACCELERATION=<x>  length (default 3; 30 for the full
 *                          heap run) and simulator speed (default 60×) of the cockpit benchmark
 *   BENCH_WALL_MINUTES=<m>, BENCH_WALL_ACCELERATION=<x>, BENCH_WALL_SIZE=<w>x<h>  length (default
 *                          120; 10 for a smoke run), simulator speed (default 60×) and screen size
 *                          (default 1920x1080) of the wall-soak benchmark
 *
 * Exit status: 0 when every target passed, 1 when one failed or a benchmark could not run.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { cleanupAll, installSignalCleanup, isAborted } from './support/children.ts';
import { isShortRun } from './support/durations.ts';
import { renderMarkdown, renderTable, type BenchTable } from './support/table.ts';
import { runIngest } from './ingest.ts';
import { runIngestAuth } from './ingest-auth.ts';
import { runSignIn } from './sign-in.ts';
import { runLatency } from './latency.ts';
import { runSoak } from './soak.ts';
import { runRules } from './rules.ts';
import { runTwinPipeline } from './twin-pipeline.ts';
import { runTwinView } from './twin-view.ts';
import { runTwinBimLod } from './twin-bim-lod.ts';
import { runCockpit } from './cockpit.ts';
import { runAlertConsole } from './alert-console.ts';
import { runFuzz } from './fuzz.ts';
import { runRollups } from './rollups.ts';
import { runRollupHistory } from './rollup-history.ts';
import { runCompare } from './compare.ts';
import { runCity } from './city.ts';
import { runWallSoak } from './wall-soak.ts';

const BENCHES: Record<string, { about: string; fullMinutes: number; run: (log: (s: string) => void) => Promise<{ table: BenchTable }> }> = {
  ingest: { about: 'POST /write throughput: embedded store, InfluxDB behind us, InfluxDB direct', fullMinutes: 3.7, run: runIngest },
  'ingest-auth': { about: 'POST /write with gateway authentication (token, ?u=&p=) vs the administrator session, interleaved rounds, cost ≤ 5 %', fullMinutes: 3.5, run: runIngestAuth },
  'sign-in': { about: 'POST /api/auth/login p50/p99 with the argon2id parameters chosen (50–100 ms)', fullMinutes: 0.5, run: runSignIn },
  latency: { about: 'live delivery latency and CPU, 50 Socket.IO clients vs raw ws', fullMinutes: 3.6, run: runLatency },
  soak: { about: 'RSS over 10 minutes at 20,000 points/s with 10 clients', fullMinutes: 10.3, run: runSoak },
  twin: { about: 'IFC → GLB conversion time and peak memory per sample IFC, demo community asset size', fullMinutes: 0.5, run: runTwinPipeline },
  'twin-view': { about: 'twin view in Chromium: tick apply cost, first render, heap over time, with every object at 5 Hz', fullMinutes: 11, run: runTwinView },
  'twin-bim': { about: 'twin overview close to a tower: tick apply cost and frame draw time with BIM shells near vs massing only (&bim=0), shells released on the way out', fullMinutes: 5.5, run: runTwinBimLod },
  rules: { about: 'alert rule evaluation per point with 1,000 rules vs acceptLines alone (in-process)', fullMinutes: 0.5, run: runRules },
  cockpit: { about: 'cockpit main-thread ms per live batch and JS heap in Chromium, indicator roll-up of 100 communities', fullMinutes: 3.5, run: runCockpit },
  fuzz: { about: 'the fuzz tests (line protocol, /write, socket events, JSON routes) at 20× their npm test runs with a fresh seed', fullMinutes: 8, run: runFuzz },
  compare: { about: 'GET /api/compare for the city of the Chongqing tree with 3,000 simulated communities, p99 ≤ 100 ms, vs the per-request indicator roll-up', fullMinutes: 1.5, run: runCompare },
  rollups: { about: 'live roll-ups of 3,000 communities: CPU per second of incremental figures vs the old per-room scan (in-process)', fullMinutes: 1, run: runRollups },
  'rollup-history': { about: 'roll-up history: each minute\'s record of every node\'s figures, and the backfill at start, with 20 and 3,000 simulated communities (in-process)', fullMinutes: 15, run: runRollupHistory },
  city: { about: '3,000 communities simulated at 1× on one node with the city cockpit open: ingest held, point → city figure latency, roll-up CPU, memory, page load and main-thread cost per update', fullMinutes: 6, run: runCity },
  'wall-soak': { about: 'a wall screen over BENCH_WALL_MINUTES (default 120) with the simulator at 60×, carousel turning, alerts coming and going: heap, DOM nodes, listeners, WebGL objects, timers flat within 10 %, no watchdog reload', fullMinutes: 122, run: runWallSoak },
  'alert-console': { about: 'device event on /write → alert row drawn in the console in Chromium, under 20,000 points/s, vs a bare Socket.IO client', fullMinutes: 1.8, run: runAlertConsole },
};

const log = (s: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

async function main(): Promise<number> {
  const asked = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = asked.filter((a) => !(a in BENCHES));
  if (unknown.length) {
    console.error(`bench: unknown benchmark ${unknown.map((u) => `"${u}"`).join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`);
    return 2;
  }
  const names = asked.length ? asked : Object.keys(BENCHES);
  installSignalCleanup();

  console.log(`community-twin benchmarks: ${names.join(', ')}`);
  console.log(`machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}`);
  if (process.env.BENCH_POINTS_PER_S) console.log(`BENCH_POINTS_PER_S=${process.env.BENCH_POINTS_PER_S}: latency and soak run at this rate instead of 20,000 points/s`);
  if (isShortRun()) console.log(`BENCH_SECONDS=${process.env.BENCH_SECONDS}: shortened run, for a smoke check only — figures are not comparable with full runs`);
  console.log('');

  const tables: BenchTable[] = [];
  let failed = false;
  for (const name of names) {
    const b = BENCHES[name];
    log(`${name}: ${b.about}${isShortRun() ? '' : ` (~${b.fullMinutes} min)`}`);
    try {
      const { table } = await b.run(log);
      tables.push(table);
      if (table.verdicts.includes('FAIL')) failed = true;
      console.log(`${renderTable(table)}\n`);
    } catch (e) {
      failed = true;
      if (isAborted()) break;
      console.log(`${name}: could not run: ${(e as Error).stack ?? e}\n`);
    } finally {
      await cleanupAll();
    }
  }
  const verdicts = tables.flatMap((t) => t.verdicts);
  console.log(`summary: ${verdicts.filter((v) => v === 'PASS').length} PASS, ${verdicts.filter((v) => v === 'FAIL').length} FAIL${failed && !verdicts.includes('FAIL') ? ', some benchmarks did not run' : ''}`);
  if (process.env.BENCH_MARKDOWN) {
    writeFileSync(process.env.BENCH_MARKDOWN, `${tables.map(renderMarkdown).join('\n\n')}\n`);
    log(`tables written to ${process.env.BENCH_MARKDOWN}`);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => { process.exitCode = code; },
  async (e: Error) => { console.error(e.stack ?? e); await cleanupAll(); process.exitCode = 1; },
);
