import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/sites/csv.ts';
import { parseSitesText, sitesToCsv, sitesToJson } from '../../server/sites/sites-file.ts';
import { validateSites } from '../../server/sites/validate-sites.ts';
import { smallTree } from './site-fixtures.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and the line each row starts on', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",\r\n3,"",last\n';
    const { rows, lines, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(rows).toEqual([['a', 'b', 'c'], ['1', 'x, y', 'say "hi"'], ['2', 'two\nlines', ''], ['3', '', 'last']]);
    expect(lines).toEqual([1, 2, 3, 5]);
  });

  it('names the line of a quote left open and of a stray quote', () => {
    expect(parseCsv('a,b\n1,"open\n2,x\n').problems).toEqual(['line 2: a quoted field is not closed (missing ")']);
    expect(parseCsv('a,b\n1,x"y\n').problems).toEqual([expect.stringMatching(/^line 2: a quote inside an unquoted field/)]);
    expect(parseCsv('a,b\n1,"x"y\n').problems).toEqual([expect.stringMatching(/^line 2: text after a closing quote/)]);
  });

  it('skips a byte order mark and blank lines, keeps a last row without a line break', () => {
    const { rows, lines } = parseCsv('\uFEFFa,b\n\n1,2');
    expect(rows).toEqual([['a', 'b'], ['1', '2']]);
    expect(lines).toEqual([1, 3]);
  });
});

describe('sites files', () => {
  it('round-trips a tree through CSV, names with commas and quotes included', () => {
    const tree = smallTree();
    tree[1]!.name.en = 'Yuzhong, "the centre"';
    const parsed = parseSitesText(sitesToCsv(tree), 'csv');
    expect(parsed.problems).toEqual([]);
    const { sites, problems } = validateSites(parsed.records, { lines: parsed.lines });
    expect(problems).toEqual([]);
    expect(sites).toEqual(tree);
  });

  it('names the CSV header problems and bad cells', () => {
    expect(parseSitesText('id,level,parnet,name_zh,name_en\n', 'csv').problems).toEqual([
      'line 1: unknown column "parnet" (columns: id,level,parent,code,name_zh,name_en,twin,urban)',
      'line 1: missing column parent',
    ]);
    const bad = parseSitesText('id,level,parent,code,name_zh,name_en,twin,urban\n500000,city,,500000,重庆市\n500000,city,,500000,重庆市,Chongqing,,maybe\n', 'csv');
    expect(bad.problems).toEqual(['line 2: 5 fields, the header has 8', 'line 3 (id "500000"): urban "maybe" must be true or false']);
  });

  it('gives JSON records the line they start on', () => {
    const text = sitesToJson(smallTree());
    const parsed = parseSitesText(text);
    expect(parsed.lines).toEqual(smallTree().map((_, i) => 4 + i));
    const bare = parseSitesText(`[\n${smallTree().map((s) => JSON.stringify(s, null, 2)).join(',\n')}\n]`);
    expect(bare.records).toHaveLength(smallTree().length);
    expect(bare.lines[0]).toBe(2);
    expect(bare.lines[1]).toBe(2 + JSON.stringify(smallTree()[0], null, 2).split('\n').length);
  });

  it('refuses JSON of another format or not JSON, naming the line', () => {
    expect(parseSitesText('{"format":"x","sites":[]}').problems).toEqual(['format must be "community-twin-sites/1" (found "x")']);
    expect(parseSitesText('[\n{"id": 1},\n{oops}\n]').problems[0]).toMatch(/^line 3: not valid JSON/);
  });
});
