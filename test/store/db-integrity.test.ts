/**
 * A damaged database file stops the start with an error that names the file and says how to
 * recover; a write-ahead log cut short is reported at start instead of losing its tail silently.
 */
import { copyFileSync, existsSync, mkdtempSync, openSync, closeSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';
import { openRecordsDb } from '../../server/records/records-db.ts';
import { startTestApp } from '../support/test-app.ts';
import { batch, def } from './store-contract.ts';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'integrity-')); });
afterEach(() => { vi.restoreAllMocks(); rmSync(dir, { recursive: true, force: true }); });

/** A database of a few hundred pages whose middle pages are then overwritten. */
function damagedDatabase(path: string): void {
  const db = new Database(path);
  db.exec('CREATE TABLE filler (k INTEGER PRIMARY KEY, v TEXT)');
  const ins = db.prepare('INSERT INTO filler (v) VALUES (?)');
  db.transaction(() => { for (let i = 0; i < 5000; i++) ins.run(`row ${i} ${'x'.repeat(100)}`); })();
  db.close();
  const pages = statSync(path).size / 4096;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(4096 * 4, 0xa5), 0, 4096 * 4, 4096 * Math.floor(pages / 2));
  closeSync(fd);
}

const recovery = /is damaged \(.*\)\. Stop the server, move [\w.-]+ and its [\w.-]+-wal and [\w.-]+-shm files aside, and restore them from a backup/;

describe.each([
  { what: 'not a database at all', make: (p: string) => writeFileSync(p, Buffer.alloc(8192, 0x42)) },
  { what: 'pages overwritten in the middle', make: damagedDatabase },
])('a database file that is $what', ({ make }) => {
  it('stops the embedded store from opening, naming the file and how to recover', async () => {
    const path = join(dir, 'community-twin.sqlite');
    make(path);
    const store = new SqliteStore({ path });
    const err = await store.open().catch((e: unknown) => e);
    await store.close();
    expect((err as Error).message).toMatch(/^sqlite: the database file .*community-twin\.sqlite is damaged/);
    expect((err as Error).message).toMatch(recovery);
    // The server does not start with it either.
    await expect(startTestApp({ store: new SqliteStore({ path }) })).rejects.toThrow(/community-twin\.sqlite is damaged/);
  });

  it('stops the records database from opening, naming the file', () => {
    const path = join(dir, 'records.sqlite');
    make(path);
    expect(() => openRecordsDb(path)).toThrow(/^records: the database file .*records\.sqlite is damaged/);
    expect(() => openRecordsDb(path)).toThrow(recovery);
  });
});

it('a write-ahead log cut short is reported when the store opens', async () => {
  const path = join(dir, 'ts.sqlite');
  const s = def(1, 'energy', { community: 'c', neighbourhood: 'n', building: 'b' }, 'load_kw');
  const store = new SqliteStore({ path });
  await store.open();
  for (let i = 0; i < 5; i++) await store.write(batch(i === 0 ? [s] : [], [[s, Date.now() - 1000 + i, i]]));
  // What a crash leaves on disk (the database open, its log not checkpointed), its log then cut short.
  const crashed = join(dir, 'crashed.sqlite');
  copyFileSync(path, crashed);
  copyFileSync(`${path}-wal`, `${crashed}-wal`);
  await store.close();
  truncateSync(`${crashed}-wal`, statSync(`${crashed}-wal`).size - 100);

  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const again = new SqliteStore({ path: crashed });
  await again.open();
  await again.close();
  expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(
    expect.stringMatching(/^sqlite: .*crashed\.sqlite-wal ends in the middle of a frame .* it was cut short, and writes made since the last checkpoint may be lost$/));
});

it('a clean close leaves no write-ahead log to lose (TRUNCATE checkpoint)', async () => {
  const path = join(dir, 'ts.sqlite');
  const s = def(1, 'energy', { community: 'c', neighbourhood: 'n', building: 'b' }, 'load_kw');
  const store = new SqliteStore({ path });
  await store.open();
  await store.write(batch([s], [[s, Date.now(), 1]]));
  await store.close();
  expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
});
