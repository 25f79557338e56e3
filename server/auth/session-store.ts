/**
 * Sessions: the auth_sessions table, mirrored in memory, so that a request's cookie costs one
 * sha256 and one map lookup. `last_seen_at` is kept exact in memory and written at most once a
 * minute per session: idle expiry survives a restart within that minute.
 */
import type { RecordsDb } from '../records/records-db.ts';

export type SessionKind = 'user' | 'display' | 'guest';

export interface Session {
  /** sha256 (hex) of the cookie's secret. */
  id: string;
  kind: SessionKind;
  userId: string | null;
  tokenId: string | null;
  csrfToken: string;
  createdAt: number;
  /** Epoch ms of the absolute end; null for displays, which never expire. */
  expiresAt: number | null;
  lastSeenAt: number;
  address: string;
}

interface SessionRow {
  id: string; kind: SessionKind; user_id: string | null; token_id: string | null; csrf_token: string;
  created_at: number; expires_at: number | null; last_seen_at: number; address: string;
}

const PERSIST_SEEN_EVERY_MS = 60_000;

export class SessionStore {
  private readonly byId = new Map<string, Session>();
  private readonly persistedSeen = new Map<string, number>();
  private readonly q;

  constructor(db: RecordsDb) {
    this.q = {
      insert: db.prepare(`INSERT INTO auth_sessions (id, kind, user_id, token_id, csrf_token, created_at, expires_at, last_seen_at, address)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      seen: db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id = ?'),
      remove: db.prepare('DELETE FROM auth_sessions WHERE id = ?'),
    };
    for (const r of db.prepare('SELECT * FROM auth_sessions').all() as SessionRow[]) {
      const s = fromRow(r);
      this.byId.set(s.id, s);
      this.persistedSeen.set(s.id, s.lastSeenAt);
    }
  }

  get(id: string): Session | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<Session> {
    return this.byId.values();
  }

  insert(s: Session): void {
    this.q.insert.run(s.id, s.kind, s.userId, s.tokenId, s.csrfToken, s.createdAt, s.expiresAt, s.lastSeenAt, s.address);
    this.byId.set(s.id, s);
    this.persistedSeen.set(s.id, s.lastSeenAt);
  }

  touch(s: Session, at: number): void {
    if (at <= s.lastSeenAt) return;
    s.lastSeenAt = at;
    if (at - (this.persistedSeen.get(s.id) ?? 0) >= PERSIST_SEEN_EVERY_MS) {
      this.q.seen.run(at, s.id);
      this.persistedSeen.set(s.id, at);
    }
  }

  /** True when it existed. */
  remove(id: string): boolean {
    if (!this.byId.has(id)) return false;
    this.q.remove.run(id);
    this.byId.delete(id);
    this.persistedSeen.delete(id);
    return true;
  }

  /** Ids of the sessions matching, for the caller to end. */
  where(match: (s: Session) => boolean): string[] {
    const out: string[] = [];
    for (const s of this.byId.values()) if (match(s)) out.push(s.id);
    return out;
  }
}

function fromRow(r: SessionRow): Session {
  return {
    id: r.id, kind: r.kind, userId: r.user_id, tokenId: r.token_id, csrfToken: r.csrf_token, createdAt: r.created_at,
    expiresAt: r.expires_at, lastSeenAt: r.last_seen_at, address: r.address,
  };
}
