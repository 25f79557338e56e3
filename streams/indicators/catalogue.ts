/**
 * The guideline's indicator system (现代社区评价指标, 六(三) 指标审查) as data shared by the server
 * and the cockpit: 9 scenes (一级指标, 场景), 33 indicators (二级指标) and 110 items (细项).
 *
 * Each item is 约束项 binding (all must be met: 31), 基本项 basic (met as fits: 57) or 附加项
 * additional (encouraged: 22). How the damaged rows of the source table were reconciled is
 * written in README.md beside this file.
 */
import { ITEM_ROWS } from './catalogue-items.ts';

export const ITEM_TYPES = ['binding', 'basic', 'additional'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const ITEM_TYPE_LABELS: Readonly<Record<ItemType, { zh: string; en: string }>> = {
  binding: { zh: '约束项', en: 'Binding' },
  basic: { zh: '基本项', en: 'Basic' },
  additional: { zh: '附加项', en: 'Additional' },
};

/** Items the product judges from its own data; `docs/indicators.md` says how each is computed. */
export const AUTO_ASSESSMENTS = [
  'walk-to-bus', 'walk-to-rail', 'walkway-density', 'energy-metering', 'drainage-monitoring', 'warning-delay',
] as const;
export type AutoAssessment = (typeof AUTO_ASSESSMENTS)[number];

export interface Bilingual { zh: string; en: string }

export interface Scene {
  /** 1..9, the table's 一 … 九. */
  number: number;
  numeral: string;
  name: Bilingual;
  /** Indicator numbers of this scene, in order. */
  indicators: readonly number[];
}

export interface Indicator {
  /** 1..33, numbered through the whole table. */
  number: number;
  scene: number;
  name: Bilingual;
  /** Item ids of this indicator, in order. */
  items: readonly string[];
}

export interface Item {
  /** `${indicator}.${ordinal}`, e.g. "12.1". */
  id: string;
  indicator: number;
  scene: number;
  /** Position within the indicator, from 1. */
  ordinal: number;
  type: ItemType;
  /** zh: the source's text verbatim (its "N." numbering dropped: that is `ordinal`); en: a short gloss. */
  text: Bilingual;
  /** Set on the one item whose text the source document lost (24.1). */
  textMissing?: true;
  autoAssessed?: AutoAssessment;
}

const SCENE_DEFS: readonly [numeral: string, zh: string, en: string, first: number, last: number][] = [
  ['一', '渝快智治', 'Smart governance', 1, 4],
  ['二', '渝见邻里', 'Neighbourhood', 5, 7],
  ['三', '山水宜居', 'Liveable environment', 8, 11],
  ['四', '立体畅行', 'Mobility', 12, 16],
  ['五', '健康颐养', 'Health and elderly care', 17, 19],
  ['六', '全龄教育', 'All-age education', 20, 23],
  ['七', '创新创业', 'Innovation and jobs', 24, 26],
  ['八', '多元活力', 'Vitality', 27, 30],
  ['九', '安全韧性', 'Safety and resilience', 31, 33],
];

const INDICATOR_NAMES: readonly [zh: string, en: string][] = [
  ['党建统领', 'Party-building leadership'],
  ['数字化系统', 'Digital systems'],
  ['先锋物业', 'Exemplary property management'],
  ['专业力量进社区', 'Professionals in the community'],
  ['邻里文化', 'Neighbourhood culture'],
  ['邻里共享', 'Neighbourhood sharing'],
  ['邻里互助', 'Mutual help'],
  ['建筑风貌', 'Architectural character'],
  ['绿色建筑', 'Green buildings'],
  ['开敞空间', 'Open space'],
  ['低碳生活', 'Low-carbon living'],
  ['便捷出行', 'Convenient transport'],
  ['山城步道', 'Hillside walkways'],
  ['无障碍设施', 'Barrier-free access'],
  ['智能共享停车', 'Smart shared parking'],
  ['供能保障与接口预留', 'Charging and future provision'],
  ['健康管理', 'Health management'],
  ['颐乐养老', 'Elderly care'],
  ['弱势扶助', 'Support for vulnerable people'],
  ['托育照护', 'Infant care'],
  ['幼小提质', 'Kindergarten and school quality'],
  ['无忧学堂', 'After-school classes'],
  ['终身学习', 'Lifelong learning'],
  ['就业服务', 'Employment services'],
  ['创新孵化', 'Start-up incubation'],
  ['人才保障', 'Talent support'],
  ['人文品牌', 'Cultural brand'],
  ['便民商业', 'Everyday shops and services'],
  ['休闲运动', 'Leisure and sport'],
  ['产社融合', 'Industry–community integration'],
  ['设施保障', 'Infrastructure assurance'],
  ['应急防灾', 'Emergency and disaster prevention'],
  ['山地海绵社区', 'Hillside sponge community'],
];

/** Checked against the source text of each item (see README.md); the walkway density rule is not an item. */
const AUTO_ITEMS: Readonly<Record<string, AutoAssessment>> = {
  '12.1': 'walk-to-bus',
  '12.2': 'walk-to-rail',
  '11.4': 'energy-metering',
  '33.3': 'drainage-monitoring',
  '32.6': 'warning-delay',
};

/** Placeholder text for the item the source lost, shown as such rather than left blank. */
export const MISSING_TEXT: Bilingual = { zh: '原文缺失', en: 'Text missing from the source document' };

function build() {
  const items: Item[] = ITEM_ROWS.map(([id, type, zh, en]) => {
    const [indicator, ordinal] = id.split('.').map(Number);
    const scene = SCENE_DEFS.findIndex(([, , , first, last]) => indicator >= first && indicator <= last) + 1;
    const item: Item = {
      id, indicator, scene, ordinal, type,
      text: zh === null ? { zh: MISSING_TEXT.zh, en: `${MISSING_TEXT.en}.` } : { zh, en },
    };
    if (zh === null) item.textMissing = true;
    if (AUTO_ITEMS[id]) item.autoAssessed = AUTO_ITEMS[id];
    return item;
  });
  const indicators: Indicator[] = INDICATOR_NAMES.map(([zh, en], i) => {
    const number = i + 1;
    return {
      number, name: { zh, en },
      scene: SCENE_DEFS.findIndex(([, , , first, last]) => number >= first && number <= last) + 1,
      items: items.filter((it) => it.indicator === number).map((it) => it.id),
    };
  });
  const scenes: Scene[] = SCENE_DEFS.map(([numeral, zh, en, first, last], i) => ({
    number: i + 1, numeral, name: { zh, en },
    indicators: Array.from({ length: last - first + 1 }, (_, k) => first + k),
  }));
  return { scenes, indicators, items };
}

const built = build();
export const SCENES: readonly Scene[] = built.scenes;
export const INDICATORS: readonly Indicator[] = built.indicators;
export const ITEMS: readonly Item[] = built.items;

const ITEM_BY_ID = new Map(ITEMS.map((it) => [it.id, it]));

/** The item with this id ("12.1"), or undefined. */
export function itemById(id: string): Item | undefined {
  return ITEM_BY_ID.get(id);
}

export interface CatalogueTree {
  scenes: (Omit<Scene, 'indicators'> & { indicators: (Omit<Indicator, 'items'> & { items: Item[] })[] })[];
  totals: { scenes: number; indicators: number; items: number } & Record<ItemType, number>;
}

/** Scenes → indicators → items, with totals: the shape `GET /api/indicators/catalogue` answers. */
export function catalogueTree(): CatalogueTree {
  const totals = { scenes: SCENES.length, indicators: INDICATORS.length, items: ITEMS.length, binding: 0, basic: 0, additional: 0 };
  for (const it of ITEMS) totals[it.type]++;
  return {
    scenes: SCENES.map((s) => ({
      ...s,
      indicators: s.indicators.map((n) => {
        const ind = INDICATORS[n - 1];
        return { ...ind, items: ind.items.map((id) => ITEM_BY_ID.get(id)!) };
      }),
    })),
    totals,
  };
}

/**
 * Rules of the guideline's text that the product judges but that are not items of the table.
 * The walkway density rule (三(四)3 慢行系统) belongs to indicator 13 山城步道 in spirit; none of
 * 13.1–13.3 states it, so it is kept apart rather than pinned to an item.
 */
export const GUIDELINE_RULES: readonly {
  id: AutoAssessment; section: string; indicator: number; text: Bilingual; threshold: number; unit: string; comparison: '>=' | '<=';
}[] = [
  {
    id: 'walkway-density', section: '三(四)3', indicator: 13,
    text: { zh: '建立“小街区、密路网”，提高社区慢行交通网络密度，密度达到8公里/平方公里以上。', en: 'Small blocks and a dense network: walkway network density of at least 8 km/km².' },
    threshold: 8, unit: 'km/km²', comparison: '>=',
  },
];
