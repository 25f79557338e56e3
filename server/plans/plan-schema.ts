/**
 * The plan templates file (default-plans.json, or one an administrator ships) checked with zod: a
 * template per alert type, steps in order with a role, a checklist, a time target and contacts.
 * Every problem is reported with the field it is in (`templates.0.steps.2.targetSeconds: …`), and
 * targets must not go back in time from one step to the next.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SEVERITIES } from '../../streams/alerts.ts';
import { RULE_ALERT_TYPES } from '../../streams/alert-rules.ts';
import { PLAN_ROLES, type PlanTemplate } from '../../streams/plans.ts';

/** A plans error with its HTTP status; messages start with "plans: ". */
export class PlanError extends Error {
  constructor(readonly status: number, message: string) {
    super(`plans: ${message}`);
  }
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const Bilingual = z.strictObject({ zh: text(200), en: text(200) });
/** A day: no step of a plan waits longer. */
const MAX_TARGET_S = 86_400;

const Contact = z.strictObject({
  name: Bilingual,
  phone: z.string().regex(/^\+?[0-9][0-9 -]{1,23}$/, 'must be a phone number: digits, spaces, "-" and a leading "+"'),
});

const Step = z.strictObject({
  id: z.string().regex(ID, 'must be 1 to 64 lower-case letters, digits or dashes'),
  title: Bilingual,
  role: z.enum(PLAN_ROLES, { message: `must be one of ${PLAN_ROLES.join(', ')}` }),
  checklist: z.array(Bilingual).min(1, 'must hold at least one item').max(20, 'must hold at most 20 items'),
  targetSeconds: z.number().int('must be a whole number of seconds').min(1, 'must be at least 1 s').max(MAX_TARGET_S, `must be at most ${MAX_TARGET_S} s`),
  contacts: z.array(Contact).max(10, 'must hold at most 10 contacts'),
});

const Template = z.strictObject({
  id: z.string().regex(ID, 'must be 1 to 64 lower-case letters, digits or dashes'),
  alertType: z.enum(RULE_ALERT_TYPES, { message: 'must be an alert type of the product (see docs/alerts.md)' }),
  name: Bilingual,
  drillSeverity: z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(', ')}` }),
  steps: z.array(Step).min(1, 'must hold at least one step').max(30, 'must hold at most 30 steps'),
}).superRefine((t, ctx) => {
  const seen = new Set<string>();
  t.steps.forEach((s, i) => {
    if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `"${s.id}" is used by an earlier step` });
    seen.add(s.id);
    const before = t.steps[i - 1];
    if (before && s.targetSeconds < before.targetSeconds) {
      ctx.addIssue({ code: 'custom', path: ['steps', i, 'targetSeconds'], message: `${s.targetSeconds} s is before the previous step's ${before.targetSeconds} s` });
    }
  });
});

const TemplatesFile = z.strictObject({ templates: z.array(Template).min(1, 'must hold at least one template') }).superRefine((f, ctx) => {
  const ids = new Set<string>();
  const types = new Set<string>();
  f.templates.forEach((t, i) => {
    if (ids.has(t.id)) ctx.addIssue({ code: 'custom', path: ['templates', i, 'id'], message: `"${t.id}" is used by an earlier template` });
    if (types.has(t.alertType)) ctx.addIssue({ code: 'custom', path: ['templates', i, 'alertType'], message: `"${t.alertType}" already has a plan (one per alert type)` });
    ids.add(t.id);
    types.add(t.alertType);
  });
});

/** The templates of a file's parsed JSON; a PlanError (400) naming the first field that is wrong. */
export function parseTemplates(json: unknown, source = 'templates'): PlanTemplate[] {
  const r = TemplatesFile.safeParse(json);
  if (r.success) return r.data.templates as PlanTemplate[];
  const issue = r.error.issues[0];
  const where = issue.path.length ? `field "${issue.path.join('.')}"` : 'top level';
  throw new PlanError(400, `${source}: ${where}: ${issue.message}`);
}

/** The shipped templates (server/plans/default-plans.json). */
export function defaultTemplates(): PlanTemplate[] {
  const url = new URL('./default-plans.json', import.meta.url);
  return parseTemplates(JSON.parse(readFileSync(url, 'utf8')), 'server/plans/default-plans.json');
}
