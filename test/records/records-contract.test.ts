/**
 * The records contract: what every module may rely on from `Records`, run against the embedded
 * SQLite file and a real PostgreSQL server started for the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecordsDb } from '../../server/records/records-db.ts';
import { PostgresRecords } from '../../server/records/postgres-records.ts';
import { SqliteRecords } from '../../server/records/sqlite-records.ts';
import type { Records, RecordsMigration } from '../../server/records/records.ts';
import { startPostgres, type PostgresHandle } from '../support/postgres.ts';

const NOTES: RecordsMigration[] = [
  { version: 1, sql: `CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, node TEXT NOT NULL, body TEXT NOT NULL,
      at INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0, score REAL)` },
  { version: 2, sql: 'CREATE TABLE claims (alert TEXT PRIMARY KEY, state TEXT NOT NULL, by_user TEXT)' },
];

const HOSTILE = `'); DROP TABLE notes; -- $1 "x" \\ <script>alert(1)</script> 社区`;

interface Backend {
  name: string;
  /** Shared by several server nodes (PostgreSQL), or by the callers of one node (the embedded file). */
  severalNodes: boolean;
  /** A fresh database; `reopen` opens a second connection (a second node) to the same one. */
  open(): Promise<{ records: Records; reopen(): Promise<Records> }>;
}

let pgServer: PostgresHandle | undefined;
let pgDbs = 0;
const dirs: string[] = [];

beforeAll(async () => { pgServer = await startPostgres(); }, 60_000);
afterAll(async () => {
  await pgServer?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const backends: Backend[] = [
  {
    name: 'sqlite',
    severalNodes: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'records-contract-'));
      dirs.push(dir);
      const path = join(dir, 'records.db');
      return { records: new SqliteRecords(openRecordsDb(path)), reopen: async () => new SqliteRecords(openRecordsDb(path)) };
    },
  },
  {
    name: 'postgres',
    severalNodes: true,
    async open() {
      const admin = await PostgresRecords.open(pgServer!.url);
      const name = `contract_${++pgDbs}`;
      await admin.run(`CREATE DATABASE ${name}`);
      await admin.close();
      const url = pgServer!.url.replace(/\/twin$/, `/${name}`);
      return { records: await PostgresRecords.open(url), reopen: () => PostgresRecords.open(url) };
    },
  },
];

