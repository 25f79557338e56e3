import { it } from 'vitest';
import type { SampleFolder } from './sample-data.ts';

/**
 * Registers, when the folder is missing, one skipped test whose title names it and a warning in the
 * output, so a run without the samples says what it did not test. Returns whether they are there.
 */
export function requireSamples(folder: SampleFolder): boolean {
  if (folder.present) return true;
  console.warn(`samples: ${folder.missing}; the tests that need them are skipped`);
  it.skip(folder.missing, () => {});
  return false;
}
