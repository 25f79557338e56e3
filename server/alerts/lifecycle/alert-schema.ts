/** Tables of the alert lifecycle in the records database: the alerts and their append-only history. */
import type { Migration } from '../../records/records-db.ts';

export const ALERT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dedup_key TEXT NOT NULL,
        community TEXT NOT NULL,
        neighbourhood TEXT NOT NULL,
        type TEXT NOT NULL,
        severity TEXT NOT NULL,
        source TEXT NOT NULL,
        rule_id TEXT,
        device TEXT NOT NULL,
        tags TEXT NOT NULL,
        location TEXT NOT NULL,
        message TEXT NOT NULL,
        value REAL,
        state TEXT NOT NULL,
        revision INTEGER NOT NULL,
        raised_at INTEGER NOT NULL,
        clock_from INTEGER NOT NULL,
        count INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        active INTEGER NOT NULL,
        acknowledged_at INTEGER,
        acknowledged_by TEXT,
        assignee TEXT,
        dispatched_at INTEGER,
        resolved_at INTEGER,
        resolved_by TEXT,
        closed_at INTEGER,
        ack_seconds REAL,
        resolve_seconds REAL,
        escalated INTEGER NOT NULL DEFAULT 0,
        escalation_level INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX alerts_by_community_time ON alerts (community, raised_at);
      CREATE INDEX alerts_by_time ON alerts (raised_at);
      CREATE INDEX alerts_open ON alerts (state) WHERE state IN ('raised', 'acknowledged', 'dispatched');

      CREATE TABLE alert_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        alert_id INTEGER NOT NULL REFERENCES alerts (id),
        action TEXT NOT NULL,
        from_state TEXT,
        to_state TEXT NOT NULL,
        operator TEXT NOT NULL,
        comment TEXT NOT NULL,
        detail TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX alert_history_by_alert ON alert_history (alert_id, seq);
      CREATE INDEX alert_history_by_time ON alert_history (at);
      -- The history is evidence of who did what: it is only ever appended to.
      CREATE TRIGGER alert_history_no_update BEFORE UPDATE ON alert_history
        BEGIN SELECT RAISE(ABORT, 'alerts: the history is append-only'); END;
      CREATE TRIGGER alert_history_no_delete BEFORE DELETE ON alert_history
        BEGIN SELECT RAISE(ABORT, 'alerts: the history is append-only'); END;
    `,
  },
  {
    version: 2,
    // Rankings read the acknowledgement times of the last day across the whole tree.
    sql: 'CREATE INDEX alerts_by_ack_time ON alerts (acknowledged_at) WHERE acknowledged_at IS NOT NULL;',
  },
  {
    version: 3,
    // Drills of emergency plans: kept with the real records, left out of every count.
    sql: 'ALTER TABLE alerts ADD COLUMN drill INTEGER NOT NULL DEFAULT 0;',
  },
];
