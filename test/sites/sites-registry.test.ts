import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRecordsDb, type RecordsDb } from '../../server/records/records-db.ts';
import { parseSitesText } from '../../server/sites/sites-file.ts';
import { RemovalBlockedError, SitesRegistry, StaleRevisionError, type SitesChange } from '../../server/sites/sites-registry.ts';
import { twinSites } from '../../server/sites/twin-sites.ts';
import { SitesError } from '../../server/sites/validate-sites.ts';
import type { SiteRecord } from '../../streams/sites/site-record.ts';
import { largeTree, smallTree } from './site-fixtures.ts';

const dirs: string[] = [];
const dbs: RecordsDb[] = [];
function tempDb(): { path: string; open(): RecordsDb } {
  const dir = mkdtempSync(join(tmpdir(), 'sites-test-'));
  dirs.push(dir);
  const path = join(dir, 'records.sqlite');
  return { path, open: () => { const db = openRecordsDb(path); dbs.push(db); return db; } };
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const community = (id: string, parent = '500103001000', extra: Partial<SiteRecord> = {}): SiteRecord =>
  ({ id, level: 'community', parent, code: null, name: { zh: `社区${id}`, en: `Community ${id}` }, ...extra });
const thrown = (fn: () => unknown): Error => { try { fn(); } catch (e) { return e as Error; } throw new Error('did not throw'); };

describe('SitesRegistry', () => {
  it('seeds an empty table on first start only', () => {
    const file = tempDb();
    const first = SitesRegistry.open(file.open(), { seed: smallTree() });
    expect(first.all().map((s) => s.id)).toEqual(['500000', '500103', '500103001000', '500103001001', '500103001002', '500106', '500106001000']);
    expect(first.get('500103')!.source).toBe('file');
    first.update('500103', { name: { zh: '渝中区', en: 'Yuzhong District' } }, 'alice');
    const again = SitesRegistry.open(file.open(), { seed: smallTree() });
    expect(again.get('500103')!.name.en).toBe('Yuzhong District');
    expect(again.get('500103')!.source).toBe('admin');
  });

  it('refuses a bad seed, naming each problem', () => {
    const e = thrown(() => SitesRegistry.open(openRecordsDb(':memory:'), { seed: [...smallTree(), community('c-x', '500199')], seedWhere: 'sites.json' }));
    expect(e).toBeInstanceOf(SitesError);
    expect(e.message).toBe('sites: 1 problem in sites.json:\n 1. record 8 (id "c-x"): parent "500199" is not in the file or the registry');
  });

  it('keeps the live hierarchy in sync with creates, renames, moves and removals', () => {
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree() });
    const h = r.hierarchy();
    const changes: SitesChange[] = [];
    r.on('change', (c) => changes.push(c));
    r.create(community('500103001003', '500103001000', { code: '500103001003' }), 'alice');
    expect(h.childrenOf('500103001000')).toContain('500103001003');
    expect(h.contains('500103', '500103001003')).toBe(true);
    r.update('500103001003', { name: { zh: '新名', en: 'Renamed' } }, 'alice');
    expect(h.get('500103001003')!.name.zh).toBe('新名');
    r.update('500103001003', { parent: '500106001000', code: null }, 'alice');
    expect(h.contains('500103', '500103001003')).toBe(false);
    expect(h.contains('500106', '500103001003')).toBe(true);
    expect(h.communitiesUnder('500106')).toEqual(['500103001003']);
    r.remove('500103001003', 'alice');
    expect(h.has('500103001003')).toBe(false);
    expect(changes.map((c) => [c.action, c.ids, c.actor])).toEqual([
      ['create', ['500103001003'], 'alice'], ['update', ['500103001003'], 'alice'], ['update', ['500103001003'], 'alice'], ['remove', ['500103001003'], 'alice'],
    ]);
    expect(changes.map((c) => c.revision)).toEqual([2, 3, 4, 5]);
  });

  it('refuses a move that breaks the level order, and a level change', () => {
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree() });
    expect(thrown(() => r.update('500103001001', { parent: '500106' }, 'a')).message).toMatch(/parent "500106" is a district; a community's parent must be a street/);
    expect(thrown(() => r.update('500103001001', { level: 'street' }, 'a')).message).toMatch(/level cannot change \(from community\)/);
    expect(r.hierarchy().get('500103001001')!.parent).toBe('500103001000');
  });

  it('refuses to remove a place with children or anything scoped there, naming what blocks it', () => {
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree(), removalCheck: (id) => (id === '500103001002' ? 'user "li" is scoped there' : null) });
    const withChildren = thrown(() => r.remove('500103001000', 'a'));
    expect(withChildren).toBeInstanceOf(RemovalBlockedError);
    expect(withChildren.message).toBe('sites: "500103001000" cannot be removed: it has 2 places below it ("500103001001", "500103001002")');
    expect(thrown(() => r.remove('500103001002', 'a')).message).toMatch(/user "li" is scoped there/);
    r.remove('500103001001', 'a');
    expect(r.get('500103001001')).toBeUndefined();
  });

  it('imports all or nothing', () => {
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree() });
    const before = r.revision;
    const csv = 'id,level,parent,code,name_zh,name_en,twin,urban\n500103001003,community,500103001000,500103001003,新社区,New,,true\n500103001004,community,500199001000,500103001004,坏社区,Bad,,\n';
    const parsed = parseSitesText(csv, 'csv');
    const e = thrown(() => r.importRecords(parsed.records, { lines: parsed.lines, where: 'new.csv' }));
    expect(e.message).toBe('sites: 1 problem in new.csv:\n 1. line 3 (id "500103001004"): parent "500199001000" is not in the file or the registry');
    expect(r.get('500103001003')).toBeUndefined();
    expect(r.revision).toBe(before);
    const ok = r.importRecords(parsed.records.slice(0, 1), { lines: parsed.lines });
    expect(ok).toEqual({ imported: 1, created: 1, updated: 0, unchanged: 0, removed: 0, revision: before + 1 });
    expect(r.get('500103001003')!.source).toBe('import');
  });

  it('merges without losing a stored boundary the CSV cannot carry', () => {
    const boundary = { type: 'Polygon' as const, coordinates: [[[106.5, 29.5], [106.6, 29.5], [106.6, 29.6], [106.5, 29.5]]] };
    const tree = smallTree();
    tree[1] = { ...tree[1]!, boundary };
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: tree });
    const parsed = parseSitesText('id,level,parent,code,name_zh,name_en,twin,urban\n500103,district,500000,500103,渝中区,Yuzhong District,,\n', 'csv');
    expect(r.importRecords(parsed.records)).toMatchObject({ updated: 1, created: 0 });
    expect(r.get('500103')).toMatchObject({ name: { en: 'Yuzhong District' }, boundary });
  });

  it('replace-subtree removes what the records no longer hold, below that node only', () => {
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree() });
    const records = [
      { id: '500103001000', level: 'street', parent: '500103', code: '500103001000', name: { zh: '七星岗街道', en: 'Qixinggang' } },
      community('500103001009', '500103001000', { code: '500103001009' }),
    ];
    const result = r.importRecords(records, { mode: 'replace-subtree', under: '500103' });
    expect(result).toMatchObject({ imported: 2, created: 1, unchanged: 1, removed: 2 });
    expect(r.subtree('500103').map((s) => s.id)).toEqual(['500103', '500103001000', '500103001009']);
    expect(r.get('500106001000')).toBeDefined();
    // A record outside the subtree is refused, and nothing changes.
    const outside = thrown(() => r.importRecords([community('500106001001', '500106001000')], { mode: 'replace-subtree', under: '500103' }));
    expect(outside.message).toMatch(/record 1 \(id "500106001001"\): not within "500103"/);
    expect(r.subtree('500103')).toHaveLength(3);
  });

  it('replace-subtree refuses to remove places something is scoped to', () => {
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree(), removalCheck: (id) => (id === '500103001001' ? 'series are stored there' : null) });
    const e = thrown(() => r.importRecords([], { mode: 'replace-subtree', under: '500103001000' }));
    expect(e.message).toMatch(/"500103001001" \(金汤街社区\) would be removed, but series are stored there/);
    expect(r.get('500103001002')).toBeDefined();
  });

  it('overlays appear in the hierarchy and listings, flagged by source, and are not stored', () => {
    const file = tempDb();
    const r = SitesRegistry.open(file.open(), { seed: smallTree() });
    const { added, problems } = r.overlay([
      { id: 'n-1', level: 'neighbourhood', parent: '500103001001', code: null, name: { zh: '一号小区', en: 'No. 1' } },
      { id: '500103001002', level: 'community', parent: '500103001000', code: null, name: { zh: '重复', en: 'Dup' } },
    ], 'simulator');
    expect(added).toEqual(['n-1']);
    expect(problems).toEqual(['"500103001002" is already stored; the stored place is kept']);
    expect(r.hierarchy().pathOf('n-1').map((n) => n.id)).toEqual(['n-1', '500103001001', '500103001000', '500103', '500000']);
    expect(r.all().find((s) => s.id === 'n-1')!.source).toBe('simulator');
    expect(r.get('500103001002')!.name.zh).toBe('领事巷社区');
    expect(thrown(() => r.update('n-1', { name: { zh: 'x', en: 'x' } }, 'a')).message).toMatch(/added by the simulator and not stored/);
    const other = SitesRegistry.open(file.open());
    expect(other.get('n-1')).toBeUndefined();
    expect(other.size).toBe(smallTree().length);
    // An overlay under an unknown place is refused.
    expect(r.overlay([{ id: 'n-2', level: 'neighbourhood', parent: 'nowhere', code: null, name: { zh: '二', en: 'Two' } }], 'twin').problems)
      .toEqual(['record 1 (id "n-2"): parent "nowhere" is not in the file or the registry']);
  });

  it('another registry on the same file sees a change after reloadIfChanged, and a stale revision is refused', () => {
    const file = tempDb();
    const server = SitesRegistry.open(file.open(), { seed: smallTree() });
    const cli = SitesRegistry.open(file.open());
    const seen = server.revision;
    cli.importRecords([community('500103001005', '500103001000', { code: '500103001005' })]);
    expect(server.get('500103001005')).toBeUndefined();
    const changes: SitesChange[] = [];
    server.on('change', (c) => changes.push(c));
    expect(server.reloadIfChanged()).toBe(true);
    expect(server.reloadIfChanged()).toBe(false);
    expect(server.hierarchy().has('500103001005')).toBe(true);
    expect(changes).toEqual([{ revision: seen + 1, ids: ['500103001005'], action: 'reload' }]);
    expect(thrown(() => server.update('500103001005', { name: { zh: '甲', en: 'A' } }, 'a', { expectedRevision: seen }))).toBeInstanceOf(StaleRevisionError);
    // A write without reloading first still works on the current rows.
    cli.update('500103001005', { name: { zh: '乙', en: 'B' } }, 'cli');
    server.update('500103001005', { urban: true }, 'a');
    expect(server.get('500103001005')).toMatchObject({ name: { zh: '乙' }, urban: true });
    expect(server.revision).toBe(seen + 3);
  });

  it('links twins to their communities and overlays their neighbourhoods; an unknown community is reported by folder', () => {
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree() });
    const result = twinSites([
      { folder: 'jintang', community: '500103001001', neighbourhoods: [{ id: 'jt-1', name: { zh: '金汤一区', en: 'Jintang 1' } }] },
      { folder: 'ghost', community: 'c-nowhere', neighbourhoods: [{ id: 'g-1', name: { zh: '鬼', en: 'Ghost' } }] },
    ], r);
    expect(result.linked).toEqual(['500103001001']);
    expect(result.overlaid).toEqual(['jt-1']);
    expect(result.warnings).toEqual([expect.stringMatching(/^twins: folder "ghost" is the twin of community "c-nowhere", which is not in the sites registry/)]);
    expect(r.get('500103001001')).toMatchObject({ twin: 'jintang', source: 'file' });
    expect(r.get('jt-1')!.source).toBe('twin');
    expect(r.hierarchy().childrenOf('500103001001')).toEqual(['jt-1']);
    // Again (a restart, a reloaded twin): nothing doubles.
    const again = twinSites([{ folder: 'jintang', community: '500103001001', neighbourhoods: [{ id: 'jt-1', name: { zh: '金汤一区', en: 'Jintang 1' } }] }], r);
    expect(again).toEqual({ linked: [], overlaid: ['jt-1'], warnings: [] });
    expect(r.hierarchy().childrenOf('500103001001')).toEqual(['jt-1']);
  });

  it('loads and builds the hierarchy of a Chongqing-sized tree', () => {
    const tree = largeTree();
    expect(tree.length).toBeGreaterThan(12_000);
    const file = tempDb();
    let t = performance.now();
    SitesRegistry.open(file.open(), { seed: tree });
    const seedMs = performance.now() - t;
    t = performance.now();
    const r = SitesRegistry.open(file.open());
    const loadMs = performance.now() - t;
    const h = r.hierarchy();
    expect(h.size).toBe(tree.length);
    expect(h.childrenOf('500000')).toHaveLength(38);
    expect(h.communitiesUnder('500101')).toHaveLength(27 * 11);
    expect(h.contains('500138', '500138027011')).toBe(true);
    expect(h.contains('500101', '500138027011')).toBe(false);
    t = performance.now();
    const parsed = parseSitesText(JSON.stringify(tree));
    const again = r.importRecords(parsed.records, { mode: 'merge' });
    const importMs = performance.now() - t;
    // Nothing changed, so the revision stays and no server rereads.
    expect(again).toMatchObject({ imported: tree.length, unchanged: tree.length, revision: 1 });
    expect(r.revision).toBe(1);
    console.log(`sites: ${tree.length} records: seed ${seedMs.toFixed(0)} ms, load + hierarchy ${loadMs.toFixed(0)} ms, unchanged import ${importMs.toFixed(0)} ms`);
  });
});

