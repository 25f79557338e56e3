/**
 * Waste sorting bins (item 11.1, binding: 全面实施生活垃圾分类): the fill level of every bin at the
 * community's collection points (生活垃圾分类收集点), by sorting category, and how often it has
 * been emptied. A bin emptied by the collection round drops to near zero and counts one more
 * collection; a full bin waits for the next round. Category colours are those of GB/T 19095-2019
 * (生活垃圾分类标志): recyclables blue, hazardous red, food green, residual grey.
 */
import { defineFamily, tagValueList, type TagValueOf } from './family-descriptor.ts';

export const WASTE_BIN = defineFamily({
  measurement: 'waste_bin',
  label: { zh: '垃圾分类', en: 'Waste sorting bins' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'point', role: 'place', label: { zh: '投放点', en: 'Collection point' } },
    { key: 'bin', role: 'device', label: { zh: '垃圾桶', en: 'Bin' } },
    {
      key: 'category', role: 'attribute', label: { zh: '分类', en: 'Category' },
      values: [
        { value: 'food', label: { zh: '厨余垃圾', en: 'Food waste' }, colour: [46, 160, 67, 255] },
        { value: 'recyclable', label: { zh: '可回收物', en: 'Recyclables' }, colour: [30, 110, 200, 255] },
        { value: 'hazardous', label: { zh: '有害垃圾', en: 'Hazardous waste' }, colour: [200, 40, 40, 255] },
        { value: 'residual', label: { zh: '其他垃圾', en: 'Residual waste' }, colour: [110, 116, 124, 255] },
      ],
    },
  ],
  fields: [
    { key: 'fill_pct', type: 'float', unit: '%', label: { zh: '满溢度', en: 'Fill level' }, rollup: 'max', digits: 0 },
    { key: 'collections', type: 'integer', unit: '次', unitLabel: { zh: '次', en: 'times' }, label: { zh: '累计清运', en: 'Collections' }, rollup: 'sum' },
  ],
  // An ultrasonic fill sensor reports every few minutes; more would only drain its battery.
  intervalS: 300,
  thresholds: [
    {
      field: 'fill_pct', limits: { warn: 80, alarm: 90 },
      standard: {
        code: 'product', title: { zh: '本产品运营阈值', en: 'The product\'s operating levels' },
        // No national standard gives a fill level; these are the levels collection rounds work to.
        clause: 'fill level: 80 % call for collection, 90 % about to overflow (满溢)',
      },
    },
  ],
  topic: 'waste',
  twin: { object: 'bin', layer: 'devices', colour: { kind: 'levels' } },
  card: { rows: [{ field: 'fill_pct' }, { field: 'collections' }], spark: ['fill_pct'] },
  cockpit: [
    { field: 'fill_pct', count: { level: 'warn' }, label: { zh: '待清运（≥80 %）', en: 'Bins ≥ 80 % full' } },
    { field: 'fill_pct', label: { zh: '最满', en: 'Fullest bin' } },
  ],
  alertTypes: [
    { type: 'waste_overflow', label: { zh: '垃圾桶满溢', en: 'Bin overflowing' }, raisedBy: 'rule' },
  ],
});

export type WasteCategory = TagValueOf<typeof WASTE_BIN, 'category'>;
export const WASTE_CATEGORIES = tagValueList(WASTE_BIN, 'category');
