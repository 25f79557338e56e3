/**
 * Parking lots (立体畅行 · 智慧共享停车): occupied spaces and capacity of each lot, ground or
 * underground, for guidance and shared off-peak parking.
 */
import { defineFamily } from './family-descriptor.ts';

export const PARKING = defineFamily({
  measurement: 'parking',
  label: { zh: '停车场', en: 'Parking lot' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'lot', role: 'device', label: { zh: '停车场', en: 'Parking lot' } },
    {
      key: 'kind', role: 'attribute', label: { zh: '类型', en: 'Kind' },
      values: [
        { value: 'residential', label: { zh: '小区停车场', en: 'Residential' } },
        { value: 'public', label: { zh: '公共停车场', en: 'Public' } },
        { value: 'underground', label: { zh: '地下车库', en: 'Underground' } },
      ],
    },
  ],
  fields: [
    { key: 'occupied', type: 'integer', unit: '辆', unitLabel: { zh: '辆', en: 'veh' }, label: { zh: '已占用', en: 'Occupied' }, rollup: 'sum' },
    { key: 'capacity', type: 'integer', unit: '个', unitLabel: { zh: '个', en: 'spaces' }, label: { zh: '泊位数', en: 'Capacity' }, rollup: 'sum' },
  ],
  intervalS: 30,
  thresholds: [
    {
      // A lot with fewer than 15 % of its spaces free sends drivers on; a full one turns them away.
      field: 'occupied', shareOf: 'capacity', limits: { warn: 0.85, alarm: 1 },
      standard: { code: 'product', title: { zh: '本产品运营阈值', en: 'The product\'s operating levels' }, clause: 'occupancy share: 85 % nearly full, 100 % full' },
    },
  ],
  topic: 'parking',
  twin: { object: 'lot', layer: 'parking', colour: { kind: 'levels' } },
  card: {
    rows: [
      { field: 'occupied', digits: 0 },
      { field: 'occupied', remainderOf: 'capacity', label: { zh: '空闲', en: 'Free' } },
      { field: 'capacity' },
    ],
    spark: ['occupied'],
  },
});
