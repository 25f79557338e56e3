/**
 * Security of the childcare sites (item 20.2, binding: 社区托育点监控报警系统确保 24 小时设防; 六
 * 2 ①: 视频安防监控系统、入侵报警系统、紧急报警等装置，24小时设防). One intrusion-alarm panel per
 * site reports whether it is armed, and whether an intrusion or an emergency (the staff's panic
 * button) alarm is active. Being disarmed is itself a fault: the guideline asks for 24 hours.
 */
import { defineFamily } from './family-descriptor.ts';

export const CHILDCARE_SECURITY = defineFamily({
  measurement: 'childcare_security',
  label: { zh: '托育安防', en: 'Childcare security' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'building', role: 'place', label: { zh: '建筑', en: 'Building' } },
    { key: 'panel', role: 'device', label: { zh: '报警主机', en: 'Alarm panel' } },
  ],
  fields: [
    {
      // Totals count the armed panels, the intrusions and the emergencies of the node.
      key: 'armed', type: 'boolean', unit: '', label: { zh: '设防状态', en: 'Arming' }, rollup: 'sum',
      states: [
        { value: 'true', label: { zh: '设防', en: 'Armed' }, level: 'ok' },
        { value: 'false', label: { zh: '撤防', en: 'Disarmed' }, level: 'warn' },
      ],
    },
    {
      key: 'intrusion', type: 'boolean', unit: '', label: { zh: '入侵报警', en: 'Intrusion' }, rollup: 'sum',
      states: [
        { value: 'false', label: { zh: '正常', en: 'Clear' }, level: 'ok' },
        { value: 'true', label: { zh: '报警', en: 'Alarm' }, level: 'alarm' },
      ],
    },
    {
      key: 'emergency', type: 'boolean', unit: '', label: { zh: '紧急报警', en: 'Emergency' }, rollup: 'sum',
      states: [
        { value: 'false', label: { zh: '正常', en: 'Clear' }, level: 'ok' },
        { value: 'true', label: { zh: '报警', en: 'Alarm' }, level: 'alarm' },
      ],
    },
  ],
  intervalS: 60,
  topic: 'childcare',
  twin: { object: 'alarm-panel', layer: 'buildings', binding: ['element'], colour: { kind: 'state', field: 'armed' } },
  card: { rows: [{ field: 'armed' }, { field: 'intrusion' }, { field: 'emergency' }] },
  cockpit: [{ field: 'armed', label: { zh: '托育点设防', en: 'Childcare sites armed' } }],
  alertTypes: [
    { type: 'childcare_intrusion', label: { zh: '托育场所入侵报警', en: 'Childcare site intrusion' }, raisedBy: 'rule' },
    { type: 'childcare_emergency', label: { zh: '托育场所紧急报警', en: 'Childcare site emergency' }, raisedBy: 'rule' },
    { type: 'childcare_disarmed', label: { zh: '托育场所撤防', en: 'Childcare site disarmed' }, raisedBy: 'rule' },
  ],
});
