/** Parking spaces: whether each space is taken, from its ground sensor (reverse car finding, guidance). */
import { defineFamily } from './family-descriptor.ts';

export const PARKING_SPACE = defineFamily({
  measurement: 'parking_space',
  label: { zh: '泊位状态', en: 'Parking space' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'lot', role: 'place', label: { zh: '停车场', en: 'Lot' } },
    { key: 'space', role: 'device', label: { zh: '车位', en: 'Parking space' } },
  ],
  fields: [
    {
      key: 'occupied', type: 'boolean', unit: '', label: { zh: '占用', en: 'Occupied' }, rollup: 'sum',
      states: [
        { value: 'false', label: { zh: '空闲', en: 'Free' }, level: 'ok', colour: [46, 214, 123, 230] },
        { value: 'true', label: { zh: '占用', en: 'Occupied' }, level: 'ok', colour: [240, 80, 80, 230] },
      ],
    },
  ],
  // Spaces also report on every change; this is the keep-alive.
  intervalS: 300,
  topic: 'parking',
  // The lots carry the totals; a node summary of thousands of spaces would only repeat them.
  summary: false,
  twin: { object: 'space', layer: 'parking', colour: { kind: 'state', field: 'occupied' } },
  card: { rows: [{ field: 'occupied', label: { zh: '状态', en: 'Status' } }] },
});
