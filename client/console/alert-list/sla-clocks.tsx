/**
 * Time since raised and the acknowledge / resolve clocks of one alert, redrawn by the console's one
 * 1 s clock. Each clock carries `data-status` (running, overdue, met, missed, none) for styling.
 */
import { useStore } from 'zustand';
import type { AlertRecord } from '../../../streams/alert-lifecycle.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import { clockStore } from '../live/clock-store.ts';
import { alertClocks, formatDuration, type TargetClock } from '../model/sla-clock.ts';

function clockText(c: TargetClock, lang: Lang): string {
  switch (c.status) {
    case 'running': return t('left', lang, { d: formatDuration(c.remainingMs!, lang) });
    case 'overdue': return t('overdue', lang, { d: formatDuration(c.remainingMs!, lang) });
    case 'met': return t('tookMet', lang, { d: formatDuration(c.tookMs!, lang) });
    case 'missed': return t('tookMissed', lang, { d: formatDuration(c.tookMs!, lang) });
    case 'none': return '—';
  }
}

export function SlaClocks({ alert }: { alert: AlertRecord }) {
  const lang = useLang();
  const now = useStore(clockStore, (s) => s.now);
  const c = alertClocks(alert, now);
  return (
    <span className="sla" data-testid="sla">
      <span className="sla-since" data-testid="since-raised">{t('sinceRaised', lang)} {formatDuration(c.sinceRaisedMs, lang)}</span>
      <span className="sla-clock" data-testid="ack-clock" data-status={c.ack.status}>
        {t('ackClock', lang)} {formatDuration(c.ack.targetMs, lang)}: {clockText(c.ack, lang)}
      </span>
      <span className="sla-clock" data-testid="resolve-clock" data-status={c.resolve.status}>
        {t('resolveClock', lang)} {formatDuration(c.resolve.targetMs, lang)}: {clockText(c.resolve, lang)}
      </span>
      {c.escalationLevel > 0 && <span className="sla-escalation" data-testid="escalation" data-level={c.escalationLevel}>{t('escalation', lang, { n: c.escalationLevel })}</span>}
    </span>
  );
}
