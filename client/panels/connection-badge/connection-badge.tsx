/**
 * Connection status for the wall: live / reconnecting / refused, whether the time-series store is
 * reachable and healthy (the reason in the tooltip; how many points wait in the spool), and "data
 * stale" when nothing arrived for a while although the socket is up.
 */
import { useLang } from '../../i18n/i18n-store.ts';
import { msg } from '../../i18n/messages.ts';
import { formatTime } from '../../i18n/time-format.ts';
import { useLiveData, useLiveState } from '../../app/live-context.ts';

export function ConnectionBadge() {
  const lang = useLang();
  const connection = useLiveState((s) => s.connection);
  const health = useLiveState((s) => s.health);
  const stale = useLiveState((s) => s.stale);
  const data = useLiveData();
  const phase = connection.phase;
  const tone = phase === 'connected' ? 'ok' : phase === 'refused' ? 'bad' : 'warn';
  const showStale = phase === 'connected' && stale;
  // `status` says why beyond reachability (a batch refused lately); older servers send only reachable.
  const storeOk = health ? (health.status ?? (health.reachable && health.spooledPoints === 0 ? 'ok' : 'degraded')) === 'ok' : false;
  return (
    <div className="connection-badge" role="status">
      <span
        className={`pill pill-${tone}`}
        data-testid="connection-state"
        data-phase={phase}
        title={connection.detail ?? ''}
      >
        <span className="dot" aria-hidden="true" />
        {msg(`phase_${phase}`, lang)}
      </span>
      {phase === 'refused' && connection.detail ? <span className="pill pill-bad detail">{connection.detail}</span> : null}
      {health ? (
        <span
          className={`pill ${storeOk ? 'pill-ok' : 'pill-bad'}`}
          data-testid="store-health"
          data-reachable={String(health.reachable)}
          data-status={storeOk ? 'ok' : 'degraded'}
          title={health.reason ?? health.store}
        >
          {!health.reachable ? msg('storeDown', lang) : storeOk ? msg('storeOk', lang) : msg('storeDegraded', lang)}
          {health.spooledPoints > 0
            ? ` · ${msg('spooled', lang)} ${health.spooledPoints.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')} ${msg('points', lang)}`
            : null}
        </span>
      ) : null}
      {showStale ? (
        <span className="pill pill-warn" data-testid="data-stale">
          {Number.isNaN(data.lastDataAt)
            ? msg('noDataYet', lang)
            : `${msg('dataStale', lang)} · ${msg('lastData', lang)} ${formatTime(data.lastDataAt, lang)}`}
        </span>
      ) : null}
    </div>
  );
}
