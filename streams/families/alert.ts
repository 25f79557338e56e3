/**
 * Safety alerts (安全韧性 · 智慧安防): events raised by devices — the five layers of the guideline's
 * security (perimeter, public areas, building fire safety, household emergency buttons,
 * vulnerable people) — each an `alert` point that becomes an alert record at once.
 */
import { defineFamily } from './family-descriptor.ts';

export const ALERT = defineFamily({
  measurement: 'alert',
  label: { zh: '安全告警', en: 'Safety alert' },
  kind: 'events',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'type', role: 'attribute', label: { zh: '类型', en: 'Type' } },
    {
      key: 'severity', role: 'attribute', label: { zh: '级别', en: 'Severity' },
      values: [
        { value: 'info', label: { zh: '提示', en: 'Info' }, colour: [95, 168, 255, 255] },
        { value: 'warning', label: { zh: '一般', en: 'Warning' }, colour: [245, 197, 66, 255] },
        { value: 'major', label: { zh: '严重', en: 'Major' }, colour: [255, 138, 61, 255] },
        { value: 'critical', label: { zh: '紧急', en: 'Critical' }, colour: [255, 60, 60, 255] },
      ],
    },
    { key: 'device', role: 'device', label: { zh: '告警设备', en: 'Alarm device' } },
  ],
  fields: [
    { key: 'location', type: 'string', unit: '', label: { zh: '位置', en: 'Location' }, rollup: 'none' },
    { key: 'message', type: 'string', unit: '', label: { zh: '内容', en: 'Message' }, rollup: 'none' },
    { key: 'value', type: 'float', unit: '', label: { zh: '读数', en: 'Reading' }, rollup: 'none' },
  ],
  intervalS: 0,
  topic: 'alert',
  twin: { object: 'alert', layer: 'alerts', binding: ['feature', 'element'], colour: { kind: 'tag', tag: 'severity' } },
  alertTypes: [
    { type: 'perimeter_intrusion', label: { zh: '周界入侵', en: 'Perimeter intrusion' }, raisedBy: 'device' },
    { type: 'crowding_danger_zone', label: { zh: '人群聚集/危险区域', en: 'Crowding / danger zone' }, raisedBy: 'device' },
    { type: 'fire', label: { zh: '消防火警/消防水', en: 'Fire / fire water' }, raisedBy: 'device' },
    { type: 'emergency_button', label: { zh: '一键紧急呼叫', en: 'Household emergency button' }, raisedBy: 'device' },
    { type: 'vulnerable_person_alone', label: { zh: '特殊人群独自离开', en: 'Vulnerable person leaving alone' }, raisedBy: 'device' },
  ],
});
