/**
 * Batches a store refused, kept on disk (one JSON file each, under DATA_DIR/quarantine-<store>) with
 * the reason and the time, so a bad row is set aside instead of being retried forever, and an
 * operator can see what was refused and why. Bounded by count and bytes: the oldest go first.
 *
 * Writes are synchronous: they only happen when something was refused, never on the ingest path.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRecord, recordPoints } from './sample-record.ts';
import type { SampleRecord } from './types.ts';

export interface QuarantineLimits {
  /** Most records kept. Default 1000. */
  maxRecords: number;
  /** Most bytes kept (a single larger record is still kept, alone). Default 64 MiB. */
  maxBytes: number;
}

export const DEFAULT_QUARANTINE_LIMITS: QuarantineLimits = { maxRecords: 1000, maxBytes: 64 * 1024 * 1024 };

export interface QuarantineStats {
  /** Records (refused batches) on disk now. */
  records: number;
  /** Points in them. */
  points: number;
  bytes: number;
  /** Records removed to stay within the limits since the server started. */
  dropped: number;
  lastReason?: string;
  /** When the last record was added, epoch ms. */
  lastAt?: number;
}

interface Entry { name: string; bytes: number; points: number }

export class Quarantine {
  private readonly entries: Entry[] = [];
  private bytes = 0;
  private points = 0;
  private dropped = 0;
  private seq = 0;
  private last: { reason: string; at: number } | undefined;

  constructor(readonly dir: string, private readonly limits: QuarantineLimits = DEFAULT_QUARANTINE_LIMITS) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).filter((f) => /^\d+-\d+\.json$/.test(f)).sort()) {
      const bytes = statSync(join(dir, name)).size;
      const points = Number(/-(\d+)\.json$/.exec(name)![1]);
      this.entries.push({ name, bytes, points });
      this.bytes += bytes;
      this.points += points;
    }
    const newest = this.entries.at(-1);
    if (newest) {
      this.seq = parseInt(newest.name, 10) + 1;
      try {
        const { reason, at } = JSON.parse(readFileSync(join(dir, newest.name), 'utf8')) as { reason?: string; at?: string };
        if (typeof reason === 'string' && typeof at === 'string') this.last = { reason, at: Date.parse(at) };
      } catch {
        /* an unreadable record still counts; it just gives no last reason */
      }
    }
  }

  /** Durably keep a refused record with its reason; returns the file written. */
  add(rec: SampleRecord, reason: string, at = Date.now()): string {
    const body = encodeRecord(rec, { reason, at: new Date(at).toISOString() });
    const points = recordPoints(rec);
    const name = `${String(this.seq++).padStart(12, '0')}-${points}.json`;
    const path = join(this.dir, name);
    const fd = openSync(`${path}.tmp`, 'w');
    try {
      writeSync(fd, body);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(`${path}.tmp`, path);
    const bytes = Buffer.byteLength(body);
    this.entries.push({ name, bytes, points });
    this.bytes += bytes;
    this.points += points;
    this.last = { reason, at };
    this.evict();
    return path;
  }

  get stats(): QuarantineStats {
    return {
      records: this.entries.length, points: this.points, bytes: this.bytes, dropped: this.dropped,
      lastReason: this.last?.reason, lastAt: this.last?.at,
    };
  }

  private evict(): void {
    while (this.entries.length > 1 && (this.entries.length > this.limits.maxRecords || this.bytes > this.limits.maxBytes)) {
      const old = this.entries.shift()!;
      this.bytes -= old.bytes;
      this.points -= old.points;
      this.dropped++;
      try {
        unlinkSync(join(this.dir, old.name));
      } catch {
        /* already gone */
      }
    }
  }
}
