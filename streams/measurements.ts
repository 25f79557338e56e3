/**
 * What the live data is: every measurement family the product ingests, stores and shows.
 * Shared by the server (validation, rollups), the client (labels, units) and the simulators.
 *
 * Every series carries the tags `community` and `neighbourhood` (社区 / 小区) so it can be placed
 * in the hierarchy; the other tags name the device and where it sits in the twin.
 */

export type Family = 'energy' | 'parking' | 'parking_space' | 'pipe' | 'env' | 'alert' | 'alert_event';

export type FieldType = 'float' | 'integer' | 'boolean' | 'string';

export interface FieldDef {
  /** Field key as written in line protocol. */
  readonly key: string;
  readonly type: FieldType;
  /** Unit symbol shown next to every value ('' for counts and states). */
  readonly unit: string;
  readonly label: { readonly zh: string; readonly en: string };
  /** How values combine across series when rolled up to a hierarchy node. */
  readonly rollup: 'sum' | 'mean' | 'max' | 'none';
}

export interface MeasurementDef {
  readonly name: Family;
  readonly label: { readonly zh: string; readonly en: string };
  /** Tag keys, in canonical order; `community` and `neighbourhood` are always present. */
  readonly tags: readonly string[];
  readonly fields: readonly FieldDef[];
  /** Typical reporting interval of one device, seconds (real time, before acceleration). */
  readonly intervalS: number;
}

const f = (key: string, type: FieldType, unit: string, zh: string, en: string, rollup: FieldDef['rollup']): FieldDef =>
  ({ key, type, unit, label: { zh, en }, rollup });

export const BUILDING_CATEGORIES = ['residential', 'public_service', 'commercial'] as const;
export type BuildingCategory = (typeof BUILDING_CATEGORIES)[number];

export const PIPE_NETWORKS = ['water_supply', 'drainage', 'gas'] as const;
export type PipeNetwork = (typeof PIPE_NETWORKS)[number];

/**
 * A frozen lookup table without a prototype: these are indexed with text from devices (a pipe's
 * `status` field), and `table.constructor` must be undefined, not a function.
 */
function lookupTable<T extends object>(entries: T): Readonly<T> {
  return Object.freeze(Object.assign(Object.create(null) as T, entries));
}

/** Pipe sensor states, in order of severity; stored as a string field. */
export const PIPE_STATUSES = ['normal', 'warning', 'fault', 'leak'] as const;
export type PipeStatus = (typeof PIPE_STATUSES)[number];

export const PIPE_STATUS_LABELS: Readonly<Record<PipeStatus, { zh: string; en: string }>> = lookupTable({
  normal: { zh: '正常', en: 'Normal' },
  warning: { zh: '预警', en: 'Warning' },
  fault: { zh: '故障', en: 'Fault' },
  leak: { zh: '泄漏', en: 'Leak' },
});

/** Units that are words rather than symbols (counts), per language; symbols read the same in both. */
export const UNIT_WORDS: Readonly<Record<string, { zh: string; en: string }>> = lookupTable({
  辆: { zh: '辆', en: 'veh' },
  个: { zh: '个', en: 'spaces' },
});

export const MEASUREMENTS: Readonly<Record<Family, MeasurementDef>> = {
  energy: {
    name: 'energy',
    label: { zh: '能源负荷', en: 'Energy load' },
    tags: ['community', 'neighbourhood', 'building', 'meter', 'category'],
    fields: [
      f('load_kw', 'float', 'kW', '用电负荷', 'Load', 'sum'),
      f('energy_kwh', 'float', 'kWh', '累计电量', 'Energy (cumulative)', 'sum'),
      f('pv_kw', 'float', 'kW', '光伏发电', 'PV generation', 'sum'),
      f('ev_kw', 'float', 'kW', '充电桩负荷', 'EV charging', 'sum'),
    ],
    intervalS: 60,
  },
  parking: {
    name: 'parking',
    label: { zh: '停车场', en: 'Parking lot' },
    tags: ['community', 'neighbourhood', 'lot', 'kind'],
    fields: [
      f('occupied', 'integer', '辆', '已占用', 'Occupied', 'sum'),
      f('capacity', 'integer', '个', '泊位数', 'Capacity', 'sum'),
    ],
    intervalS: 30,
  },
  parking_space: {
    name: 'parking_space',
    label: { zh: '泊位状态', en: 'Parking space' },
    tags: ['community', 'neighbourhood', 'lot', 'space'],
    fields: [f('occupied', 'boolean', '', '占用', 'Occupied', 'sum')],
    intervalS: 300,
  },
  pipe: {
    name: 'pipe',
    label: { zh: '管网监测', en: 'Pipe network' },
    tags: ['community', 'neighbourhood', 'network', 'sensor'],
    fields: [
      f('pressure_kpa', 'float', 'kPa', '压力', 'Pressure', 'mean'),
      f('flow_m3h', 'float', 'm³/h', '流量', 'Flow', 'sum'),
      f('level_m', 'float', 'm', '液位', 'Level', 'max'),
      f('status', 'string', '', '状态', 'Status', 'none'),
    ],
    intervalS: 10,
  },
  env: {
    name: 'env',
    label: { zh: '步道环境', en: 'Walkway environment' },
    tags: ['community', 'neighbourhood', 'walkway', 'sensor'],
    fields: [
      f('temperature_c', 'float', '°C', '温度', 'Temperature', 'mean'),
      f('humidity_pct', 'float', '%', '湿度', 'Humidity', 'mean'),
      f('pm25_ugm3', 'float', 'µg/m³', 'PM2.5', 'PM2.5', 'mean'),
      f('noise_db', 'float', 'dB', '噪声', 'Noise', 'mean'),
    ],
    intervalS: 60,
  },
  alert: {
    name: 'alert',
    label: { zh: '安全告警', en: 'Safety alert' },
    tags: ['community', 'neighbourhood', 'type', 'severity', 'device'],
    fields: [
      f('location', 'string', '', '位置', 'Location', 'none'),
      f('message', 'string', '', '内容', 'Message', 'none'),
      f('value', 'float', '', '读数', 'Reading', 'none'),
    ],
    intervalS: 0,
  },
  alert_event: {
    name: 'alert_event',
    label: { zh: '告警处置记录', en: 'Alert lifecycle event' },
    // One point per lifecycle step (raise, ack, dispatch, resolve, close, reopen, escalate), for the
    // cockpit's statistics; the records database holds the alerts themselves.
    tags: ['community', 'neighbourhood', 'type', 'severity', 'state', 'action'],
    fields: [
      f('alert_id', 'integer', '', '告警编号', 'Alert id', 'none'),
      f('ack_s', 'float', 's', '确认用时', 'Time to acknowledge', 'none'),
      f('resolve_s', 'float', 's', '处置用时', 'Time to resolve', 'none'),
      f('escalation_level', 'integer', '', '升级级别', 'Escalation level', 'none'),
    ],
    intervalS: 0,
  },
};

export const FAMILIES = Object.keys(MEASUREMENTS) as Family[];

export function isFamily(name: string): name is Family {
  return Object.prototype.hasOwnProperty.call(MEASUREMENTS, name);
}

export function fieldDef(measurement: string, field: string): FieldDef | undefined {
  return isFamily(measurement) ? MEASUREMENTS[measurement].fields.find((d) => d.key === field) : undefined;
}

/** The tags every series must carry to be placed in the hierarchy. */
export const PLACEMENT_TAGS = ['community', 'neighbourhood'] as const;
