/**
 * How a delivery entry of an alert's history reads (zh-CN first): which channel, what happened,
 * which attempt, the escalation step, and the channel's answer (clipped and without secrets by
 * the server).
 */
import { CHANNEL_KIND_LABELS, type DeliveryDetail } from '../../../streams/notify.ts';
import type { Lang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';

export function deliveryText(d: DeliveryDetail, lang: Lang): string {
  const outcome = d.outcome === 'sent' ? t('delivery_sent', lang)
    : d.outcome === 'retry' ? t('delivery_retry', lang, { s: d.retryInS ?? '?' })
    : t('delivery_failed', lang);
  const parts = [
    `${CHANNEL_KIND_LABELS[d.kind]?.[lang] ?? d.kind} “${d.name}”`,
    outcome,
    t('delivery_attempt', lang, { n: d.attempt, of: d.attempts }),
    d.step === 0 ? t('delivery_step0', lang) : t('delivery_step', lang, { n: d.step }),
  ];
  if (d.alerts > 1) parts.push(t('delivery_digest', lang, { n: d.alerts }));
  const answer = d.status === null ? `${t('delivery_noAnswer', lang)}${d.answer ? `: ${d.answer}` : ''}` : `${d.status}${d.answer ? ` ${d.answer}` : ''}`;
  if (d.outcome !== 'sent' || d.answer) parts.push(answer);
  return parts.join(' · ');
}
