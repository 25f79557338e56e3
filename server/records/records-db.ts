/**
 * The embedded database for the product's records (indicator assessments, alert lifecycles, …):
 * small, relational, written by people, so it lives on the main thread in its own SQLite file,
 * apart from the time-series store and its worker.
 *
 * Each module that keeps records owns its tables and declares them as numbered migrations under
 * its own name; `migrate` applies the ones not yet applied, each in one transaction.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { asDamaged, quickCheck, walDamage } from '../store/sqlite/integrity.ts';

export type RecordsDb = Database.Database;

export interface Migration {
  /** 1, 2, 3 … in the order they must run; never renumber one that has shipped. */
  version: number;
  sql: string;
}

/** How often the write-ahead log is copied into the database file, ms (bounds what a cut-short log loses). */
const CHECKPOINT_EVERY_MS = 30_000;

/**
 * Opens (or creates) the records database; `:memory:` for throwaway use. A damaged file stops the
 * start with an error naming it (PRAGMA quick_check); a write-ahead log found cut short is logged.
 */
export function openRecordsDb(path: string): RecordsDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const wal = walDamage('records', path);
  if (wal) console.warn(wal);
  let db: RecordsDb | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // A confirmed change (an acknowledged alert, an assessment) must survive a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    quickCheck(db, 'records', path);
    db.exec('CREATE TABLE IF NOT EXISTS schema_versions (module TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  } catch (e) {
    db?.close();
    throw asDamaged(e, 'records', path);
  }
  const opened = db;
  // SQLite checkpoints after 1000 pages; records are small, so without a timer the log could hold days.
  const timer = setInterval(() => {
    if (!opened.open) { clearInterval(timer); return; }
    try { opened.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { console.warn(`records: checkpoint of ${path} failed: ${(e as Error).message}`); }
  }, CHECKPOINT_EVERY_MS);
  timer.unref();
  return opened;
}

/** Brings `module`'s tables up to its latest migration. */
export function migrate(db: RecordsDb, module: string, migrations: readonly Migration[]): void {
  const row = db.prepare('SELECT version FROM schema_versions WHERE module = ?').get(module) as { version: number } | undefined;
  const current = row?.version ?? 0;
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > current);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_versions (module, version) VALUES (?, ?) ON CONFLICT(module) DO UPDATE SET version = excluded.version').run(module, m.version);
    })();
  }
}
