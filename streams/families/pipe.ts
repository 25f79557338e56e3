/**
 * Pipe networks (安全韧性 · 综合管网预警平台): pressure, flow and level sensors on the water supply,
 * drainage (item 33.3, online drainage monitoring; waterlogging 内涝) and gas networks, each with
 * its state.
 */
import { defineFamily, stateList, tagValueList, type StateOf, type TagValueOf } from './family-descriptor.ts';

export const PIPE = defineFamily({
  measurement: 'pipe',
  label: { zh: '管网监测', en: 'Pipe network' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    {
      key: 'network', role: 'place', label: { zh: '管网', en: 'Network' },
      values: [
        { value: 'water_supply', label: { zh: '供水', en: 'Water supply' }, colour: [62, 160, 255, 220], fields: ['pressure_kpa', 'flow_m3h', 'status'] },
        // Drainage flows by gravity: a level in the manhole, no pressure.
        { value: 'drainage', label: { zh: '排水', en: 'Drainage' }, colour: [150, 120, 90, 220], fields: ['level_m', 'flow_m3h', 'status'] },
        { value: 'gas', label: { zh: '燃气', en: 'Gas' }, colour: [250, 200, 70, 220], fields: ['pressure_kpa', 'flow_m3h', 'status'] },
      ],
    },
    { key: 'sensor', role: 'device', label: { zh: '管网传感器', en: 'Pipe sensor' } },
  ],
  fields: [
    { key: 'pressure_kpa', type: 'float', unit: 'kPa', label: { zh: '压力', en: 'Pressure' }, rollup: 'mean', digits: 1 },
    { key: 'flow_m3h', type: 'float', unit: 'm³/h', label: { zh: '流量', en: 'Flow' }, rollup: 'sum', digits: 1 },
    { key: 'level_m', type: 'float', unit: 'm', label: { zh: '液位', en: 'Level' }, rollup: 'max', digits: 2 },
    {
      key: 'status', type: 'string', unit: '', label: { zh: '状态', en: 'Status' }, rollup: 'none',
      states: [
        { value: 'normal', label: { zh: '正常', en: 'Normal' }, level: 'ok' },
        { value: 'warning', label: { zh: '预警', en: 'Warning' }, level: 'warn' },
        { value: 'fault', label: { zh: '故障', en: 'Fault' }, level: 'warn', colour: [255, 138, 61, 255] },
        { value: 'leak', label: { zh: '泄漏', en: 'Leak' }, level: 'alarm' },
      ],
    },
  ],
  intervalS: 10,
  topic: 'pipe',
  twin: { object: 'pipe-sensor', layer: 'pipes', colour: { kind: 'state', field: 'status', calmTag: 'network' } },
  card: {
    rows: [{ field: 'status' }, { field: 'level_m' }, { field: 'pressure_kpa' }, { field: 'flow_m3h' }],
    spark: ['level_m', 'pressure_kpa'],
  },
  alertTypes: [
    { type: 'pipe_leak', label: { zh: '管网泄漏', en: 'Pipe leak' }, raisedBy: 'device' },
    { type: 'waterlogging', label: { zh: '内涝积水', en: 'Waterlogging' }, raisedBy: 'device' },
    { type: 'gas_leak', label: { zh: '燃气泄漏', en: 'Gas leak' }, raisedBy: 'device' },
  ],
});

export type PipeNetwork = TagValueOf<typeof PIPE, 'network'>;
export const PIPE_NETWORKS = tagValueList(PIPE, 'network');

/** Pipe sensor states, in order of severity; stored as the string field `status`. */
export type PipeStatus = StateOf<typeof PIPE, 'status'>;
export const PIPE_STATUSES = stateList(PIPE, 'status');
