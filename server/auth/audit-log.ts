/**
 * The audit log: who did what, on what, when, from which address. Every module that acts on
 * people's behalf records here (sign-in, administration, and whatever the integrator adds);
 * GET /api/admin/audit lists it, newest first.
 *
 * Secrets never enter it: `detail` values under keys that name a password, secret or token
 * value are replaced before storing, whatever the caller passed.
 */
import type { RecordsDb } from '../records/records-db.ts';
import type { Principal } from './principal.ts';

/** Who acted; 'anonymous' for a sign-in attempt not yet tied to anyone. */
export interface AuditActor {
  kind: Principal['kind'] | 'anonymous';
  id: string;
  name: string;
}

export interface AuditEntry {
  id: number;
  /** Epoch ms. */
  at: number;
  actor: AuditActor;
  action: string;
  target: string;
  detail: Record<string, unknown> | null;
  address: string;
}

export interface AuditRecord {
  actor: AuditActor;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
  address: string;
}

export interface AuditFilter {
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  /** Actor's name or id. */
  actor?: string;
  /** An action (`user.create`), or a family of them ending in a dot (`user.`). */
  action?: string;
  target?: string;
  /** 1 to MAX_AUDIT_LIMIT, default DEFAULT_AUDIT_LIMIT. */
  limit?: number;
  /** Cursor: only entries older than this id (the `next` of the previous page). */
  before?: number;
}

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 500;

/** Keys whose values are credentials: never stored. */
const SECRET_KEY = /^(old|new)?pass(word|wd)?$|secret$|^p$|^token$|csrf|^cookie$|^authorization$/i;
const REDACTED = '[redacted]';

interface AuditRow {
  id: number; at: number; actor_kind: string; actor_id: string; actor_name: string;
  action: string; target: string; detail: string | null; address: string;
}

export class AuditLog {
  private readonly insert;

  /** Expects the 'auth' migrations applied (AuthService does). */
  constructor(private readonly db: RecordsDb, private readonly now: () => number = Date.now) {
    this.insert = db.prepare(`INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, target, detail, address)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  record(r: AuditRecord): AuditEntry {
    const at = this.now();
    const detail = r.detail === undefined ? null : redact(r.detail) as Record<string, unknown>;
    const info = this.insert.run(at, r.actor.kind, r.actor.id, r.actor.name, r.action, r.target, detail === null ? null : JSON.stringify(detail), r.address);
    return { id: Number(info.lastInsertRowid), at, actor: { kind: r.actor.kind, id: r.actor.id, name: r.actor.name }, action: r.action, target: r.target, detail, address: r.address };
  }

  /** Newest first; `next` is the cursor for the page after this one, null at the end. */
  list(f: AuditFilter = {}): { entries: AuditEntry[]; next: number | null } {
    const limit = f.limit ?? DEFAULT_AUDIT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_LIMIT) throw new RangeError(`limit must be a whole number from 1 to ${MAX_AUDIT_LIMIT}`);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (f.from !== undefined) { where.push('at >= ?'); args.push(f.from); }
    if (f.to !== undefined) { where.push('at < ?'); args.push(f.to); }
    if (f.actor !== undefined) { where.push('(actor_name = ? OR actor_id = ?)'); args.push(f.actor, f.actor); }
    if (f.action !== undefined) {
      if (f.action.endsWith('.')) { where.push('substr(action, 1, ?) = ?'); args.push(f.action.length, f.action); } else { where.push('action = ?'); args.push(f.action); }
    }
    if (f.target !== undefined) { where.push('target = ?'); args.push(f.target); }
    if (f.before !== undefined) { where.push('id < ?'); args.push(f.before); }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit + 1) as AuditRow[];
    const more = rows.length > limit;
    const entries = rows.slice(0, limit).map(toEntry);
    return { entries, next: more ? entries[entries.length - 1].id : null };
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id, at: r.at, actor: { kind: r.actor_kind as AuditActor['kind'], id: r.actor_id, name: r.actor_name },
    action: r.action, target: r.target, detail: r.detail === null ? null : JSON.parse(r.detail) as Record<string, unknown>, address: r.address,
  };
}

function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? REDACTED : redact(x);
  return out;
}
