/**
 * The records on PostgreSQL (RECORDS_URL=postgres://…), through a `pg` pool, so several server
 * nodes share users, sites, alerts and the rest. BIGINT columns are read back as numbers (epoch
 * ms and counters fit in 2^53; a value that does not is refused rather than rounded).
 * Migrations take an advisory lock, so nodes starting together migrate once.
 */
import pg from 'pg';
import { postgresDdl, type Records, type RecordsMigration, type RecordsQueries, type SqlValue } from './records.ts';

const INT8_OID = 20;

/** int8 as a number, exactly or not at all. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`records: the integer ${text} does not fit a JavaScript number exactly`);
  return n;
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** A fixed key for the migrations' advisory lock ("twin" in ASCII). */
const MIGRATION_LOCK = 0x7477696e;

export interface PostgresRecordsOptions {
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** How long a statement may run, ms. Default 30,000. */
  statementTimeoutMs?: number;
}

export class PostgresRecords implements Records {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(url: string, opts: PostgresRecordsOptions = {}) {
    this.pool = new pg.Pool({
      connectionString: url, types, max: opts.maxConnections ?? 10,
      statement_timeout: opts.statementTimeoutMs ?? 30_000, application_name: 'community-twin',
    });
    // An idle connection the server closed (restart, failover) must not crash the process; the pool replaces it.
    this.pool.on('error', (e) => console.warn(`records: postgres connection lost: ${e.message}`));
  }

  /** Opens the pool and checks the server answers; rejects naming the URL's host otherwise. */
  static async open(url: string, opts?: PostgresRecordsOptions): Promise<PostgresRecords> {
    const r = new PostgresRecords(url, opts);
    try {
      await r.pool.query('SELECT 1');
    } catch (e) {
      await r.pool.end().catch(() => {});
      throw new Error(`records: cannot reach PostgreSQL at ${safeUrl(url)}: ${(e as Error).message}`, { cause: e });
    }
    return r;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return queriesOf(this.pool).all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return queriesOf(this.pool).get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return queriesOf(this.pool).run(sql, params);
  }

  async transaction<T>(fn: (tx: RecordsQueries) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(queriesOf(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async migrate(module: string, migrations: readonly RecordsMigration[]): Promise<void> {
    await this.transaction(async (tx) => {
      await tx.get('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.run('CREATE TABLE IF NOT EXISTS schema_versions (module TEXT PRIMARY KEY, version BIGINT NOT NULL)');
      const row = await tx.get<{ version: number }>('SELECT version FROM schema_versions WHERE module = $1', [module]);
      const current = row?.version ?? 0;
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (m.version <= current) continue;
        await tx.run(m.postgres ?? postgresDdl(m.sql));
        await tx.run(`INSERT INTO schema_versions (module, version) VALUES ($1, $2)
          ON CONFLICT (module) DO UPDATE SET version = excluded.version`, [module, m.version]);
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function queriesOf(db: pg.Pool | pg.PoolClient): RecordsQueries {
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await db.query(sql, bind(params))).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => (await db.query(sql, bind(params))).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) => ({ changes: (await db.query(sql, bind(params))).rowCount ?? 0 }),
  };
}

/** Booleans as 0/1, as they are stored on both databases; Uint8Array as a Buffer for BYTEA. */
function bind(params: readonly SqlValue[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
}

/** The URL without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable RECORDS_URL)';
  }
}
