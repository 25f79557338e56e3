/** How SQLite's failures are told apart: the database cannot work now, or this batch cannot be stored. */

/**
 * Result codes (better-sqlite3's `SqliteError.code`, extended codes included) that mean the
 * database file cannot be written at the moment, whatever the batch: a lock, a full disk, I/O,
 * permissions, damage. A write failing so is spooled and retried; anything else is the batch's fault.
 */
const STORAGE_FAILURE = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL|NOMEM|CORRUPT|NOTADB|PERM|AUTH)/;

export function isStorageFailure(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_FAILURE.test(code);
}

/** The file is not a database, or its pages are damaged. */
export function isDamage(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}
