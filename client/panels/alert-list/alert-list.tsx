/**
 * The node's open alerts, newest raise first: severity (colour and label), type label from
 * alerts.ts, lifecycle state, place, device, message, repeats and raise time. These are the
 * lifecycle records the console works on (`data.alerts`): an alert resolved at a desk leaves this
 * list, a repeated device event updates its one entry. Only as many as fit are rendered; the panel
 * never scrolls on a wall.
 */
import { ALERT_STATE_LABELS, type AlertRecord } from '../../../streams/alert-lifecycle.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { alertTypeLabel, severityLabel } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { formatTime } from '../../i18n/time-format.ts';
import { useLiveData, useLiveState, useNodeName } from '../../app/live-context.ts';
import { StaleMarker } from '../../ui/panel-frame.tsx';
import { usePanelStaleness } from '../../live/panel-freshness.ts';

export interface AlertListProps {
  /** Most alerts rendered. Default 30. */
  limit?: number;
}

export function AlertList({ limit = 30 }: AlertListProps) {
  const lang = useLang();
  const data = useLiveData();
  const hierarchy = useLiveState((s) => s.hierarchy);
  const listError = useLiveState((s) => (s.alertList.status === 'error' ? s.alertList.error : ''));
  const stale = usePanelStaleness('alerts');
  const open = data.alerts.open();
  const shown = open.slice(0, limit);
  const nodeName = useNodeName(lang);
  const placeName = (a: AlertRecord) => nodeName(a.neighbourhood);
  return (
    <section className="panel alerts" data-testid="alerts-panel" data-stale={stale === undefined ? undefined : 'true'}>
      <header className="panel-header">
        <h2>{msg('recentAlerts', lang)}</h2>
        <StaleMarker panel="alerts" />
        <span className="panel-note" data-testid="open-alerts-count" title={listError || undefined}>
          {listError ? msg('alertRecordsUnread', lang) : open.length > 0 ? String(open.length) : ''}
        </span>
      </header>
      {shown.length === 0 ? (
        <div className="empty">{msg('noAlerts', lang)}</div>
      ) : (
        <ol className="alert-list" data-testid="alert-list">
          {shown.map((a) => (
            <li
              key={a.id}
              className={`alert alert-${a.severity}`}
              data-testid="alert-item"
              data-alert-id={a.id}
              data-state={a.state}
              data-type={a.type}
              data-severity={a.severity}
              data-count={a.count}
              data-demo={a.demo ? '1' : undefined}
            >
              <div className="alert-head">
                <span className="alert-severity">{severityLabel(a.severity, lang)}</span>
                {a.demo ? <span className="alert-demo" data-testid="alert-demo">{msg('demoAlert', lang)}</span> : null}
                <span className="alert-type" data-testid="alert-type">{alertTypeLabel(a.type, lang)}</span>
                <span className="alert-state" data-testid="alert-state">{ALERT_STATE_LABELS[a.state]?.[lang] ?? a.state}</span>
                {a.count > 1 ? <span className="alert-count" data-testid="alert-repeats">×{a.count}</span> : null}
                <time className="alert-time" dateTime={new Date(a.raisedAt).toISOString()}>{formatTime(a.raisedAt, lang)}</time>
              </div>
              <div className="alert-where">
                <span className="alert-location" data-testid="alert-location">{placeName(a)} · {a.location || a.device}</span>
                {a.message ? <span className="alert-message">{a.message}</span> : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
