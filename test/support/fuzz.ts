/**
 * fast-check settings shared by the fuzz tests (files named `*.fuzz.test.ts`): a fixed seed and a short
 * run in `npm test`, a longer run from `npm run bench -- fuzz` (which sets FUZZ_RUNS and may set FUZZ_SEED).
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261201);

/** Runs for a property: `testDefault` in `npm test`, FUZZ_RUNS when the fuzz benchmark sets it. */
export function fuzzRuns(testDefault: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isFinite(n) && n > 0 ? Math.round(n) : testDefault;
}

/** Parameters for `fc.assert(property, fuzzParams(200))`. */
export function fuzzParams(testDefault: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(testDefault) };
}
