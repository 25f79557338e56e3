/**
 * The alert lifecycle as time series: one point per step (raise, ack, dispatch, resolve, close,
 * reopen, escalate), written by the server for the cockpit's statistics. The records database
 * holds the alerts themselves; these points name no device.
 */
import { defineFamily } from './family-descriptor.ts';

export const ALERT_EVENT = defineFamily({
  measurement: 'alert_event',
  label: { zh: '告警处置记录', en: 'Alert lifecycle event' },
  kind: 'records',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'type', role: 'attribute', label: { zh: '类型', en: 'Type' } },
    { key: 'severity', role: 'attribute', label: { zh: '级别', en: 'Severity' } },
    { key: 'state', role: 'attribute', label: { zh: '状态', en: 'State' } },
    { key: 'action', role: 'attribute', label: { zh: '操作', en: 'Action' } },
  ],
  fields: [
    { key: 'alert_id', type: 'integer', unit: '', label: { zh: '告警编号', en: 'Alert id' }, rollup: 'none' },
    { key: 'ack_s', type: 'float', unit: 's', label: { zh: '确认用时', en: 'Time to acknowledge' }, rollup: 'none', digits: 0 },
    { key: 'resolve_s', type: 'float', unit: 's', label: { zh: '处置用时', en: 'Time to resolve' }, rollup: 'none', digits: 0 },
    { key: 'escalation_level', type: 'integer', unit: '', label: { zh: '升级级别', en: 'Escalation level' }, rollup: 'none' },
  ],
  intervalS: 0,
});
