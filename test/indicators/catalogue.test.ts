import { describe, expect, it } from 'vitest';
import {
  AUTO_ASSESSMENTS, GUIDELINE_RULES, INDICATORS, ITEMS, ITEM_TYPES, SCENES, catalogueTree, itemById, type ItemType,
} from '../../streams/indicators/catalogue.ts';

const count = (pred: (it: (typeof ITEMS)[number]) => boolean) => ITEMS.filter(pred).length;

describe('indicator catalogue', () => {
  it('holds the guideline\'s totals: 9 scenes, 33 indicators, 110 items (31 binding, 57 basic, 22 additional)', () => {
    expect(SCENES).toHaveLength(9);
    expect(INDICATORS).toHaveLength(33);
    expect(ITEMS).toHaveLength(110);
    expect(Object.fromEntries(ITEM_TYPES.map((t) => [t, count((it) => it.type === t)]))).toEqual({ binding: 31, basic: 57, additional: 22 });
    expect(catalogueTree().totals).toEqual({ scenes: 9, indicators: 33, items: 110, binding: 31, basic: 57, additional: 22 });
  });

  // Scene → [indicators, binding, basic, additional], counted from the table.
  it.each([
    [1, '渝快智治', [1, 2, 3, 4], 6, 7, 0],
    [2, '渝见邻里', [5, 6, 7], 4, 7, 0],
    [3, '山水宜居', [8, 9, 10, 11], 4, 8, 3],
    [4, '立体畅行', [12, 13, 14, 15, 16], 4, 5, 4],
    [5, '健康颐养', [17, 18, 19], 3, 4, 2],
    [6, '全龄教育', [20, 21, 22, 23], 3, 4, 4],
    [7, '创新创业', [24, 25, 26], 0, 3, 6],
    [8, '多元活力', [27, 28, 29, 30], 5, 7, 3],
    [9, '安全韧性', [31, 32, 33], 2, 12, 0],
  ] as const)('scene %i %s: its indicators and items per type', (scene, zh, indicators, binding, basic, additional) => {
    const s = SCENES[scene - 1];
    expect(s.name.zh).toBe(zh);
    expect(s.indicators).toEqual(indicators);
    const per = (t: ItemType) => count((it) => it.scene === scene && it.type === t);
    expect([per('binding'), per('basic'), per('additional')]).toEqual([binding, basic, additional]);
  });

  it('gives every item a unique id made of its indicator and position, and every indicator at least one item', () => {
    expect(new Set(ITEMS.map((it) => it.id)).size).toBe(ITEMS.length);
    for (const it of ITEMS) {
      expect(it.id).toBe(`${it.indicator}.${it.ordinal}`);
      expect(INDICATORS[it.indicator - 1].scene).toBe(it.scene);
    }
    for (const ind of INDICATORS) {
      expect(ind.items.length, `indicator ${ind.number}`).toBeGreaterThanOrEqual(1);
      expect(ind.items).toEqual(ind.items.map((_, i) => `${ind.number}.${i + 1}`));
    }
    expect(SCENES.flatMap((s) => s.indicators)).toEqual(INDICATORS.map((i) => i.number));
  });

  it('has Chinese text and an English gloss on every item, and marks the one the source lost', () => {
    const missing = ITEMS.filter((it) => it.textMissing);
    expect(missing.map((it) => it.id)).toEqual(['24.1']);
    expect(missing[0].text.zh).toContain('原文缺失');
    for (const it of ITEMS) {
      expect(it.text.zh.length, it.id).toBeGreaterThan(it.textMissing ? 0 : 5);
      expect(it.text.en.length, it.id).toBeGreaterThan(5);
      expect(it.text.zh, it.id).not.toMatch(/^\d+\./);
    }
    for (const x of [...SCENES, ...INDICATORS]) expect(x.name.zh && x.name.en).toBeTruthy();
  });

  it('joins the item that the source split across a page (24.3)', () => {
    expect(itemById('24.3')!.text.zh).toBe('依托社区智慧服务平台，构建社区线上就业服务模块；形成社区就业人员库。');
  });

  it.each([
    ['12.1', 'walk-to-bus', '500米'],
    ['12.2', 'walk-to-rail', '800米'],
    ['11.4', 'energy-metering', '能耗数据监测'],
    ['32.6', 'warning-delay', '零延时预警'],
    ['33.3', 'drainage-monitoring', '排水数字化在线监测'],
  ] as const)('marks %s as judged by the product (%s), matching its text', (id, auto, phrase) => {
    expect(itemById(id)!.autoAssessed).toBe(auto);
    expect(itemById(id)!.text.zh).toContain(phrase);
  });

  it('keeps the walkway density rule as a guideline rule, not an item', () => {
    expect(ITEMS.filter((it) => it.autoAssessed).map((it) => it.autoAssessed).sort())
      .toEqual(AUTO_ASSESSMENTS.filter((a) => a !== 'walkway-density').sort());
    expect(GUIDELINE_RULES.map((r) => [r.id, r.section, r.threshold, r.unit])).toEqual([['walkway-density', '三(四)3', 8, 'km/km²']]);
  });
});
