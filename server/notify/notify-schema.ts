/**
 * Tables of notifications in the records database, under the module name 'notify': channels
 * (settings as JSON, secrets included: the records file is the server's own, never an answer),
 * routing rules, and the escalation step each unacknowledged alert has reached, so a restart
 * neither repeats nor skips a step.
 */
import type { Migration } from '../records/records-db.ts';

export const NOTIFY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE notify_channels (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        node TEXT NOT NULL,
        role TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        settings TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX notify_channels_by_node ON notify_channels (node);
      CREATE TABLE notify_rules (
        position INTEGER PRIMARY KEY,
        rule TEXT NOT NULL
      );
      CREATE TABLE notify_escalations (
        alert_id INTEGER PRIMARY KEY,
        step INTEGER NOT NULL,
        clock_from INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    // The key of the acknowledgement links in messages (ack-links.ts).
    sql: `CREATE TABLE notify_keys (name TEXT PRIMARY KEY, value BLOB NOT NULL);`,
  },
];
