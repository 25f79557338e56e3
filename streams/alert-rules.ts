/**
 * Alert rules as data: what a community's control room wants raised from the live streams.
 * Shared by the server (validation, evaluation) and the console (the rule editor, "the rule that
 * fired"). See docs/alerts.md for the format and the semantics of each kind.
 */
import { ALERT_TYPES, SEVERITIES, type Severity } from './alerts.ts';
import { FAMILY_ALERT_TYPE_LABELS, FAMILY_RULE_ALERT_TYPES } from './families/index.ts';

/**
 * Alert types a rule may raise: the device alert types, plus those only rules produce and no device
 * reports itself: the families' rule types (a walkway environment reading out of range) and a
 * device of any family gone silent.
 */
export const RULE_ONLY_ALERT_TYPES = [...FAMILY_RULE_ALERT_TYPES, 'sensor_offline'] as const;
export const RULE_ALERT_TYPES = [...ALERT_TYPES, ...RULE_ONLY_ALERT_TYPES] as const;
export type RuleAlertType = (typeof RULE_ALERT_TYPES)[number];

export const RULE_ALERT_TYPE_LABELS: Readonly<Record<RuleAlertType, { zh: string; en: string }>> = {
  ...FAMILY_ALERT_TYPE_LABELS,
  sensor_offline: { zh: '设备离线', en: 'Sensor silent' },
};

export const RULE_KINDS = ['threshold', 'rate', 'no_data', 'count'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** `<` and `>` compare numbers; `=` matches a state (e.g. pipe status "leak") or an exact number. */
export const RULE_OPS = ['<', '>', '='] as const;
export type RuleOp = (typeof RULE_OPS)[number];

interface RuleBase {
  /** Unique within the community: letters, digits, `_`, `-`, `.`; at most 64 characters. */
  id: string;
  /** Shown to operators (Chinese first). */
  name: string;
  kind: RuleKind;
  severity: Severity;
  type: RuleAlertType;
  /** Default true; a disabled rule is kept but not evaluated. */
  enabled?: boolean;
  /**
   * Exact tag values a series (or device event) must carry, e.g. `{ network: 'water_supply' }` or
   * `{ neighbourhood: 'n-1', sensor: 'ws-2' }`. The community is implied by the rule set.
   */
  selector?: Record<string, string>;
}

/** A value beyond `value` for at least `forSeconds`; clears only once it is back past `clearValue`. */
export interface ThresholdRule extends RuleBase {
  kind: 'threshold';
  measurement: string;
  field: string;
  op: RuleOp;
  /** In the field's unit (kPa, m, µg/m³ …), or a string state for `=` on a string field. */
  value: number | string;
  /** How long the condition must hold before the alert is raised, s. Default 0 (at once). */
  forSeconds?: number;
  /**
   * Hysteresis: a firing condition clears only when the value is back past this one (for `<`,
   * at or above it; for `>`, at or below it). Default `value`. Not used with `=`.
   */
  clearValue?: number;
}

/** Change per minute over a sliding window beyond `value` (e.g. drainage level rising > 0.05 m/min). */
export interface RateRule extends RuleBase {
  kind: 'rate';
  measurement: string;
  field: string;
  op: '<' | '>';
  /** Field unit per minute. */
  value: number;
  /** Window the change is measured over, s (10 to 86,400). */
  windowSeconds: number;
  forSeconds?: number;
  clearValue?: number;
}

/** A matched series that has sent nothing for longer than `silentSeconds`. */
export interface NoDataRule extends RuleBase {
  kind: 'no_data';
  measurement: string;
  /** Default: any field of the measurement (one watch per series, i.e. per device). */
  field?: string;
  /** 10 s to 7 days. */
  silentSeconds: number;
}

/** At least `count` device events (the `alert` measurement) within `windowSeconds`, per group. */
export interface CountRule extends RuleBase {
  kind: 'count';
  /** Always the device events: selector keys are their tags (type, severity, device, neighbourhood). */
  measurement: 'alert';
  count: number;
  windowSeconds: number;
  /** Tag keys events are grouped by, default `['neighbourhood']`. */
  groupBy?: string[];
}

export type AlertRule = ThresholdRule | RateRule | NoDataRule | CountRule;

/** A community's rule set as stored and served by `GET/PUT /api/alerts/rules`. */
export interface RuleSet {
  community: string;
  rules: AlertRule[];
  /** Increments on every accepted PUT. 0 for a community that never had rules. */
  revision: number;
  /** Epoch ms, or null for an empty set that was never written. */
  updatedAt: number | null;
  updatedBy: string | null;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.fromEntries(
  SEVERITIES.map((s, i) => [s, i]),
) as Record<Severity, number>;
