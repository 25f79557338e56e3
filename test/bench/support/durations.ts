/**
 * Phase lengths of the benchmarks. The full run uses the durations of docs/performance.md;
 * BENCH_SECONDS=<s> sets the length of a standard (60 s) phase and scales every other duration
 * with it, so `BENCH_SECONDS=6 npm run bench` is a two-minute smoke run of the same code.
 */

const FULL_PHASE_S = 60;

function phaseSeconds(): number {
  const raw = process.env.BENCH_SECONDS;
  if (raw === undefined || raw === '') return FULL_PHASE_S;
  const s = Number(raw);
  if (!Number.isFinite(s) || s < 1 || s > 3600) throw new Error(`bench: BENCH_SECONDS="${raw}" is not a number of seconds from 1 to 3600`);
  return s;
}

/** Full-run seconds → milliseconds of this run (at least `minMs`). */
export function scaled(fullSeconds: number, minMs = 1000): number {
  return Math.max(minMs, Math.round((fullSeconds * 1000 * phaseSeconds()) / FULL_PHASE_S));
}

/** True when BENCH_SECONDS shortened the run (tables say so: short runs are for smoke checks). */
export const isShortRun = (): boolean => phaseSeconds() !== FULL_PHASE_S;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
