/**
 * Output that appears whole or not at all: files are written into a staging folder beside the
 * target and moved into place with renames only when everything succeeded, so a failed import
 * leaves the previous model untouched and a viewer never reads half a file.
 *
 * `files` mode replaces just the files written (other files in the folder stay);
 * `directory` mode replaces the whole folder (a regenerated twin).
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, normalize, isAbsolute, sep } from 'node:path';

export class AtomicOutput {
  readonly staging: string;
  private readonly files: string[] = [];

  private constructor(readonly dir: string, private readonly mode: 'files' | 'directory') {
    this.staging = join(dirname(dir), `.${basename(dir)}.staging-${process.pid}-${Date.now()}`);
  }

  static async begin(dir: string, mode: 'files' | 'directory' = 'files'): Promise<AtomicOutput> {
    const out = new AtomicOutput(dir, mode);
    await mkdir(out.staging, { recursive: true });
    return out;
  }

  /** Writes `name` (a relative path; sub-folders allowed) into the staging folder. */
  async write(name: string, data: string | Uint8Array): Promise<string> {
    const rel = normalize(name);
    if (isAbsolute(rel) || rel.split(sep).includes('..') || rel.startsWith('.')) throw new Error(`output: bad file name "${name}"`);
    const path = join(this.staging, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    this.files.push(rel);
    return path;
  }

  /** Moves the output into place; returns the final paths of the files written. */
  async commit(): Promise<string[]> {
    if (this.mode === 'directory') {
      const old = `${this.staging}.old`;
      const had = existsSync(this.dir);
      if (had) await rename(this.dir, old);
      await rename(this.staging, this.dir);
      if (had) await rm(old, { recursive: true, force: true });
    } else {
      for (const rel of this.files) {
        await mkdir(dirname(join(this.dir, rel)), { recursive: true });
        await rename(join(this.staging, rel), join(this.dir, rel));
      }
      await rm(this.staging, { recursive: true, force: true });
    }
    return this.files.map((f) => join(this.dir, f));
  }

  async abandon(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }
}
