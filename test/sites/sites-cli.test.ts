import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRecordsDb } from '../../server/records/records-db.ts';
import { sitesToCsv, sitesToJson } from '../../server/sites/sites-file.ts';
import { SitesRegistry } from '../../server/sites/sites-registry.ts';
import { largeTree, smallTree } from './site-fixtures.ts';

const CLI = resolve('server/sites/sites-cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'sites-cli-'));
const dataDir = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('npm run sites', () => {
  it('imports a file with progress and counts, into the records db the server opens', async () => {
    const path = file('tree.json', sitesToJson(largeTree({ districts: 4, streetsPerDistrict: 5, communitiesPerStreet: 6 })));
    const r = await run('import', path);
    expect(r.stderr).toMatch(/writing 0\/145 \(0%\)/);
    expect(r.stderr).toMatch(/writing 145\/145 \(100%\)/);
    expect(r.stdout).toMatch(/imported 145 records .* \(created 145, updated 0, unchanged 0, removed 0\); registry revision 1/);
    expect(r.code).toBe(0);
    const db = openRecordsDb(join(dataDir, 'records.sqlite'));
    try {
      expect(SitesRegistry.open(db).hierarchy().communitiesUnder('500101')).toHaveLength(30);
    } finally { db.close(); }
  }, 30_000);

  it('prints every problem of a bad file with its line, writes nothing and exits 1', async () => {
    const path = file('bad.csv', [
      'id,level,parent,code,name_zh,name_en,twin,urban',
      '500101001007,community,500101001000,500101001007,好,Good,,',
      '500101001008,community,500101009000,500101001008,坏,Bad parent,,',
      '500101001009,street,500101001000,500101001009,坏,Bad level,,',
      '500101001010,community,500101001000,500101001010,,Empty,,',
      '500101001011,community,500101001000,500101001011,坏,Urban,,sometimes',
    ].join('\n'));
    const r = await run('import', path, '--data-dir', dataDir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`sites: 4 problems in ${path}; nothing was written:`);
    expect(r.stderr).toContain('line 6 (id "500101001011"): urban "sometimes" must be true or false');
    expect(r.stderr).toContain('line 3 (id "500101001008"): parent "500101009000" is not in the file or the registry');
    expect(r.stderr).toMatch(/line 4 \(id "500101001009"\): parent "500101001000" is a street; a street's parent must be a district/);
    expect(r.stderr).toMatch(/line 5 \(id "500101001010"\): name\.zh: must not be empty/);
    const exported = await run('export');
    expect(JSON.parse(exported.stdout).sites).toHaveLength(145);
  }, 30_000);

  it('checks a file without writing, exports CSV, and explains bad usage', async () => {
    const csv = join(dir, 'out.csv');
    expect((await run('export', csv)).stdout).toMatch(/exported 145 records/);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe('id,level,parent,code,name_zh,name_en,twin,urban');
    const check = await run('check', csv, '--mode', 'replace-subtree');
    expect(check.stdout).toMatch(/is valid against .*records\.sqlite; an import \(replace-subtree\) would have: created 0, updated 0, unchanged 145, removed 0/);
    const alone = await run('check', file('small.csv', sitesToCsv(smallTree())), '--data-dir', join(dir, 'empty'));
    expect(alone.stdout).toMatch(/small\.csv is valid \(7 records; checked on its own/);
    const missing = await run('import', join(dir, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json; nothing was written:\n 1\. file not found/);
    const usage = await run('import', csv, '--mode', 'sideways');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/--mode must be merge or replace-subtree \(found "sideways"\)/);
  }, 30_000);
});
