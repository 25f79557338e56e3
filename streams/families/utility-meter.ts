/**
 * Water and gas metering of every building (item 11.4: 对建筑、设施、用水、用电、用气等进行能耗数据
 * 监测，实时采集和分析; electricity is the energy family). One remote-read meter per utility and
 * building, each with its cumulative register and its flow; gas enters the community's carbon
 * figure in the energy panel. Gas volumes are standard cubic metres (the meters' temperature
 * compensation), as emission factors count them.
 */
import { defineFamily, tagValueList, type TagValueOf } from './family-descriptor.ts';

export const UTILITY_METER = defineFamily({
  measurement: 'utility_meter',
  label: { zh: '水气计量', en: 'Water and gas meters' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'building', role: 'place', label: { zh: '建筑', en: 'Building' } },
    { key: 'meter', role: 'device', label: { zh: '表计', en: 'Meter' } },
    {
      key: 'utility', role: 'attribute', label: { zh: '介质', en: 'Utility' },
      values: [
        { value: 'water', label: { zh: '自来水', en: 'Water' }, colour: [62, 160, 255, 255], fields: ['water_m3', 'water_m3h'] },
        { value: 'gas', label: { zh: '天然气', en: 'Natural gas' }, colour: [250, 200, 70, 255], fields: ['gas_m3', 'gas_m3h'] },
      ],
    },
  ],
  fields: [
    { key: 'water_m3', type: 'float', unit: 'm³', label: { zh: '累计用水量', en: 'Water (cumulative)' }, rollup: 'sum', digits: 1 },
    { key: 'water_m3h', type: 'float', unit: 'm³/h', label: { zh: '用水流量', en: 'Water flow' }, rollup: 'sum', digits: 2 },
    { key: 'gas_m3', type: 'float', unit: 'm³', label: { zh: '累计用气量', en: 'Gas (cumulative)' }, rollup: 'sum', digits: 1 },
    { key: 'gas_m3h', type: 'float', unit: 'm³/h', label: { zh: '用气流量', en: 'Gas flow' }, rollup: 'sum', digits: 2 },
  ],
  // Remote-read meters report far less often than electricity meters; five minutes still shows the meals.
  intervalS: 300,
  topic: 'utility',
  twin: { object: 'meter', layer: 'buildings', binding: ['element'] },
  card: {
    rows: [{ field: 'water_m3h' }, { field: 'water_m3' }, { field: 'gas_m3h' }, { field: 'gas_m3' }],
    spark: ['water_m3h', 'gas_m3h'],
  },
  cockpit: [{ field: 'water_m3h' }, { field: 'gas_m3h' }],
});

export type Utility = TagValueOf<typeof UTILITY_METER, 'utility'>;
export const UTILITIES = tagValueList(UTILITY_METER, 'utility');
