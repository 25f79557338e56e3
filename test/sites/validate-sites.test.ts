import { describe, expect, it } from 'vitest';
import { parseSitesText } from '../../server/sites/sites-file.ts';
import { SitesError, validateSites } from '../../server/sites/validate-sites.ts';
import { smallTree } from './site-fixtures.ts';

const HEADER = 'id,level,parent,code,name_zh,name_en,twin,urban';

function checkCsv(rows: string[]): string[] {
  const parsed = parseSitesText([HEADER, ...rows].join('\n'), 'csv');
  return [...parsed.problems, ...validateSites(parsed.records, { lines: parsed.lines }).problems];
}

describe('validateSites', () => {
  it('accepts a consistent tree and returns its records', () => {
    const { sites, problems } = validateSites(smallTree());
    expect(problems).toEqual([]);
    expect(sites.map((s) => s.id)).toEqual(smallTree().map((s) => s.id));
  });

  it('names every bad row with its line and id, in one list', () => {
    const problems = checkCsv([
      '500000,city,,500000,重庆市,Chongqing,,', // line 2
      '500103,district,500000,500103,渝中区,Yuzhong,,', // 3
      '500103,district,500000,500103,渝中区,Yuzhong again,,', // 4: duplicate
      '500103004000,street,500199,500103004000,街道,Street,,', // 5: unknown parent
      '500103005001,community,500103,500103005001,社区,Community,,', // 6: community under a district
      '500103006000,street,500103,5001030,街道,Street,,', // 7: bad code
      '500104001000,street,500103,500104001000,街道,Street,,', // 8: code of another district
      '500103007000,street,500103,500103007000,,Street,,', // 9: empty name
    ]);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^line 4 \(id "500103"\): duplicate id, first at line 3/),
      'line 5 (id "500103004000"): parent "500199" is not in the file or the registry',
      expect.stringMatching(/^line 6 \(id "500103005001"\): parent "500103" is a district; a community's parent must be a street/),
      expect.stringMatching(/^line 7 \(id "500103006000"\): code "5001030" must be 12 digits for a street/),
      expect.stringMatching(/^line 8 \(id "500104001000"\): code "500104001000" does not start with "500103"/),
      expect.stringMatching(/^line 9 \(id "500103007000"\): name\.zh: must not be empty/),
    ]));
    expect(problems).toHaveLength(6);
  });

  it('takes HTML- and SQL-looking names as plain text and returns them unchanged', () => {
    const hostile = { zh: '<script>alert(1)</script>', en: "Robert'); DROP TABLE sites;--" };
    const records = [...smallTree(), { id: '500103001003', level: 'community', parent: '500103001000', code: null, name: hostile }];
    const { sites, problems } = validateSites(records);
    expect(problems).toEqual([]);
    expect(sites.at(-1)!.name).toEqual(hostile);
  });

  it('requires exactly one city as the root', () => {
    const [city, ...rest] = smallTree();
    expect(validateSites(rest).problems).toContain('no city: exactly one record must have level "city" and parent null (the root)');
    const two = validateSites([city, { ...city!, id: '510000', code: '510000' }, ...rest]).problems;
    expect(two).toEqual([expect.stringMatching(/^record 2 \(id "510000"\): a second city/)]);
    expect(validateSites([{ ...city!, parent: '500103' }, ...rest]).problems).toContainEqual(expect.stringMatching(/a city is the root and has no parent/));
  });

  it('checks ids, twins and boundaries', () => {
    const tree = smallTree();
    const problems = validateSites([
      ...tree,
      { id: 'x'.repeat(65), level: 'community', parent: '500103001000', code: null, name: { zh: '长', en: 'Long' } },
      { id: 'a\nb', level: 'community', parent: '500103001000', code: null, name: { zh: '控', en: 'Ctrl' } },
      { id: 'c-1', level: 'community', parent: '500103001000', code: null, name: { zh: '甲', en: 'A' }, twin: '../etc' },
      { id: '500103002000', level: 'street', parent: '500103', code: null, name: { zh: '乙', en: 'B' }, twin: 'b' },
      { id: 'c-2', level: 'community', parent: '500103001000', code: null, name: { zh: '丙', en: 'C' }, boundary: { type: 'Polygon', coordinates: [[[106, 29], [107, 29], [107, 30]]] } },
      { id: 'c-3', level: 'community', parent: '500103001000', code: null, name: { zh: '丁', en: 'D' }, boundary: { type: 'Polygon', coordinates: [[[106, 29], [107, 29], [107, 30], [106, 28]]] } },
      { id: 'c-4', level: 'community', parent: '500103001000', code: null, name: { zh: '戊', en: 'E' }, boundary: { type: 'MultiPolygon', coordinates: [[[[106, 29], [107, 95], [107, 30], [106, 29]]]] } },
      { id: 'c-5', level: 'community', parent: '500103001000', code: null, name: { zh: '己', en: 'F' }, parnet: 'x' },
    ]).problems;
    const at = (n: number) => problems.filter((p) => p.startsWith(`record ${tree.length + n} `)).join(' | ');
    expect(at(1)).toMatch(/id: must be at most 64 characters/);
    expect(at(2)).toMatch(/id: must not contain control characters/);
    expect(at(3)).toMatch(/twin: must be a folder name/);
    expect(at(4)).toMatch(/twin is only for communities, not a street/);
    expect(at(5)).toMatch(/a ring needs at least 4 positions/);
    expect(at(6)).toMatch(/a ring must be closed/);
    expect(at(7)).toMatch(/latitude −90…90/);
    expect(at(8)).toMatch(/unknown field "parnet"/);
  });

  it('accepts parents already in the registry and refuses a level change', () => {
    const tree = smallTree();
    const byId = new Map(tree.map((s) => [s.id, s]));
    const existing = { get: (id: string) => byId.get(id), children: (id: string) => tree.filter((s) => s.parent === id), root: () => tree[0] };
    const ok = validateSites([{ id: '500103001004', level: 'community', parent: '500103001000', code: '500103001004', name: { zh: '新', en: 'New' } }], { existing });
    expect(ok.problems).toEqual([]);
    const changed = validateSites([{ ...tree[3]!, level: 'community', parent: '500106001000' }], { existing }).problems;
    expect(changed).toContainEqual(expect.stringMatching(/level cannot change from street to community/));
    // A district's new code must still prefix its streets' codes.
    const recode = validateSites([{ ...tree[1]!, code: '500107' }], { existing }).problems;
    expect(recode).toEqual([expect.stringMatching(/code "500107" does not prefix the codes of its children "500103001000"/)]);
  });

  it('SitesError lists every problem, numbered', () => {
    const e = new SitesError(['one', 'two', 'three'], 'sites.csv');
    expect(e.message).toBe('sites: 3 problems in sites.csv:\n 1. one\n 2. two\n 3. three');
  });
});
