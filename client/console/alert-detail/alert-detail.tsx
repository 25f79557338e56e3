/**
 * The selected alert: where it is (neighbourhood, device, location, a link to locate it in the
 * twin), the sensor's chart around the alert, the nearest cameras, the rule that fired, the
 * actions, and its history and comments. Re-read from `GET /api/alerts/:id` whenever the record
 * changes (a live update, an action), so the history is never behind the list.
 */
import { useCallback, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ALERT_STATE_LABELS, type AlertHistoryEntry, type AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { AlertRule } from '../../../streams/alert-rules.ts';
import { getJson } from '../../api/api-client.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { severityLabel } from '../../i18n/labels.ts';
import { formatDate, formatTime } from '../../i18n/time-format.ts';
import { AlertActions } from '../actions/alert-actions.tsx';
import { alertTypeText } from '../alert-list/alert-words.ts';
import { SlaClocks } from '../alert-list/sla-clocks.tsx';
import { t, type ConsoleMessage } from '../console-messages.ts';
import { getAlert, type AlertDetail as Detail } from '../live/alerts-api.ts';
import type { ConsoleStore } from '../live/console-store.ts';
import { parseDeliveryDetail } from '../../../streams/notify.ts';
import { deliveryText } from './delivery-text.ts';
import { NearestCamerasPanel } from './nearest-cameras-panel.tsx';
import { SensorChart } from './sensor-chart.tsx';
import { PlanCard } from '../plan/plan-card.tsx';

export interface AlertDetailProps {
  store: ConsoleStore;
}

/** The twin page focused on a device. */
export function twinLink(community: string, device: string): string {
  return `/twin.html?community=${encodeURIComponent(community)}&focus=${encodeURIComponent(device)}`;
}

export function AlertDetailPanel({ store }: AlertDetailProps) {
  const lang = useLang();
  const videoTemplate = useStore(store.api, (s) => s.videoTemplate);
  const id = useStore(store.api, (s) => s.selectedId);
  const record = useStore(store.api, (s) => (s.selectedId === null ? undefined : s.records.get(s.selectedId)));
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState('');
  const [rule, setRule] = useState<AlertRule | null>(null);
  const [reads, setReads] = useState(0);
  const refresh = useCallback(() => setReads((n) => n + 1), []);

  useEffect(() => {
    if (id === null) { setDetail(null); return; }
    const ac = new AbortController();
    getAlert(id, ac.signal).then((d) => {
      setDetail(d);
      setError('');
      store.upsert(d.alert);
    }, (e) => { if (!ac.signal.aborted) setError((e as Error).message); });
    return () => ac.abort();
  }, [id, record?.updatedAt, reads, store]);

  const a: AlertRecord | undefined = detail && detail.alert.id === id ? newest(detail.alert, record) : record;
  const ruleKey = a?.source === 'rule' ? `${a.community}\n${a.ruleId}` : '';
  useEffect(() => {
    setRule(null);
    if (!ruleKey) return;
    const [community, ruleId] = ruleKey.split('\n');
    const ac = new AbortController();
    getJson<{ rules: AlertRule[] }>(`/api/alerts/rules?community=${encodeURIComponent(community)}`, ac.signal)
      .then((r) => setRule(r.rules.find((x) => x.id === ruleId) ?? null), () => undefined);
    return () => ac.abort();
  }, [ruleKey]);

  if (id === null) return <section className="panel detail-panel" data-testid="detail"><p className="muted">{t('selectHint', lang)}</p></section>;
  if (!a) return <section className="panel detail-panel" data-testid="detail"><p className="muted">{error ? `${t('detailFailed', lang)}: ${error}` : t('loading', lang)}</p></section>;
  const nb = store.state.nodes.find((n) => n.id === a.neighbourhood);
  const history = detail?.alert.id === a.id ? detail.history : [];
  const comments = history.filter((h) => h.comment !== '');

  return (
    <section className={`panel detail-panel sev-${a.severity}`} data-testid="detail" data-alert-id={a.id} data-state={a.state} data-revision={a.revision}>
      <header className="detail-head">
        <span className={`sev-badge sev-${a.severity}`}>{severityLabel(a.severity, lang)}</span>
        <h2 data-testid="detail-type">{alertTypeText(a.type, lang)}</h2>
        <span className={`state-badge state-${a.state}`} data-testid="detail-state">{ALERT_STATE_LABELS[a.state][lang]}</span>
        {a.drill && <span className="drill-badge" data-testid="detail-drill">{t('drillBadge', lang)}</span>}
        <span className="row-id">#{a.id}</span>
      </header>
      <SlaClocks alert={a} />
      <div className="detail-grid">
        <dl className="where" data-testid="where">
          <dt>{t('neighbourhood', lang)}</dt><dd>{nb ? nb.name[lang] : a.neighbourhood}</dd>
          <dt>{t('device', lang)}</dt><dd data-testid="detail-device">{a.device}</dd>
          <dt>{t('location', lang)}</dt><dd data-testid="detail-location">{a.location || '—'}</dd>
          <dt>{t('message', lang)}</dt><dd data-testid="detail-message">{a.message || '—'}</dd>
          {a.value !== null && <><dt>{t('value', lang)}</dt><dd>{a.value}</dd></>}
          <dt>{t('raisedAt', lang)}</dt><dd>{formatDate(a.raisedAt, lang)} {formatTime(a.raisedAt, lang)}</dd>
          <dt>{t('source', lang)}</dt><dd>{a.source === 'rule' ? t('sourceRule', lang) : t('sourceDevice', lang)}</dd>
          <dt>{t('rule', lang)}</dt><dd data-testid="detail-rule">{ruleText(a, rule, lang)}</dd>
        </dl>
        <a className="locate" data-testid="locate-in-twin" href={twinLink(a.community, a.device)} target="_blank" rel="noopener">
          ⌖ {t('locateInTwin', lang)}
        </a>
      </div>
      <AlertActions alert={a} onChanged={(x) => store.upsert(x)} refresh={refresh} />
      <PlanCard alert={a} />
      <SensorChart alert={a} rule={rule} />
      <NearestCamerasPanel alert={a} videoTemplate={videoTemplate} />
      <div className="comments" data-testid="comments">
        <h3>{t('comments', lang)}</h3>
        {comments.length === 0 ? <p className="muted">{t('noComments', lang)}</p> : (
          <ul>{comments.map((h) => <li key={h.seq} data-testid="comment"><b>{h.operator}</b> <time>{formatTime(h.at, lang)}</time> <span data-testid="comment-text">{h.comment}</span></li>)}</ul>
        )}
      </div>
      <div className="history" data-testid="history">
        <h3>{t('history', lang)}</h3>
        <ol>{history.map((h) => <HistoryItem key={h.seq} h={h} lang={lang} />)}</ol>
      </div>
    </section>
  );
}

function HistoryItem({ h, lang }: { h: AlertHistoryEntry; lang: Lang }) {
  const key = (['raise', 'repeat', 'clear', 'escalate', 'notify'].includes(h.action) ? `hist_${h.action}` : `act_${h.action}`) as ConsoleMessage;
  const delivery = h.action === 'notify' ? parseDeliveryDetail(h.detail) : undefined;
  if (delivery) {
    return (
      <li data-testid="history-entry" data-action={h.action} data-outcome={delivery.outcome} className={`delivery delivery-${delivery.outcome}`}>
        <time>{formatTime(h.at, lang)}</time> <b>{t(key, lang)}</b> · {deliveryText(delivery, lang)}
      </li>
    );
  }
  return (
    <li data-testid="history-entry" data-action={h.action}>
      <time>{formatTime(h.at, lang)}</time> <b>{t(key, lang)}</b> · {h.operator}
      {h.toState !== h.fromState && h.fromState !== null && <> · {ALERT_STATE_LABELS[h.fromState][lang]} → {ALERT_STATE_LABELS[h.toState][lang]}</>}
      {h.detail && <> · {h.detail}</>}
      {h.comment && <> · “{h.comment}”</>}
    </li>
  );
}

function ruleText(a: AlertRecord, rule: AlertRule | null, lang: Lang): string {
  if (a.source !== 'rule' || !a.ruleId) return t('ruleNone', lang);
  if (!rule) return t('ruleUnknown', lang, { id: a.ruleId });
  const cond = 'op' in rule ? `${rule.measurement}.${rule.field} ${rule.op} ${rule.value}${'forSeconds' in rule && rule.forSeconds ? ` · ${rule.forSeconds} s` : ''}`
    : rule.kind === 'no_data' ? `${rule.measurement} · ${rule.silentSeconds} s`
    : rule.kind === 'count' ? `${rule.count} / ${rule.windowSeconds} s` : '';
  return `${rule.name} (${rule.id}, ${rule.kind}${cond ? `: ${cond}` : ''})`;
}

function newest(a: AlertRecord, b: AlertRecord | undefined): AlertRecord {
  return b && (b.updatedAt > a.updatedAt || (b.updatedAt === a.updatedAt && b.revision > a.revision)) ? b : a;
}
