import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openRecordsDb } from '../../server/records/records-db.ts';

describe('records database', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('applies each module\'s migrations once, in order, and keeps data across reopening', () => {
    const dir = mkdtempSync(join(tmpdir(), 'records-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'records.sqlite');
    const v1 = [{ version: 1, sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)' }];
    let db = openRecordsDb(path);
    migrate(db, 'notes', v1);
    db.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    db.close();

    db = openRecordsDb(path);
    const v2 = [...v1, { version: 2, sql: "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT ''" }];
    migrate(db, 'notes', v2);
    migrate(db, 'notes', v2); // a second start changes nothing
    expect(db.prepare('SELECT text, author FROM notes').all()).toEqual([{ text: 'kept', author: '' }]);
    db.close();
  });

  it('rolls back a migration that fails, leaving the version where it was', () => {
    const db = openRecordsDb(':memory:');
    migrate(db, 'm', [{ version: 1, sql: 'CREATE TABLE a (x)' }]);
    expect(() => migrate(db, 'm', [{ version: 2, sql: 'CREATE TABLE b (y); CREATE TABLE a (x)' }])).toThrow(/already exists/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    expect(db.prepare("SELECT version FROM schema_versions WHERE module = 'm'").get()).toEqual({ version: 1 });
  });
});
