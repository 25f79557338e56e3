/**
 * One alert in the list. An unacknowledged critical alert flashes (CSS animation, `data-flashing`)
 * until someone acknowledges it; one raised live in this session also carries `data-new-critical`.
 * Every text from the alert (location, message, device) is rendered as text, never as markup.
 */
import { memo } from 'react';
import { ALERT_STATE_LABELS, type AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { HierarchyNode } from '../../../streams/hierarchy.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { severityLabel } from '../../i18n/labels.ts';
import { formatTime } from '../../i18n/time-format.ts';
import { t } from '../console-messages.ts';
import { alertTypeText } from './alert-words.ts';
import { SlaClocks } from './sla-clocks.tsx';

export interface AlertRowProps {
  alert: AlertRecord;
  fresh: boolean;
  selected: boolean;
  neighbourhood: HierarchyNode | undefined;
  onSelect: (id: number) => void;
}

export const AlertRow = memo(function AlertRow({ alert: a, fresh, selected, neighbourhood, onSelect }: AlertRowProps) {
  const lang = useLang();
  const flashing = a.severity === 'critical' && a.state === 'raised';
  return (
    <li
      className={`alert-row sev-${a.severity} state-${a.state}${flashing ? ' flashing' : ''}${selected ? ' selected' : ''}`}
      data-testid="alert-row" data-alert-id={a.id} data-device={a.device} data-state={a.state} data-severity={a.severity} data-type={a.type}
      data-flashing={flashing ? 'true' : 'false'} data-new-critical={fresh ? 'true' : 'false'} data-drill={a.drill ? 'true' : 'false'}
      aria-selected={selected} tabIndex={0}
      onClick={() => onSelect(a.id)} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(a.id); } }}>
      <div className="row-head">
        <span className={`sev-badge sev-${a.severity}`} data-testid="row-severity">{severityLabel(a.severity, lang)}</span>
        <span className="row-type" data-testid="row-type">{alertTypeText(a.type, lang)}</span>
        <span className={`state-badge state-${a.state}`} data-testid="row-state">{ALERT_STATE_LABELS[a.state][lang]}</span>
        {fresh && <span className="new-badge" data-testid="row-new">{t('newCritical', lang)}</span>}
        {a.drill && <span className="drill-badge" data-testid="row-drill">{t('drillBadge', lang)}</span>}
        <span className="row-id">#{a.id}</span>
        <time className="row-time" dateTime={new Date(a.raisedAt).toISOString()}>{formatTime(a.raisedAt, lang)}</time>
      </div>
      <div className="row-where" data-testid="row-where">
        {neighbourhood ? neighbourhood.name[lang] : a.neighbourhood} · {a.location || a.device}
        {a.count > 1 && <span className="row-repeats"> · {t('repeats', lang, { n: a.count })}</span>}
      </div>
      {a.message && <div className="row-message" data-testid="row-message">{a.message}</div>}
      <SlaClocks alert={a} />
    </li>
  );
});
