/**
 * Display and gateway tokens: the auth_tokens table, mirrored in memory and indexed by the hash
 * of the secret, so a gateway's write costs one sha256 and one map lookup to authenticate.
 */
import type { RecordsDb } from '../records/records-db.ts';
import type { TokenRole } from './principal.ts';

export interface Token {
  id: string;
  kind: TokenRole;
  name: string;
  secretHash: string;
  scopes: string[];
  createdAt: number;
  /** Username of the administrator who created it. */
  createdBy: string;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export type TokenView = Omit<Token, 'secretHash'>;

interface TokenRow {
  id: string; kind: TokenRole; name: string; secret_hash: string; scopes: string; created_at: number;
  created_by: string; last_used_at: number | null; revoked_at: number | null;
}

export function tokenView(t: Token): TokenView {
  return { id: t.id, kind: t.kind, name: t.name, scopes: [...t.scopes], createdAt: t.createdAt, createdBy: t.createdBy, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt };
}

export class TokenStore {
  private readonly byId = new Map<string, Token>();
  /** Only tokens in force. */
  private readonly byHash = new Map<string, Token>();
  private readonly q;

  constructor(db: RecordsDb) {
    this.q = {
      insert: db.prepare(`INSERT INTO auth_tokens (id, kind, name, secret_hash, scopes, created_at, created_by, last_used_at, revoked_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      revoke: db.prepare('UPDATE auth_tokens SET revoked_at = ? WHERE id = ?'),
      used: db.prepare('UPDATE auth_tokens SET last_used_at = ? WHERE id = ?'),
    };
    for (const r of db.prepare('SELECT * FROM auth_tokens').all() as TokenRow[]) this.remember(fromRow(r));
  }

  get(id: string): Token | undefined {
    return this.byId.get(id);
  }

  /** The token in force with this secret hash. */
  byHashInForce(hash: string): Token | undefined {
    return this.byHash.get(hash);
  }

  all(): Token[] {
    return [...this.byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  }

  insert(t: Token): void {
    this.q.insert.run(t.id, t.kind, t.name, t.secretHash, JSON.stringify(t.scopes), t.createdAt, t.createdBy, t.lastUsedAt, t.revokedAt);
    this.remember(t);
  }

  revoke(t: Token, at: number): void {
    this.q.revoke.run(at, t.id);
    t.revokedAt = at;
    this.byHash.delete(t.secretHash);
  }

  markUsed(t: Token, at: number): void {
    this.q.used.run(at, t.id);
    t.lastUsedAt = at;
  }

  private remember(t: Token): void {
    this.byId.set(t.id, t);
    if (t.revokedAt === null) this.byHash.set(t.secretHash, t);
  }
}

function fromRow(r: TokenRow): Token {
  return {
    id: r.id, kind: r.kind, name: r.name, secretHash: r.secret_hash, scopes: JSON.parse(r.scopes) as string[], createdAt: r.created_at,
    createdBy: r.created_by, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
  };
}
