/**
 * Start-up checks of an SQLite file (the time-series store's and the records database): a damaged
 * file stops the start with an error naming the file and what to do, and a write-ahead log that
 * was cut short is reported instead of being silently rolled back by SQLite.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import { isDamage } from './sqlite-errors.ts';

/** The error for a damaged database file: which file, what SQLite found, how to recover. */
export function damagedFileError(subsystem: string, path: string, detail: string, cause?: unknown): Error {
  const name = basename(path);
  return new Error(
    `${subsystem}: the database file ${path} is damaged (${detail}). Stop the server, move ${name} ` +
    `and its ${name}-wal and ${name}-shm files aside, and restore them from a backup; or start without ` +
    'them to begin with an empty database.',
    { cause },
  );
}

/**
 * `PRAGMA quick_check` (reads every page, O(file size); skips only the index cross-checks of
 * `integrity_check`): throws `damagedFileError` unless the file is sound.
 */
export function quickCheck(db: Database, subsystem: string, path: string): void {
  if (path === ':memory:') return;
  const problems = (db.pragma('quick_check(3)') as { quick_check: string }[]).map((r) => r.quick_check);
  if (problems.length === 1 && problems[0] === 'ok') return;
  const lines = problems.flatMap((p) => p.split('\n')).filter((l) => l && !l.startsWith('***'));
  throw damagedFileError(subsystem, path, `quick_check: ${lines.join('; ')}`);
}

/** `e` as `damagedFileError` if SQLite found the file damaged, else unchanged. */
export function asDamaged(e: unknown, subsystem: string, path: string): unknown {
  return isDamage(e) ? damagedFileError(subsystem, path, (e as Error).message, e) : e;
}

const WAL_MAGIC = [0x377f0682, 0x377f0683];
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;

/**
 * Why the write-ahead log of `path` looks cut short, or undefined. SQLite replays a WAL up to its
 * last whole, checksummed commit and drops the rest without a word; this names the loss. Run it
 * before opening (opening replays and may rewrite the log).
 */
export function walDamage(subsystem: string, path: string): string | undefined {
  if (path === ':memory:') return undefined;
  const wal = `${path}-wal`;
  if (!existsSync(wal)) {
    // -shm without -wal: the server stopped without closing the database and the log was removed.
    return existsSync(`${path}-shm`) && existsSync(path)
      ? `${subsystem}: ${wal} is missing although ${basename(path)}-shm is there: writes made since the last checkpoint may be lost`
      : undefined;
  }
  const size = statSync(wal).size;
  if (size === 0) return undefined;
  const header = Buffer.alloc(WAL_HEADER_BYTES);
  const fd = openSync(wal, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, WAL_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (read < WAL_HEADER_BYTES || !WAL_MAGIC.includes(header.readUInt32BE(0))) {
    return `${subsystem}: ${wal} has no valid header (${size} bytes): writes made since the last checkpoint may be lost`;
  }
  const frame = FRAME_HEADER_BYTES + header.readUInt32BE(8);
  const rest = (size - WAL_HEADER_BYTES) % frame;
  if (rest !== 0) {
    return `${subsystem}: ${wal} ends in the middle of a frame (${size} bytes, ${rest} bytes past the last whole ` +
      `${frame}-byte frame): it was cut short, and writes made since the last checkpoint may be lost`;
  }
  return undefined;
}
