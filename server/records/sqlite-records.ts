/**
 * The records in the embedded SQLite file, behind the async `Records` interface. better-sqlite3
 * is synchronous, so each call is done at once; a transaction holds the connection until its
 * async body ends, and calls made meanwhile from elsewhere wait for it (one connection, so
 * they would otherwise run inside it).
 */
import type { Statement } from 'better-sqlite3';
import { migrate, type RecordsDb } from './records-db.ts';
import { sqliteParams, type Records, type RecordsMigration, type RecordsQueries, type SqlValue } from './records.ts';

const noop = () => {};

/** Prepared statements kept per SQL text (the modules' texts are fixed, so this stays small). */
const MAX_STATEMENTS = 512;

export class SqliteRecords implements Records {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  /** The transaction now open, if any; others wait on it. */
  private current: Promise<unknown> | undefined;
  private readonly direct: RecordsQueries;

  constructor(readonly db: RecordsDb) {
    this.direct = {
      all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).all(bind(params)) as T[],
      get: async <T>(sql: string, params: readonly SqlValue[] = []) => this.statement(sql).get(bind(params)) as T | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: this.statement(sql).run(bind(params)).changes }),
    };
  }

  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    while (this.current) await this.current.catch(noop);
    return this.direct.all<T>(sql, params);
  }

  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    while (this.current) await this.current.catch(noop);
    return this.direct.get<T>(sql, params);
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    while (this.current) await this.current.catch(noop);
    return this.direct.run(sql, params);
  }

  // Each caller checks for an open transaction right before it runs, with no await in between:
  // a check done earlier could be overtaken by a transaction that began meanwhile.
  async transaction<T>(fn: (tx: RecordsQueries) => Promise<T>): Promise<T> {
    while (this.current) await this.current.catch(noop);
    const body = this.inTransaction(fn);
    this.current = body;
    try {
      return await body;
    } finally {
      if (this.current === body) this.current = undefined;
    }
  }

  async migrate(module: string, migrations: readonly RecordsMigration[]): Promise<void> {
    while (this.current) await this.current.catch(noop);
    migrate(this.db, module, migrations);
  }

  async close(): Promise<void> {
    while (this.current) await this.current.catch(noop);
    this.statements.clear();
    if (this.db.open) this.db.close();
  }

  /** BEGIN runs before this returns its promise, so the caller marks the transaction open in time. */
  private async inTransaction<T>(fn: (tx: RecordsQueries) => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await fn(this.direct);
      this.db.exec('COMMIT');
      return result;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    }
  }

  private statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      s = this.db.prepare(sqliteParams(sql));
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** `{ p1, p2, … }` for the named placeholders; SQLite has no boolean, so 0/1, as the modules read them. */
function bind(params: readonly SqlValue[]): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  params.forEach((p, i) => { named[`p${i + 1}`] = typeof p === 'boolean' ? (p ? 1 : 0) : p; });
  return named;
}
