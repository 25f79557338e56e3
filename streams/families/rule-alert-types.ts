/**
 * The alert types the family descriptors say rules raise (a passenger trapped in a lift, a bin
 * overflowing, a fire tank running low…), with their labels: the rule editor, the validator and the
 * screens read them from here, so a family's alert type is declared once, in its descriptor.
 */
import type { Bilingual, FamilyDescriptor } from './family-descriptor.ts';
import { FAMILY_DESCRIPTORS } from './index.ts';

type Declared = (typeof FAMILY_DESCRIPTORS)[number];
type DeclaredAlertType = Extract<Declared, { readonly alertTypes: unknown }>['alertTypes'][number];
/** Alert types only rules on a family's readings raise. */
export type FamilyRuleAlertType = Extract<DeclaredAlertType, { readonly raisedBy: 'rule' }>['type'];

const RULE_RAISED = (FAMILY_DESCRIPTORS as readonly FamilyDescriptor[])
  .flatMap((d) => (d.alertTypes ?? []).filter((a) => a.raisedBy === 'rule'));

/** In family order, each once. */
export const FAMILY_RULE_ALERT_TYPES = [...new Set(RULE_RAISED.map((a) => a.type))] as readonly FamilyRuleAlertType[];

export const FAMILY_RULE_ALERT_LABELS = Object.fromEntries(RULE_RAISED.map((a) => [a.type, a.label])) as Readonly<Record<FamilyRuleAlertType, Bilingual>>;