describe('readTwinFolders', () => {
  it('reads each twin folder\'s community and neighbourhoods, and names a bad manifest', async () => {
    const { readTwinFolders } = await import('../../server/sites/twin-sites.ts');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'sites-twins-'));
    dirs.push(dir);
    const place = (id: string) => ({ id, name: { zh: id, en: id } });
    mkdirSync(join(dir, 'jintang'));
    writeFileSync(join(dir, 'jintang', 'manifest.json'), JSON.stringify({
      version: 1,
      community: { ...place('500103001001'), city: place('500000'), district: place('500103'), street: place('500103001000'), neighbourhoods: [place('jt-1'), place('jt-2')] },
      georef: { origin: { longitude: 106.57, latitude: 29.55, height: 200 }, datum: 'WGS84' },
    }));
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'manifest.json'), '{"version": 2}');
    const { twins, warnings } = readTwinFolders(dir);
    expect(twins).toEqual([{ folder: 'jintang', community: '500103001001', neighbourhoods: [place('jt-1'), place('jt-2')], buildings: [] }]);
    expect(warnings).toEqual([expect.stringMatching(/^twins: folder "broken": manifest.json is not valid/)]);
    const r = SitesRegistry.open(openRecordsDb(':memory:'), { seed: smallTree() });
    expect(twinSites(twins, r).overlaid).toEqual(['jt-1', 'jt-2']);
  });
});
