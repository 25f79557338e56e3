/**
 * Checks a community's rule set before it is stored or evaluated. Every problem names the rule (by
 * id, or by position when it has none) and the field at fault; all problems are reported at once
 * so an editor can fix them in one go. A set with any problem is refused whole: half a rule set
 * in a control room is worse than the previous one.
 */
import { SEVERITIES } from '../../../streams/alerts.ts';
import { MEASUREMENTS, WATCHABLE_FAMILIES, fieldDef, isFamily, tagKeys, type Family } from '../../../streams/families/index.ts';
import {
  RULE_ALERT_TYPES, RULE_KINDS, RULE_OPS, type AlertRule, type CountRule, type NoDataRule, type RateRule, type ThresholdRule,
} from '../../../streams/alert-rules.ts';

/** Most rules one community may hold. */
export const MAX_RULES_PER_COMMUNITY = 2000;
const ID_RE = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_TEXT = 200;

export class RuleValidationError extends Error {
  constructor(readonly problems: string[], what?: string) {
    const listed = problems.slice(0, 20).join('; ');
    const subject = what ? `${what} is` : problems.length === 1 ? 'a rule is' : `${problems.length} problems in the rules are`;
    super(`alerts: ${subject} not valid: ${listed}${problems.length > 20 ? ` (and ${problems.length - 20} more)` : ''}`);
  }
}

const COMMON_KEYS = ['id', 'name', 'kind', 'severity', 'type', 'enabled', 'selector'];
const KIND_KEYS: Record<AlertRule['kind'], string[]> = {
  threshold: ['measurement', 'field', 'op', 'value', 'forSeconds', 'clearValue'],
  rate: ['measurement', 'field', 'op', 'value', 'windowSeconds', 'forSeconds', 'clearValue'],
  no_data: ['measurement', 'field', 'silentSeconds'],
  count: ['measurement', 'count', 'windowSeconds', 'groupBy'],
};
/** Tags a count rule may select and group device events by. */
const EVENT_TAGS = tagKeys('alert').filter((t) => t !== 'community');
/** Families rules on the telemetry may watch: not device events nor the alert history itself. */
const WATCHABLE: readonly Family[] = WATCHABLE_FAMILIES;

/** A `PUT /api/alerts/rules` body: the whole new set and the revision it was made on (who makes it is the signed-in caller). */
export interface RuleSetChange {
  rules: AlertRule[];
  /** The revision the editor read (0 for a community that never had a rule set). */
  expectedRevision: number;
}

const CHANGE_KEYS = ['rules', 'expectedRevision'];

/**
 * Check a rule set change: the envelope first (so a missing revision is not buried under rule
 * problems), then the rules. Throws RuleValidationError naming every problem.
 */
export function parseRuleSetChange(body: unknown): RuleSetChange {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new RuleValidationError(['the body must be a JSON object { "rules": [...], "expectedRevision": n } sent as Content-Type: application/json'], 'the rule set change');
  }
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(b)) {
    if (key === 'operator') problems.push('field "operator" is not part of a rule set change: it is recorded under the signed-in user');
    else if (!CHANGE_KEYS.includes(key)) problems.push(`field "${clip(key)}" is not part of a rule set change; its fields are ${CHANGE_KEYS.join(', ')}`);
  }
  const rev = b.expectedRevision;
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 0) {
    problems.push(`field "expectedRevision" is required: the revision of the rule set the change was made on (a whole number from 0; got ${show(rev)})`);
  }
  if (!Array.isArray(b.rules)) problems.push(`field "rules" must be a JSON array of rules (got ${show(b.rules)})`);
  if (problems.length) throw new RuleValidationError(problems, 'the rule set change');
  return { rules: validateRules(b.rules), expectedRevision: rev as number };
}

