/**
 * Tables of sign-in, as migrations of the records database under the module name 'auth'.
 * Only hashes of secrets are stored: a session's id is the sha256 of its cookie, a token's
 * `secret_hash` the sha256 of its secret, a password its argon2id hash. Times are epoch ms.
 */
import type { Migration } from '../records/records-db.ts';

export const AUTH_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE auth_users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        -- the username as compared: case-folded, so "Admin" and "admin" are one user
        username_key TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        roles TEXT NOT NULL,
        scopes TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        failed_count INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER,
        must_change_password INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        last_login_at INTEGER
      );
      CREATE TABLE auth_tokens (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('display', 'gateway')),
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        last_used_at INTEGER,
        revoked_at INTEGER
      );
      CREATE TABLE auth_sessions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('user', 'display', 'guest')),
        user_id TEXT REFERENCES auth_users(id) ON DELETE CASCADE,
        token_id TEXT REFERENCES auth_tokens(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        last_seen_at INTEGER NOT NULL,
        address TEXT NOT NULL
      );
      CREATE INDEX auth_sessions_user ON auth_sessions(user_id);
      CREATE INDEX auth_sessions_token ON auth_sessions(token_id);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor_kind TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT,
        address TEXT NOT NULL
      );
      CREATE INDEX audit_log_at ON audit_log(at);
      CREATE INDEX audit_log_actor ON audit_log(actor_name, id);
      CREATE INDEX audit_log_action ON audit_log(action, id);
      CREATE INDEX audit_log_target ON audit_log(target, id);
    `,
  },
];
