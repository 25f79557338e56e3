/**
 * Output that appears whole or not at all: files are written into a staging folder beside the
 * target and swapped in with renames only when everything succeeded, so a failed import leaves
 * the previous model untouched and a viewer never reads half a file.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class AtomicOutput {
  private readonly staging: string;
  private readonly files: string[] = [];

  private constructor(readonly dir: string) {
    this.staging = join(dirname(dir), `.${basename(dir)}.staging-${process.pid}-${Date.now()}`);
  }

  /** Starts an output that will replace the files it writes in `dir` (other files there stay). */
  static async begin(dir: string): Promise<AtomicOutput> {
    const out = new AtomicOutput(dir);
    await mkdir(out.staging, { recursive: true });
    return out;
  }

  async write(name: string, data: string | Uint8Array): Promise<void> {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`output: bad file name "${name}"`);
    await writeFile(join(this.staging, name), data);
    this.files.push(name);
  }

  /** Moves every written file into place; each rename is atomic on one filesystem. */
  async commit(): Promise<string[]> {
    await mkdir(this.dir, { recursive: true });
    for (const name of this.files) await rename(join(this.staging, name), join(this.dir, name));
    await rm(this.staging, { recursive: true, force: true });
    return this.files.map((f) => join(this.dir, f));
  }

  async abandon(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }
}