/** Validate and normalise a rule set (an array of rules); throws RuleValidationError naming every problem. */
export function validateRules(input: unknown): AlertRule[] {
  if (!Array.isArray(input)) throw new RuleValidationError(['the rule set must be a JSON array of rules (or { "rules": [...] })']);
  if (input.length > MAX_RULES_PER_COMMUNITY) {
    throw new RuleValidationError([`${input.length} rules is more than the limit of ${MAX_RULES_PER_COMMUNITY} per community`]);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const out: AlertRule[] = [];
  input.forEach((raw, i) => {
    const rule = checkRule(raw, i, problems);
    if (!rule) return;
    if (seen.has(rule.id)) problems.push(`rule "${rule.id}": field "id": the id is used by an earlier rule; ids must be unique`);
    seen.add(rule.id);
    out.push(rule);
  });
  if (problems.length) throw new RuleValidationError(problems);
  return out;
}

function checkRule(raw: unknown, index: number, problems: string[]): AlertRule | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`rule #${index + 1}: must be an object`);
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const idOk = typeof r.id === 'string' && ID_RE.test(r.id);
  const who = idOk ? `rule "${r.id as string}"` : `rule #${index + 1}`;
  const before = problems.length;
  const bad = (field: string, why: string) => problems.push(`${who}: field "${field}": ${why}`);
  if (!idOk) bad('id', `must be 1 to 64 letters, digits, "_", "-" or "." (got ${show(r.id)})`);
  if (typeof r.name !== 'string' || r.name.trim() === '' || r.name.length > MAX_TEXT) bad('name', `must be a non-empty text of at most ${MAX_TEXT} characters`);
  if (!(RULE_KINDS as readonly unknown[]).includes(r.kind)) {
    bad('kind', `must be one of ${RULE_KINDS.join(', ')} (got ${show(r.kind)})`);
    return undefined;
  }
  const kind = r.kind as AlertRule['kind'];
  for (const key of Object.keys(r)) {
    if (!COMMON_KEYS.includes(key) && !KIND_KEYS[kind].includes(key)) {
      bad(key, `is not a field of a ${kind} rule; its fields are ${[...COMMON_KEYS, ...KIND_KEYS[kind]].join(', ')}`);
    }
  }
  if (!(SEVERITIES as readonly unknown[]).includes(r.severity)) bad('severity', `must be one of ${SEVERITIES.join(', ')} (got ${show(r.severity)})`);
  if (!(RULE_ALERT_TYPES as readonly unknown[]).includes(r.type)) bad('type', `must be one of ${RULE_ALERT_TYPES.join(', ')} (got ${show(r.type)})`);
  if (r.enabled !== undefined && typeof r.enabled !== 'boolean') bad('enabled', 'must be true or false');

  const measurement = kind === 'count' ? (r.measurement ?? 'alert') : r.measurement;
  if (kind === 'count') {
    if (measurement !== 'alert') bad('measurement', `a count rule counts device events: "alert" or leave it out (got ${show(measurement)})`);
  } else if (typeof measurement !== 'string' || !isFamily(measurement) || !WATCHABLE.includes(measurement)) {
    bad('measurement', `must be one of ${WATCHABLE.join(', ')} (got ${show(measurement)})`);
  }
  const family = typeof measurement === 'string' && isFamily(measurement) ? MEASUREMENTS[measurement] : undefined;
  const selectable = kind === 'count' ? EVENT_TAGS : (family ? tagKeys(family.measurement).filter((t) => t !== 'community') : []);
  const selector = checkSelector(r.selector, selectable, bad);

  const seconds = (field: string, min: number, max: number, required: boolean): number | undefined => {
    const v = r[field];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      bad(field, `must be a number of seconds from ${min} to ${max.toLocaleString('en-US')} (got ${show(v)})`);
      return undefined;
    }
    return v;
  };
  const base = {
    id: r.id as string, name: r.name as string, kind, severity: r.severity, type: r.type,
    ...(r.enabled === undefined ? {} : { enabled: r.enabled as boolean }),
    ...(selector && Object.keys(selector).length ? { selector } : {}),
  };

  let rule: AlertRule | undefined;
  if (kind === 'threshold' || kind === 'rate') {
    const def = family && typeof r.field === 'string' ? fieldDef(family.measurement, r.field) : undefined;
    if (family && !def) bad('field', `must be a field of ${family.measurement}: ${family.fields.map((f) => f.key).join(', ')} (got ${show(r.field)})`);
    const isText = def?.type === 'string';
    const ops = kind === 'rate' ? ['<', '>'] : RULE_OPS;
    if (!ops.includes(r.op as never)) bad('op', `must be one of ${ops.join(' ')} (got ${show(r.op)})`);
    else if (isText && r.op !== '=') bad('op', `field "${def!.key}" holds text: only "=" applies`);
    if (kind === 'rate' && isText) bad('field', `a rate needs a numeric field; "${def!.key}" holds text`);
    if (isText && kind === 'threshold') {
      if (typeof r.value !== 'string' || r.value.length > MAX_TEXT) bad('value', `must be the text state to match, e.g. "leak" (got ${show(r.value)})`);
    } else if (typeof r.value !== 'number' || !Number.isFinite(r.value)) {
      bad('value', `must be a number${def?.unit ? ` in ${def.unit}${kind === 'rate' ? '/min' : ''}` : ''} (got ${show(r.value)})`);
    }
    const forSeconds = seconds('forSeconds', 0, 86_400, false);
    const windowSeconds = kind === 'rate' ? seconds('windowSeconds', 10, 86_400, true) : undefined;
    if (r.clearValue !== undefined) {
      if (r.op === '=') bad('clearValue', 'has no meaning with "="; a state clears when it changes');
      else if (typeof r.clearValue !== 'number' || !Number.isFinite(r.clearValue)) bad('clearValue', `must be a number (got ${show(r.clearValue)})`);
      else if (typeof r.value === 'number' && r.op === '<' && r.clearValue < r.value) bad('clearValue', `with "<" must be at or above value ${r.value}, so the alert clears only once the reading has recovered (got ${r.clearValue})`);
      else if (typeof r.value === 'number' && r.op === '>' && r.clearValue > r.value) bad('clearValue', `with ">" must be at or below value ${r.value}, so the alert clears only once the reading has recovered (got ${r.clearValue})`);
    }
    const shared = {
      measurement: measurement as string, field: r.field as string, op: r.op, value: r.value,
      ...(forSeconds !== undefined ? { forSeconds } : {}), ...(typeof r.clearValue === 'number' ? { clearValue: r.clearValue } : {}),
    };
    rule = kind === 'threshold'
      ? { ...base, ...shared } as ThresholdRule
      : { ...base, ...shared, windowSeconds } as RateRule;
  } else if (kind === 'no_data') {
    if (r.field !== undefined && !(family && typeof r.field === 'string' && fieldDef(family.measurement, r.field))) {
      bad('field', `must be left out (any field) or be a field of ${family?.measurement ?? 'the measurement'}${family ? `: ${family.fields.map((f) => f.key).join(', ')}` : ''} (got ${show(r.field)})`);
    }
    const silentSeconds = seconds('silentSeconds', 10, 7 * 86_400, true);
    rule = { ...base, measurement: measurement as string, ...(r.field !== undefined ? { field: r.field as string } : {}), silentSeconds } as NoDataRule;
  } else {
    if (typeof r.count !== 'number' || !Number.isInteger(r.count) || r.count < 2 || r.count > 1000) bad('count', `must be a whole number of events from 2 to 1000 (got ${show(r.count)})`);
    const windowSeconds = seconds('windowSeconds', 1, 86_400, true);
    let groupBy: string[] | undefined;
    if (r.groupBy !== undefined) {
      if (!Array.isArray(r.groupBy) || r.groupBy.some((g) => !EVENT_TAGS.includes(g as string))) {
        bad('groupBy', `must be a list of event tags among ${EVENT_TAGS.join(', ')} (got ${show(r.groupBy)})`);
      } else groupBy = [...new Set(r.groupBy as string[])];
    }
    rule = { ...base, measurement: 'alert', count: r.count as number, windowSeconds, ...(groupBy ? { groupBy } : {}) } as CountRule;
  }
  return problems.length === before ? rule : undefined;
}

function checkSelector(v: unknown, tagKeys: readonly string[], bad: (f: string, why: string) => void): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    bad('selector', 'must be an object of tag → value, e.g. { "network": "water_supply" }');
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (!tagKeys.includes(k)) bad(`selector.${clip(k)}`, `is not a tag here; tags are ${tagKeys.join(', ')}`);
    else if (typeof val !== 'string' || val === '' || val.length > MAX_TEXT) bad(`selector.${k}`, `must be a non-empty text of at most ${MAX_TEXT} characters (got ${show(val)})`);
    else out[k] = val;
  }
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return clip(s);
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
