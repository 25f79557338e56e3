/**
 * Gate access control (数字身份识别管理 at the community's gates): how many people passed each gate
 * and how many entries it refused, as counts per reporting interval. Counts only: no face, card
 * or person leaves the gate controller.
 */
import { defineFamily } from './family-descriptor.ts';

export const ACCESS_CONTROL = defineFamily({
  measurement: 'access_control',
  label: { zh: '门禁通行', en: 'Gate access' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'gate', role: 'device', label: { zh: '出入口', en: 'Gate' } },
  ],
  fields: [
    // Both directions, in the 5 minutes before the report.
    { key: 'passages', type: 'integer', unit: '人次', unitLabel: { zh: '人次', en: 'passages' }, label: { zh: '通行（5 分钟）', en: 'Passages (5 min)' }, rollup: 'sum' },
    { key: 'denied', type: 'integer', unit: '人次', unitLabel: { zh: '人次', en: 'passages' }, label: { zh: '拒绝通行（5 分钟）', en: 'Denied (5 min)' }, rollup: 'sum' },
  ],
  intervalS: 300,
  topic: 'access',
  twin: {
    object: 'gate',
    layer: 'devices',
    // Traffic through the gate: a main gate at the morning peak passes a hundred or more in 5 minutes.
    colour: {
      kind: 'ramp', field: 'passages', unit: '人次',
      stops: [
        { at: 0, colour: [38, 84, 150, 255] },
        { at: 20, colour: [40, 170, 200, 255] },
        { at: 50, colour: [90, 210, 120, 255] },
        { at: 100, colour: [245, 200, 60, 255] },
        { at: 160, colour: [250, 120, 50, 255] },
      ],
    },
  },
  card: { rows: [{ field: 'passages' }, { field: 'denied' }], spark: ['passages'] },
  cockpit: [{ field: 'passages' }, { field: 'denied' }],
});
