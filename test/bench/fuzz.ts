/**
 * The fuzz tests (`*.fuzz.test.ts`: line protocol, /write, socket events, JSON routes) run longer
 * than in `npm test`: the same properties with FUZZ_SCALE times the runs and a seed of this run's
 * own, so every benchmark run explores inputs `npm test` never tried. The baseline is the same files
 * at their `npm test` size with the fixed seed, measured in the same run.
 *
 * Target: no counterexample. A failure prints the seed; `FUZZ_SEED=<seed> FUZZ_SCALE=<scale>
 * npx vitest run <file>` repeats it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaled } from './support/durations.ts';
import { dec, int, type BenchTable, type Verdict } from './support/table.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface FileResult { file: string; tests: number; failed: number; ms: number; failure?: string }

export async function runFuzz(log: (s: string) => void): Promise<{ table: BenchTable }> {
  const files = fuzzFiles(join(ROOT, 'test'));
  if (files.length === 0) throw new Error('bench: fuzz: no *.fuzz.test.ts files under test/');
  // 20× the npm test runs in a full run (BENCH_SECONDS=60), fewer in a short one.
  const scale = Math.max(2, Math.round(scaled(20, 0) / 1000));
  const seed = Date.now() % 2_147_483_647;
  log(`fuzz: ${files.length} files at their npm test size, then ×${scale} with seed ${seed}`);
  const base = await vitest(files, {});
  const long = await vitest(files, { FUZZ_SCALE: String(scale), FUZZ_SEED: String(seed) });
  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  for (const f of files) {
    const b = base.get(f), l = long.get(f);
    const pass = !!l && l.failed === 0 && !!b && b.failed === 0;
    verdicts.push(pass ? 'PASS' : 'FAIL');
    rows.push([
      relative(ROOT, f), int(l?.tests ?? NaN), dec((b?.ms ?? NaN) / 1000, 1), `×${scale}`, dec((l?.ms ?? NaN) / 1000, 1),
      'no counterexample', pass ? 'PASS' : 'FAIL',
    ]);
    if (l?.failure) log(`fuzz: ${relative(ROOT, f)}: ${l.failure.split('\n').slice(0, 6).join(' | ')}`);
  }
  return {
    table: {
      title: 'fuzzing: the fuzz tests at npm test size (fixed seed) and longer (fresh seed)',
      columns: ['file', 'tests', 'npm test s', 'runs', 'long run s', 'target', 'verdict'],
      rows,
      notes: [`long run: FUZZ_SCALE=${scale} FUZZ_SEED=${seed} (repeat a failure with these and the file)`],
      verdicts,
    },
  };
}

function fuzzFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...fuzzFiles(p));
    else if (e.name.endsWith('.fuzz.test.ts')) out.push(p);
  }
  return out.sort();
}

/** Runs vitest on the files with extra environment and reads its JSON report, per file. */
async function vitest(files: string[], env: Record<string, string>): Promise<Map<string, FileResult>> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-fuzz-'));
  const report = join(tmp, 'report.json');
  try {
    const args = ['vitest', 'run', '--reporter=json', `--outputFile=${report}`, '--testTimeout=600000', ...files.map((f) => relative(ROOT, f))];
    await new Promise<void>((resolve, reject) => {
      const child = spawn('npx', args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
      child.once('error', reject);
      child.once('exit', () => resolve()); // failing tests exit 1; the report says which
    });
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: { name: string; startTime: number; endTime: number; assertionResults: { status: string; failureMessages: string[] }[] }[];
    };
    const out = new Map<string, FileResult>();
    for (const r of json.testResults) {
      const failedTests = r.assertionResults.filter((a) => a.status === 'failed');
      out.set(r.name, {
        file: r.name, tests: r.assertionResults.length, failed: failedTests.length, ms: r.endTime - r.startTime,
        failure: failedTests[0]?.failureMessages.join('\n'),
      });
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
