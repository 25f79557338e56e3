/**
 * Bounded on-disk spool for writes the store could not take while it was unreachable.
 * One file per batch (written to a temporary name, fsynced, then renamed), drained oldest first.
 * Records name their series by key and field, not by id, so they survive a server restart.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SeriesDef } from '../store/types.ts';
import type { TextSamples } from '../../streams/live-protocol.ts';

export interface SpoolRecord {
  series: SeriesDef[];
  sid: Uint32Array;
  t: Float64Array;
  v: Float64Array;
  text: TextSamples;
}

export class SpoolFullError extends Error {
  override name = 'SpoolFullError';
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
    const body = JSON.stringify({
      series: rec.series,
      sid: b64(rec.sid), t: b64(rec.t), v: b64(rec.v), text: rec.text,
    });
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

  /** The oldest record, or undefined when empty. */
  async peek(): Promise<SpoolRecord | undefined> {
    const name = this.files[0];
    if (!name) return undefined;
    const raw = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as
      { series: SeriesDef[]; sid: string; t: string; v: string; text: TextSamples };
    return {
      series: raw.series, text: raw.text,
      sid: new Uint32Array(unb64(raw.sid)), t: new Float64Array(unb64(raw.t)), v: new Float64Array(unb64(raw.v)),
    };
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

function b64(a: Uint32Array | Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function unb64(s: string): ArrayBuffer {
  const b = Buffer.from(s, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}
