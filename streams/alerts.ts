/**
 * Safety alert events. The first five types are the five layers of 智慧安防 in the guideline
 * (the `alert` family's devices); the rest come from the pipe network and EV chargers. Each family
 * declares the types its devices raise. Alerts travel as the `alert` measurement (tags: type,
 * severity, device) and skip live coalescing.
 */
import { DEVICE_ALERT_TYPES, FAMILY_ALERT_TYPE_LABELS, type DeviceAlertType } from './families/index.ts';

/** Alert types devices raise, declared by their families (streams/families). */
export const ALERT_TYPES = DEVICE_ALERT_TYPES;
export type AlertType = DeviceAlertType;

export const ALERT_TYPE_LABELS: Readonly<Record<AlertType, { zh: string; en: string }>> = FAMILY_ALERT_TYPE_LABELS;

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
