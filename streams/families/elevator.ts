/**
 * Lifts (安全韧性 · 建筑安全防护; 健康颐养's barrier-free homes): every lift of the towers as its
 * lift IoT terminal reports it — operating state, car position, door state and running time, the
 * data items of GB/T 24476-2017 (电梯、自动扶梯和自动人行道物联网的技术规范). A passenger trapped in
 * the car (困人) and a lift out of order (故障停梯) are raised by rules on the state, so the
 * control room sees them the moment the terminal reports them. Scheduled maintenance (维保) comes
 * every 15 days (TSG T5002-2017 电梯维护保养规则, 半月维护保养).
 */
import { defineFamily, stateList, type StateOf } from './family-descriptor.ts';

export const ELEVATOR = defineFamily({
  measurement: 'elevator',
  label: { zh: '电梯', en: 'Lift' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'building', role: 'place', label: { zh: '建筑', en: 'Building' } },
    { key: 'lift', role: 'device', label: { zh: '电梯', en: 'Lift' } },
  ],
  fields: [
    {
      key: 'state', type: 'string', unit: '', label: { zh: '运行状态', en: 'State' }, rollup: 'none',
      states: [
        { value: 'normal', label: { zh: '正常运行', en: 'In service' }, level: 'ok' },
        { value: 'maintenance', label: { zh: '维保检修', en: 'Maintenance' }, level: 'warn', colour: [95, 168, 255, 255] },
        { value: 'fault', label: { zh: '故障停梯', en: 'Out of order' }, level: 'warn', colour: [255, 138, 61, 255] },
        { value: 'trapped', label: { zh: '困人', en: 'Passenger trapped' }, level: 'alarm' },
      ],
    },
    // The floor the car is at (or passing) when the terminal reports: 1 is the lobby.
    { key: 'floor', type: 'integer', unit: '', label: { zh: '所在楼层', en: 'Floor' }, rollup: 'none' },
    {
      key: 'door_open', type: 'boolean', unit: '', label: { zh: '轿门', en: 'Car door' }, rollup: 'none',
      states: [
        { value: 'false', label: { zh: '关闭', en: 'Closed' }, level: 'ok' },
        { value: 'true', label: { zh: '开启', en: 'Open' }, level: 'ok' },
      ],
    },
    // Hours the motor has run since the lift entered service; it grows at the rate of traffic.
    { key: 'running_h', type: 'float', unit: 'h', label: { zh: '累计运行时间', en: 'Running hours' }, rollup: 'none', digits: 0 },
  ],
  intervalS: 60,
  topic: 'elevator',
  twin: { object: 'lift', layer: 'buildings', binding: ['element'], colour: { kind: 'state', field: 'state' } },
  card: {
    rows: [{ field: 'state' }, { field: 'floor' }, { field: 'door_open' }, { field: 'running_h' }],
    spark: ['running_h'],
  },
  cockpit: [
    { field: 'state', count: { state: 'normal' }, label: { zh: '电梯在用', en: 'Lifts in service' } },
    { field: 'state', count: { state: 'fault' }, label: { zh: '故障停梯', en: 'Out of order' } },
    { field: 'state', count: { state: 'trapped' }, label: { zh: '困人', en: 'Trapped' } },
  ],
  alertTypes: [
    { type: 'elevator_trapped', label: { zh: '电梯困人', en: 'Passenger trapped in lift' }, raisedBy: 'rule' },
    { type: 'elevator_fault', label: { zh: '电梯故障停梯', en: 'Lift out of order' }, raisedBy: 'rule' },
  ],
});

/** A lift's operating state, in order of gravity; stored as the string field `state`. */
export type ElevatorState = StateOf<typeof ELEVATOR, 'state'>;
export const ELEVATOR_STATES = stateList(ELEVATOR, 'state');
