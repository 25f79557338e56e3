/**
 * Labels and units of the shared stream definitions in the current language. Every label shown
 * for a measurement, field, alert type, severity or hierarchy level comes from streams/, so the
 * server, the simulators and the screen use the same words.
 */
import { UNIT_WORDS, fieldDef, stateOf } from '../../streams/families/index.ts';
import { SEVERITY_LABELS, type Severity } from '../../streams/alerts.ts';
import { RULE_ALERT_TYPE_LABELS, type RuleAlertType } from '../../streams/alert-rules.ts';
import { LEVEL_LABELS, type Level } from '../../streams/hierarchy.ts';
import type { Lang } from './i18n-store.ts';

export function fieldLabel(measurement: string, field: string, lang: Lang): string {
  return fieldDef(measurement, field)?.label[lang] ?? field;
}

/** Count units are words (辆, 个) with an English form; symbols (kW, kPa, m³/h, °C, µg/m³, dB) read the same. */
export function unitText(unit: string, lang: Lang): string {
  return UNIT_WORDS[unit]?.[lang] ?? unit;
}

/** The label of a state of a family's state field (a pipe's `leak`, a space's `true`); the value itself when unknown. */
export function stateLabel(measurement: string, field: string, value: string | boolean, lang: Lang): string {
  return stateOf(measurement, field, value)?.label[lang] ?? String(value);
}

export function pipeStatusLabel(status: string, lang: Lang): string {
  return stateLabel('pipe', 'status', status, lang);
}

export function fieldUnit(measurement: string, field: string, lang: Lang): string {
  return unitText(fieldDef(measurement, field)?.unit ?? '', lang);
}

/** Device and rule alert types alike (rules raise `sensor_offline`, `elevator_trapped`, …). */
export function alertTypeLabel(type: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(RULE_ALERT_TYPE_LABELS, type) ? RULE_ALERT_TYPE_LABELS[type as RuleAlertType][lang] : type;
}

export function severityLabel(severity: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(SEVERITY_LABELS, severity) ? SEVERITY_LABELS[severity as Severity][lang] : severity;
}

export function levelLabel(level: Level, lang: Lang): string {
  return LEVEL_LABELS[level][lang];
}
