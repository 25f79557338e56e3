/**
 * Bounded on-disk spool for writes the store could not take while it was unreachable.
 * One file per batch (written to a temporary name, fsynced, then renamed), drained oldest first.
 * Records name their series by key and field, not by id, so they survive a server restart.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SampleRecord } from '../store/types.ts';
import { decodeRecord, encodeRecord } from '../store/sample-record.ts';

export type SpoolRecord = SampleRecord;

export class SpoolFullError extends Error {
  override name = 'SpoolFullError';
}

/** The oldest spool file cannot be read back; `setAsideOldest()` moves it out of the way. */
export class SpoolDamagedError extends Error {
  override name = 'SpoolDamagedError';
}

export class DiskSpool {
  private bytes = 0;
  private points = 0;
  private files: string[] = [];
  private seq = 0;

  /** @param maxBytes upper bound of the spool on disk (default 256 MiB). */
  constructor(private readonly dir: string, private readonly maxBytes = 256 * 1024 * 1024) {
    mkdirSync(dir, { recursive: true });
    this.files = readdirSync(dir).filter((f) => f.endsWith('.spool')).sort();
    for (const f of this.files) {
      this.bytes += statSync(join(dir, f)).size;
      this.points += Number(/-(\d+)\.spool$/.exec(f)?.[1] ?? 0);
    }
    const last = this.files.at(-1);
    this.seq = last ? parseInt(last, 10) + 1 : 0;
  }

  get isEmpty(): boolean {
    return this.files.length === 0;
  }

  get spooledPoints(): number {
    return this.points;
  }

  get spooledBytes(): number {
    return this.bytes;
  }

  /** Durably appends a record; throws SpoolFullError (nothing written) when it would not fit. */
  async append(rec: SpoolRecord): Promise<void> {
    const body = encodeRecord(rec);
    const size = Buffer.byteLength(body);
    if (this.bytes + size > this.maxBytes) {
      throw new SpoolFullError(`spool: full (${this.bytes} of ${this.maxBytes} bytes used); the store is unreachable and this batch of ${rec.sid.length + rec.text.sid.length} points was not accepted`);
    }
    const n = rec.sid.length + rec.text.sid.length;
    const name = `${String(this.seq++).padStart(12, '0')}-${n}.spool`;
    const tmp = join(this.dir, `${name}.tmp`);
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, join(this.dir, name));
    this.files.push(name);
    this.bytes += size;
    this.points += n;
  }

  /** The oldest record, or undefined when empty; throws SpoolDamagedError if its file cannot be read back. */
  async peek(): Promise<SpoolRecord | undefined> {
    const name = this.files[0];
    if (!name) return undefined;
    const path = join(this.dir, name);
    try {
      const { series, sid, t, v, text } = decodeRecord(await readFile(path, 'utf8'));
      return { series, sid, t, v, text };
    } catch (e) {
      throw new SpoolDamagedError(`spool: ${path} cannot be read back (${(e as Error).message})`, { cause: e });
    }
  }

  /**
   * Renames the oldest record to `*.damaged` (kept for inspection, no longer counted), so one file
   * that cannot be read does not stop the rest of the spool from draining.
   */
  async setAsideOldest(): Promise<string | undefined> {
    const name = this.files.shift();
    if (!name) return undefined;
    const path = join(this.dir, name);
    this.bytes -= statSync(path).size;
    this.points -= Number(/-(\d+)\.spool$/.exec(name)?.[1] ?? 0);
    await rename(path, `${path}.damaged`);
    return `${path}.damaged`;
  }

  /** Removes the oldest record once the store has taken it. */
  async shift(): Promise<void> {
    const name = this.files.shift();
    if (!name) return;
    const path = join(this.dir, name);
    this.bytes -= statSync(path).size;
    this.points -= Number(/-(\d+)\.spool$/.exec(name)?.[1] ?? 0);
    await unlink(path);
  }
}
