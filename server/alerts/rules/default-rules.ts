/**
 * The rule set a community starts with (seeded into the records database for the demo community
 * the first time the server starts; editable afterwards through `PUT /api/alerts/rules`).
 * Thresholds follow the simulated sensors' design values (streams/simulator/community-config.ts)
 * and common practice: water mains below 150 kPa cannot feed upper floors; PM2.5 above 115 µg/m³
 * is 中度污染 in GB 3095-2012's AQI bands. The service families' rules (lifts, bins, fire water,
 * childcare sites) are in service-rules.ts.
 */
import type { AlertRule } from '../../../streams/alert-rules.ts';
import { SERVICE_RULES } from './service-rules.ts';

export const DEFAULT_RULES: readonly AlertRule[] = [
  {
    id: 'water-pressure-low', name: '供水管网压力过低', kind: 'threshold', severity: 'major', type: 'pipe_leak',
    measurement: 'pipe', field: 'pressure_kpa', selector: { network: 'water_supply' },
    op: '<', value: 150, forSeconds: 30, clearValue: 170,
  },
  {
    id: 'drainage-level-high', name: '排水井液位过高（内涝风险）', kind: 'threshold', severity: 'major', type: 'waterlogging',
    measurement: 'pipe', field: 'level_m', selector: { network: 'drainage' },
    op: '>', value: 0.8, forSeconds: 60, clearValue: 0.7,
  },
  {
    id: 'drainage-level-rising', name: '排水井液位快速上涨', kind: 'rate', severity: 'warning', type: 'waterlogging',
    measurement: 'pipe', field: 'level_m', selector: { network: 'drainage' },
    op: '>', value: 0.02, windowSeconds: 300, clearValue: 0.005,
  },
  {
    id: 'gas-leak-status', name: '燃气管网泄漏', kind: 'threshold', severity: 'critical', type: 'gas_leak',
    measurement: 'pipe', field: 'status', selector: { network: 'gas' }, op: '=', value: 'leak',
  },
  {
    id: 'walkway-pm25-high', name: '步道 PM2.5 超标（中度污染）', kind: 'threshold', severity: 'warning', type: 'environment_abnormal',
    measurement: 'env', field: 'pm25_ugm3', op: '>', value: 115, forSeconds: 300, clearValue: 100,
  },
  {
    id: 'pipe-sensor-silent', name: '管网传感器离线超过 10 分钟', kind: 'no_data', severity: 'warning', type: 'sensor_offline',
    measurement: 'pipe', silentSeconds: 600,
  },
  {
    id: 'walkway-sensor-silent', name: '步道环境传感器离线超过 10 分钟', kind: 'no_data', severity: 'info', type: 'sensor_offline',
    measurement: 'env', silentSeconds: 600,
  },
  {
    id: 'perimeter-repeated', name: '10 分钟内 3 次周界入侵', kind: 'count', severity: 'critical', type: 'perimeter_intrusion',
    measurement: 'alert', selector: { type: 'perimeter_intrusion' }, count: 3, windowSeconds: 600, groupBy: ['neighbourhood'],
  },
  ...SERVICE_RULES,
];
