/**
 * Safety alert events. The first five types are the five layers of 智慧安防 in the guideline;
 * the rest come from the pipe network and EV chargers. Alerts travel as the `alert` measurement
 * (tags: type, severity, device) and skip live coalescing.
 */

export const ALERT_TYPES = [
  'perimeter_intrusion',
  'crowding_danger_zone',
  'fire',
  'emergency_button',
  'vulnerable_person_alone',
  'pipe_leak',
  'waterlogging',
  'gas_leak',
  'charger_overheat',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const ALERT_TYPE_LABELS: Readonly<Record<AlertType, { zh: string; en: string }>> = {
  perimeter_intrusion: { zh: '周界入侵', en: 'Perimeter intrusion' },
  crowding_danger_zone: { zh: '人群聚集/危险区域', en: 'Crowding / danger zone' },
  fire: { zh: '消防火警/消防水', en: 'Fire / fire water' },
  emergency_button: { zh: '一键紧急呼叫', en: 'Household emergency button' },
  vulnerable_person_alone: { zh: '特殊人群独自离开', en: 'Vulnerable person leaving alone' },
  pipe_leak: { zh: '管网泄漏', en: 'Pipe leak' },
  waterlogging: { zh: '内涝积水', en: 'Waterlogging' },
  gas_leak: { zh: '燃气泄漏', en: 'Gas leak' },
  charger_overheat: { zh: '充电桩过热', en: 'Charger overheating' },
};

export const SEVERITIES = ['info', 'warning', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Readonly<Record<Severity, { zh: string; en: string }>> = {
  info: { zh: '提示', en: 'Info' },
  warning: { zh: '一般', en: 'Warning' },
  major: { zh: '严重', en: 'Major' },
  critical: { zh: '紧急', en: 'Critical' },
};

/** One alert as delivered to clients. */
export interface AlertEvent {
  /** Community id (社区). */
  community: string;
  neighbourhood: string;
  type: AlertType | string;
  severity: Severity | string;
  /** Device id that raised it (camera, button, sensor). */
  device: string;
  /** Human-readable place, e.g. "3栋2单元". */
  location: string;
  message: string;
  /** Epoch milliseconds of the event. */
  time: number;
}
