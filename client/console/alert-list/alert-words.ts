/** Labels of alert types, device and rule-only types alike, in the current language. */
import { RULE_ALERT_TYPE_LABELS, type RuleAlertType } from '../../../streams/alert-rules.ts';
import type { Lang } from '../../i18n/i18n-store.ts';

export function alertTypeText(type: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(RULE_ALERT_TYPE_LABELS, type) ? RULE_ALERT_TYPE_LABELS[type as RuleAlertType][lang] : type;
}
