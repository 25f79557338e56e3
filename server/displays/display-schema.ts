/**
 * Tables of the display profiles and their screens' last heartbeat, as migrations of the records
 * database under the module name 'displays' (after 'auth': a profile names a display token).
 * Views and watchdog settings are JSON; times are epoch ms.
 */
import type { Migration } from '../records/records-db.ts';

export const DISPLAY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE display_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        token_id TEXT NOT NULL REFERENCES auth_tokens(id),
        node TEXT NOT NULL,
        layout TEXT NOT NULL,
        lang TEXT NOT NULL,
        scale TEXT NOT NULL,
        views TEXT NOT NULL,
        hide_cursor_s INTEGER,
        watchdog TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE display_screens (
        display_id TEXT PRIMARY KEY REFERENCES display_profiles(id) ON DELETE CASCADE,
        last_seen_at INTEGER NOT NULL,
        version TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        heap_mb REAL,
        reloads INTEGER NOT NULL,
        last_reload_reason TEXT,
        last_reload_detail TEXT,
        last_reload_at INTEGER
      );
    `,
  },
];