describe.each(backends)('records on $name', (backend) => {
  let records: Records;
  let reopen: () => Promise<Records>;
  beforeAll(async () => {
    ({ records, reopen } = await backend.open());
    await records.migrate('notes', NOTES);
  }, 30_000);
  afterAll(async () => { await records?.close(); });

  it('applies each migration once, also when a second node starts at the same time', async () => {
    const [a, b] = await Promise.all([reopen(), reopen()]);
    try {
      const more = [...NOTES, { version: 3, sql: 'ALTER TABLE notes ADD COLUMN tag TEXT' }];
      await Promise.all([a.migrate('notes', more), b.migrate('notes', more)]);
      await records.run("INSERT INTO notes (node, body, at, tag) VALUES ('n', 'b', 1, 't')");
      expect(await records.get('SELECT version FROM schema_versions WHERE module = $1', ['notes'])).toEqual({ version: 3 });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('keeps hostile text exactly, as a value and never as SQL', async () => {
    await records.run('INSERT INTO notes (node, body, at) VALUES ($1, $2, $3)', ['cq-yz', HOSTILE, 1]);
    const row = await records.get<{ body: string }>('SELECT body FROM notes WHERE body = $1', [HOSTILE]);
    expect(row?.body).toBe(HOSTILE);
    expect((await records.all('SELECT id FROM notes')).length).toBeGreaterThan(0);
  });

  it('reads integers back as numbers, epoch ms and past 2^32 exactly', async () => {
    const at = 1_764_806_400_123;
    await records.run('INSERT INTO notes (node, body, at, score) VALUES ($1, $2, $3, $4)', ['n', 'epoch', at, 0.25]);
    const row = await records.get<{ at: number; score: number; done: number }>('SELECT at, score, done FROM notes WHERE body = $1', ['epoch']);
    expect(row).toEqual({ at, score: 0.25, done: 0 });
    expect(typeof row!.at).toBe('number');
  });

  it('binds a placeholder used twice and booleans as 0/1', async () => {
    await records.run('INSERT INTO notes (node, body, at, done) VALUES ($1, $1, $2, $3)', ['twice', 5, true]);
    expect(await records.get('SELECT node, body, done FROM notes WHERE node = $1 AND body = $1', ['twice'])).toEqual({ node: 'twice', body: 'twice', done: 1 });
  });

  it('returns generated keys with RETURNING, and upserts with ON CONFLICT', async () => {
    const a = await records.get<{ id: number }>('INSERT INTO notes (node, body, at) VALUES ($1, $2, $3) RETURNING id', ['r', 'a', 1]);
    const b = await records.get<{ id: number }>('INSERT INTO notes (node, body, at) VALUES ($1, $2, $3) RETURNING id', ['r', 'b', 1]);
    expect(b!.id).toBeGreaterThan(a!.id);
    const upsert = `INSERT INTO claims (alert, state, by_user) VALUES ($1, $2, $3)
      ON CONFLICT (alert) DO UPDATE SET state = excluded.state, by_user = excluded.by_user`;
    await records.run(upsert, ['a-1', 'open', null]);
    await records.run(upsert, ['a-1', 'acknowledged', 'u-1']);
    expect(await records.all('SELECT * FROM claims WHERE alert = $1', ['a-1'])).toEqual([{ alert: 'a-1', state: 'acknowledged', by_user: 'u-1' }]);
  });

  it('rolls a whole transaction back when its body throws, and keeps the rest', async () => {
    await expect(records.transaction(async (tx) => {
      await tx.run('INSERT INTO notes (node, body, at) VALUES ($1, $2, $3)', ['tx', 'first', 1]);
      await tx.run('INSERT INTO notes (node, body, at) VALUES ($1, NULL, $2)', ['tx', 1]); // NOT NULL
    })).rejects.toThrow(/null|NOT NULL/i);
    expect(await records.all('SELECT * FROM notes WHERE node = $1', ['tx'])).toEqual([]);
    await records.transaction(async (tx) => { await tx.run('INSERT INTO notes (node, body, at) VALUES ($1, $2, $3)', ['tx', 'kept', 1]); });
    expect((await records.all<{ body: string }>('SELECT body FROM notes WHERE node = $1', ['tx'])).map((r) => r.body)).toEqual(['kept']);
  });

  it('lets exactly one of two callers acting on the same record at once win (a conditional update)', async () => {
    // Two nodes on PostgreSQL; on the embedded file (one node), two requests of that node.
    const other = backend.severalNodes ? await reopen() : records;
    try {
      await records.run("INSERT INTO claims (alert, state) VALUES ('race', 'open')");
      const claim = (db: Records, user: string) => db.transaction(async (tx) =>
        (await tx.run("UPDATE claims SET state = 'acknowledged', by_user = $1 WHERE alert = 'race' AND state = 'open'", [user])).changes);
      for (let round = 0; round < 5; round++) {
        await records.run("UPDATE claims SET state = 'open', by_user = NULL WHERE alert = 'race'");
        const won = await Promise.all([claim(records, 'node-1'), claim(other, 'node-2')]);
        expect(won.sort()).toEqual([0, 1]);
      }
    } finally {
      if (other !== records) await other.close();
    }
  });

  it('runs calls made during a transaction after it, not inside it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const tx = records.transaction(async (t) => {
      await t.run('INSERT INTO notes (node, body, at) VALUES ($1, $2, $3)', ['order', 'in-tx', 1]);
      await gate;
      throw new Error('rolled back on purpose');
    });
    const outside = records.run('INSERT INTO notes (node, body, at) VALUES ($1, $2, $3)', ['order', 'outside', 2]);
    await new Promise((r) => setTimeout(r, 50));
    release();
    await expect(tx).rejects.toThrow('rolled back on purpose');
    await outside;
    expect((await records.all<{ body: string }>('SELECT body FROM notes WHERE node = $1', ['order'])).map((r) => r.body)).toEqual(['outside']);
  });
});
