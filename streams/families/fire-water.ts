/**
 * Fire water of every building (三(九)3(3)③: 安装消防液位监测系统…实时查看水压水位状态): the level
 * of the roof fire-water tank (高位消防水箱) and the pressure at the top of the hydrant riser, the
 * most unfavourable point the tank and its pressure-stabilising pump (稳压泵) must serve. Both are
 * bad when low. The limits come from GB 50974-2014 (消防给水及消火栓系统技术规范).
 */
import { defineFamily, type StandardRef } from './family-descriptor.ts';

const GB_50974_VOLUME: StandardRef = {
  code: 'GB 50974-2014',
  title: { zh: '消防给水及消火栓系统技术规范', en: 'Technical code for fire protection water supply and hydrant systems' },
  // 5.2.1: 一类高层住宅 and 多层公共建筑 need at least 18 m³ of effective volume in the roof tank.
  // The demo's tanks are 4 m × 3 m, so 18 m³ is 1.5 m of water; they are kept at 2.2 m by their
  // float valves. 1.8 m warns that the refill has stopped while the code's volume still holds.
  clause: '5.2.1 roof tank effective volume ≥ 18 m³ (1.5 m in a 12 m² tank): alarm at 1.5 m; warn at 1.8 m (refill stopped)',
};

const GB_50974_PRESSURE: StandardRef = {
  code: 'GB 50974-2014',
  title: { zh: '消防给水及消火栓系统技术规范', en: 'Technical code for fire protection water supply and hydrant systems' },
  // 5.2.2: static pressure at the most unfavourable point ≥ 0.07 MPa for high-rise homes and
  // multi-storey public buildings, ≥ 0.10 MPa for class-one high-rise public buildings; where the
  // tank cannot give it, a pressure-stabilising pump must (5.2.2(5)). The stricter value warns.
  clause: '5.2.2 static pressure at the most unfavourable point: alarm below 0.07 MPa (70 kPa); warn at 0.10 MPa (100 kPa)',
};

export const FIRE_WATER = defineFamily({
  measurement: 'fire_water',
  label: { zh: '消防水', en: 'Fire water' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'building', role: 'place', label: { zh: '建筑', en: 'Building' } },
    { key: 'tank', role: 'device', label: { zh: '消防水箱', en: 'Tank' } },
  ],
  fields: [
    // Totals show the worst (lowest) tank and riser of the node.
    { key: 'level_m', type: 'float', unit: 'm', label: { zh: '水箱水位', en: 'Tank level' }, rollup: 'min', digits: 2 },
    { key: 'pressure_kpa', type: 'float', unit: 'kPa', label: { zh: '立管压力', en: 'Riser pressure' }, rollup: 'min', digits: 0 },
  ],
  intervalS: 120,
  thresholds: [
    { field: 'level_m', direction: 'below', limits: { warn: 1.8, alarm: 1.5 }, standard: GB_50974_VOLUME },
    { field: 'pressure_kpa', direction: 'below', limits: { warn: 100, alarm: 70 }, standard: GB_50974_PRESSURE },
  ],
  topic: 'fire_water',
  twin: { object: 'tank', layer: 'buildings', binding: ['element'], colour: { kind: 'levels' } },
  card: { rows: [{ field: 'level_m' }, { field: 'pressure_kpa' }], spark: ['level_m'] },
  cockpit: [
    { field: 'level_m', label: { zh: '消防水箱最低水位', en: 'Lowest fire tank' } },
    { field: 'pressure_kpa', label: { zh: '消防立管最低压力', en: 'Lowest riser pressure' } },
  ],
  alertTypes: [
    { type: 'fire_water_low', label: { zh: '消防水位/水压不足', en: 'Fire water level or pressure low' }, raisedBy: 'rule' },
  ],
});
