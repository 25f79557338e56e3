/**
 * Recent safety alerts of the node, newest first: severity (colour and label), type label from
 * alerts.ts, place, device, message and time. Only as many as fit are rendered; the panel never
 * scrolls on a wall.
 */
import type { AlertEvent } from '../../../streams/alerts.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { alertTypeLabel, severityLabel } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { formatTime } from '../../i18n/time-format.ts';
import { useLiveData, useLiveState } from '../../app/live-context.ts';

export interface AlertListProps {
  /** Most alerts rendered. Default 30. */
  limit?: number;
}

export function AlertList({ limit = 30 }: AlertListProps) {
  const lang = useLang();
  const data = useLiveData();
  const hierarchy = useLiveState((s) => s.hierarchy);
  const alerts = data.alerts;
  const shown: AlertEvent[] = [];
  for (let i = alerts.length - 1; i >= 0 && shown.length < limit; i--) shown.push(alerts[i]);
  const placeName = (a: AlertEvent) => hierarchy.find((n) => n.id === a.neighbourhood)?.name[lang] ?? a.neighbourhood;
  return (
    <section className="panel alerts" data-testid="alerts-panel">
      <header className="panel-header">
        <h2>{msg('recentAlerts', lang)}</h2>
        <span className="panel-note">{alerts.length > 0 ? String(alerts.length) : ''}</span>
      </header>
      {shown.length === 0 ? (
        <div className="empty">{msg('noAlerts', lang)}</div>
      ) : (
        <ol className="alert-list" data-testid="alert-list">
          {shown.map((a) => (
            <li
              key={`${a.time}|${a.device}|${a.type}|${a.severity}`}
              className={`alert alert-${a.severity}`}
              data-testid="alert-item"
              data-type={a.type}
              data-severity={a.severity}
            >
              <div className="alert-head">
                <span className="alert-severity">{severityLabel(a.severity, lang)}</span>
                <span className="alert-type" data-testid="alert-type">{alertTypeLabel(a.type, lang)}</span>
                <time className="alert-time" dateTime={new Date(a.time).toISOString()}>{formatTime(a.time, lang)}</time>
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
