/**
 * fast-check settings shared by the fuzz tests (files named `*.fuzz.test.ts`): a fixed seed and a short
 * run in `npm test`, a longer run from `npm run bench -- fuzz` (FUZZ_SCALE, FUZZ_SEED).
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/**
 * Runs for a property: `testDefault` in `npm test`; FUZZ_RUNS (a count) or FUZZ_SCALE (a multiple
 * of the default, what `npm run bench -- fuzz` sets) when given.
 */
export function fuzzRuns(testDefault: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  if (Number.isFinite(n) && n > 0) return Math.round(n);
  const scale = Number(process.env.FUZZ_SCALE);
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round(testDefault * scale)) : testDefault;
}

/** Parameters for `fc.assert(property, fuzzParams(200))`. */
export function fuzzParams(testDefault: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(testDefault) };
}
