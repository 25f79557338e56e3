/**
 * Default rules on the service families: a passenger trapped in a lift or a lift out of order (the
 * lift terminal's state), a bin about to overflow, a roof fire tank or riser below the levels of
 * GB 50974-2014, a childcare site's intrusion or emergency alarm, or its alarm left disarmed
 * (item 20.2 asks for 24 hours armed). The limits are the descriptors' alarm levels
 * (streams/families), so a rule fires where the twin turns red.
 */
import type { AlertRule } from '../../../streams/alert-rules.ts';
import { FIRE_WATER, WASTE_BIN } from '../../../streams/families/index.ts';

const alarmOf = (thresholds: readonly { field: string; limits: { alarm: number } }[], field: string): number =>
  thresholds.find((t) => t.field === field)!.limits.alarm;

const TANK_LOW_M = alarmOf(FIRE_WATER.thresholds, 'level_m');
const RISER_LOW_KPA = alarmOf(FIRE_WATER.thresholds, 'pressure_kpa');
const BIN_FULL_PCT = alarmOf(WASTE_BIN.thresholds, 'fill_pct');

export const SERVICE_RULES: readonly AlertRule[] = [
  {
    id: 'elevator-trapped', name: '电梯困人', kind: 'threshold', severity: 'critical', type: 'elevator_trapped',
    measurement: 'elevator', field: 'state', op: '=', value: 'trapped',
  },
  {
    id: 'elevator-fault', name: '电梯故障停梯', kind: 'threshold', severity: 'major', type: 'elevator_fault',
    measurement: 'elevator', field: 'state', op: '=', value: 'fault',
  },
  {
    id: 'elevator-silent', name: '电梯物联网终端离线超过 10 分钟', kind: 'no_data', severity: 'warning', type: 'sensor_offline',
    measurement: 'elevator', silentSeconds: 600,
  },
  {
    // Two more reports above the limit (the bins report every 5 minutes): not a lid left ajar.
    id: 'waste-bin-full', name: `垃圾桶满溢（超过 ${BIN_FULL_PCT} % 持续 10 分钟）`, kind: 'threshold', severity: 'warning', type: 'waste_overflow',
    measurement: 'waste_bin', field: 'fill_pct', op: '>', value: BIN_FULL_PCT, forSeconds: 600, clearValue: 50,
  },
  {
    id: 'fire-tank-low', name: '消防水箱水位低于有效容积（GB 50974-2014 5.2.1）', kind: 'threshold', severity: 'critical', type: 'fire_water_low',
    measurement: 'fire_water', field: 'level_m', op: '<', value: TANK_LOW_M, forSeconds: 120, clearValue: 1.8,
  },
  {
    id: 'fire-riser-pressure-low', name: '消防立管压力不足（GB 50974-2014 5.2.2）', kind: 'threshold', severity: 'critical', type: 'fire_water_low',
    measurement: 'fire_water', field: 'pressure_kpa', op: '<', value: RISER_LOW_KPA, forSeconds: 120, clearValue: 100,
  },
  {
    id: 'fire-water-silent', name: '消防水监测终端离线超过 10 分钟', kind: 'no_data', severity: 'major', type: 'sensor_offline',
    measurement: 'fire_water', silentSeconds: 600,
  },
  {
    id: 'childcare-intrusion', name: '托育场所入侵报警', kind: 'threshold', severity: 'critical', type: 'childcare_intrusion',
    measurement: 'childcare_security', field: 'intrusion', op: '=', value: 1,
  },
  {
    id: 'childcare-emergency', name: '托育场所紧急报警', kind: 'threshold', severity: 'critical', type: 'childcare_emergency',
    measurement: 'childcare_security', field: 'emergency', op: '=', value: 1,
  },
  {
    id: 'childcare-disarmed', name: '托育场所撤防超过 10 分钟（应 24 小时设防）', kind: 'threshold', severity: 'major', type: 'childcare_disarmed',
    measurement: 'childcare_security', field: 'armed', op: '=', value: 0, forSeconds: 600,
  },
];
