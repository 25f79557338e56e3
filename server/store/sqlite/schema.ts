/** SQLite schema of the embedded store: field series, raw samples and two rollup resolutions. */

export const ROLLUPS = [
  { table: 'rollup_1m', bucketMs: 60_000, name: '1m' },
  { table: 'rollup_1h', bucketMs: 3_600_000, name: '1h' },
] as const;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  measurement TEXT NOT NULL,
  tags TEXT NOT NULL,
  field TEXT NOT NULL,
  type TEXT NOT NULL,
  UNIQUE (key, field)
);
CREATE TABLE IF NOT EXISTS samples (
  sid INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL,
  PRIMARY KEY (sid, t)
) WITHOUT ROWID;
-- Write-ahead staging: one packed row per write batch, appended in order (sequential pages).
-- Compaction moves staged samples into 'samples' series by series, so a batch that touches
-- thousands of series does not rewrite thousands of B-tree pages on every commit.
CREATE TABLE IF NOT EXISTS staging (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS samples_text (
  sid INTEGER NOT NULL, t INTEGER NOT NULL, s TEXT NOT NULL,
  PRIMARY KEY (sid, t)
) WITHOUT ROWID;
${ROLLUPS.map((r) => `
CREATE TABLE IF NOT EXISTS ${r.table} (
  sid INTEGER NOT NULL, t INTEGER NOT NULL,
  n INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
  last REAL NOT NULL, last_t INTEGER NOT NULL,
  PRIMARY KEY (sid, t)
) WITHOUT ROWID;`).join('\n')}
`;
