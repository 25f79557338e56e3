import { describe, expect, it } from 'vitest';
import { itemRows, safeHref, type ItemFilter } from '../../../client/panels/indicator-items/item-rows.ts';
import { pageCount, pageOf } from '../../../client/layout/pages.ts';
import { ITEMS } from '../../../streams/indicators/catalogue.ts';
import { unassessed, type Assessment, type AssessmentStatus } from '../../../streams/indicators/assessment.ts';

const assessed = (item: string, status: AssessmentStatus): Assessment => ({ ...unassessed('c-a', item), revision: 1, status, operator: 'x', at: 1 });
const map = new Map([['1.1', assessed('1.1', 'met')], ['12.1', assessed('12.1', 'not_met')], ['12.2', assessed('12.2', 'met')]]);

describe('itemRows', () => {
  it.each<[string, ItemFilter, (ids: string[]) => void]>([
    ['all 110 in catalogue order', {}, (ids) => { expect(ids.length).toBe(110); expect(ids.slice(0, 3)).toEqual(['1.1', '1.2', '1.3']); }],
    ['one scene', { scene: 4 }, (ids) => expect(ids).toEqual(ITEMS.filter((i) => i.scene === 4).map((i) => i.id))],
    ['binding items: 31', { type: 'binding' }, (ids) => expect(ids.length).toBe(31)],
    ['met', { status: 'met' }, (ids) => expect(ids).toEqual(['1.1', '12.2'])],
    ['never assessed counts as not started', { status: 'not_started' }, (ids) => expect(ids.length).toBe(107)],
    ['filters combine', { scene: 4, type: 'binding', status: 'not_met' }, (ids) => expect(ids).toEqual(['12.1'])],
  ])('%s', (_name, filter, check) => {
    check(itemRows(map, 'c-a', filter).map((r) => r.item.id));
  });
});

describe('pages', () => {
  it.each<[number, number, number, number, number[]]>([
    // rows, perPage, page → pages, ids on the page
    [10, 4, 0, 3, [0, 1, 2, 3]],
    [10, 4, 2, 3, [8, 9]],
    [10, 4, 3, 3, [0, 1, 2, 3]], // wraps round
    [0, 4, 0, 1, []],
    [5, 0, 1, 5, [1]], // at least one row a page
  ])('%d rows at %d a page, page %d', (n, perPage, page, pages, want) => {
    const rows = Array.from({ length: n }, (_, i) => i);
    expect(pageCount(n, perPage)).toBe(pages);
    expect(pageOf(rows, page, perPage)).toEqual(want);
  });
});

describe('safeHref', () => {
  it.each<[string, string | undefined]>([
    ['https://example.org/report.pdf', 'https://example.org/report.pdf'],
    ['http://gov.cq.cn/a?b=1', 'http://gov.cq.cn/a?b=1'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['/relative/path', undefined],
    ['<img src=x onerror=alert(1)>', undefined],
    ['vbscript:msgbox(1)', undefined],
    ['ftp://files.example.org/x', undefined],
  ])('%s', (raw, want) => {
    expect(safeHref(raw)).toBe(want);
  });
});
