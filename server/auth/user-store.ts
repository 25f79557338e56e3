/**
 * People who sign in: the auth_users table, mirrored in memory (there are at most thousands) so
 * that turning a session into a principal never touches the database.
 */
import type { RecordsDb } from '../records/records-db.ts';
import type { UserRole } from './principal.ts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: UserRole[];
  scopes: string[];
  disabled: boolean;
  failedCount: number;
  /** Epoch ms, or null when not locked. */
  lockedUntil: number | null;
  mustChangePassword: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

/** What the admin API shows of a user: everything but the hash and the failure count. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  roles: UserRole[];
  scopes: string[];
  disabled: boolean;
  lockedUntil: number | null;
  mustChangePassword: boolean;
  createdAt: number;
  lastLoginAt: number | null;
}

interface UserRow {
  id: string; username: string; display_name: string; password_hash: string; roles: string; scopes: string;
  disabled: number; failed_count: number; locked_until: number | null; must_change_password: number;
  created_at: number; last_login_at: number | null;
}

/** The username as compared: NFKC, case-folded. */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export function userView(u: User, now: number): UserView {
  return {
    id: u.id, username: u.username, displayName: u.displayName, roles: [...u.roles], scopes: [...u.scopes], disabled: u.disabled,
    lockedUntil: u.lockedUntil !== null && u.lockedUntil > now ? u.lockedUntil : null,
    mustChangePassword: u.mustChangePassword, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt,
  };
}

export class UserStore {
  private readonly byId = new Map<string, User>();
  private readonly byKey = new Map<string, User>();
  private readonly q;

  constructor(db: RecordsDb) {
    this.q = {
      insert: db.prepare(`INSERT INTO auth_users (id, username, username_key, display_name, password_hash, roles, scopes, disabled,
        failed_count, locked_until, must_change_password, created_at, last_login_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      update: db.prepare(`UPDATE auth_users SET display_name = ?, password_hash = ?, roles = ?, scopes = ?, disabled = ?, failed_count = ?,
        locked_until = ?, must_change_password = ?, last_login_at = ? WHERE id = ?`),
      remove: db.prepare('DELETE FROM auth_users WHERE id = ?'),
    };
    for (const r of db.prepare('SELECT * FROM auth_users').all() as UserRow[]) this.remember(fromRow(r));
  }

  get count(): number {
    return this.byId.size;
  }

  get(id: string): User | undefined {
    return this.byId.get(id);
  }

  byUsername(username: string): User | undefined {
    return this.byKey.get(usernameKey(username));
  }

  all(): User[] {
    return [...this.byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.username.localeCompare(b.username));
  }

  insert(u: User): void {
    this.q.insert.run(u.id, u.username, usernameKey(u.username), u.displayName, u.passwordHash, JSON.stringify(u.roles), JSON.stringify(u.scopes),
      u.disabled ? 1 : 0, u.failedCount, u.lockedUntil, u.mustChangePassword ? 1 : 0, u.createdAt, u.lastLoginAt);
    this.remember(u);
  }

  /** Stores the user's new state (the username never changes). */
  save(u: User): void {
    this.q.update.run(u.displayName, u.passwordHash, JSON.stringify(u.roles), JSON.stringify(u.scopes), u.disabled ? 1 : 0, u.failedCount,
      u.lockedUntil, u.mustChangePassword ? 1 : 0, u.lastLoginAt, u.id);
    this.remember(u);
  }

  remove(id: string): void {
    const u = this.byId.get(id);
    this.q.remove.run(id);
    if (!u) return;
    this.byId.delete(id);
    this.byKey.delete(usernameKey(u.username));
  }

  private remember(u: User): void {
    this.byId.set(u.id, u);
    this.byKey.set(usernameKey(u.username), u);
  }
}

function fromRow(r: UserRow): User {
  return {
    id: r.id, username: r.username, displayName: r.display_name, passwordHash: r.password_hash,
    roles: JSON.parse(r.roles) as UserRole[], scopes: JSON.parse(r.scopes) as string[], disabled: r.disabled === 1,
    failedCount: r.failed_count, lockedUntil: r.locked_until, mustChangePassword: r.must_change_password === 1,
    createdAt: r.created_at, lastLoginAt: r.last_login_at,
  };
}
