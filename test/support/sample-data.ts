/**
 * The public sample files nobody here wrote (IFC models, 3D Tiles; see SOURCES.md in their folder).
 * They are read from SAMPLE_DATA_DIR, or from ../shared/data beside the clone, never copied into
 * the repository. Without them the tests that need them are reported skipped, naming the folder.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Where the samples are looked for. */
export const SAMPLE_DATA_DIR = resolve(process.env.SAMPLE_DATA_DIR ?? join(repoRoot, '../shared/data'));

export interface SampleFolder {
  /** Absolute path of the sub-folder (`ifc`, `3dtiles`). */
  dir: string;
  present: boolean;
  /** Why tests that need it are skipped, naming the folder and how to provide it. */
  missing: string;
}

export function sampleFolder(sub: string): SampleFolder {
  const dir = join(SAMPLE_DATA_DIR, sub);
  return {
    dir,
    present: existsSync(dir),
    missing: `public sample files not found in ${dir} (set SAMPLE_DATA_DIR to the folder that holds ${sub}/)`,
  };
}
