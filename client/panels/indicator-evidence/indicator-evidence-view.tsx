/**
 * The items judged from the community's data (12.1, 12.2, walkway density, 11.4, 33.3, 32.6): value
 * with unit, threshold, verdict with its reason, and the evidence, read on a slow poll while the
 * view is shown (the poll and the routes end with it). Choosing 12.1 or 12.2 shows its walking
 * routes on the twin and makes them stand out; the toggle shows or hides all routes.
 */
import { useContext, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useLang } from '../../i18n/i18n-store.ts';
import { formatTime } from '../../i18n/time-format.ts';
import { msg } from '../../i18n/messages.ts';
import { IndicatorStoreContext, useIndicatorState } from '../../indicators/indicator-context.ts';
import { isRouteItem, type AutoItem } from '../../indicators/auto-evidence.ts';
import type { EvidenceStore } from '../../indicators/evidence-store.ts';
import { ew } from './evidence-words.ts';
import { evidenceText, itemLabel, thresholdText, valueText, verdictOf, verdictText } from './evidence-summary.ts';
import './indicator-evidence.css';

export interface IndicatorEvidenceViewProps {
  /** How often the items are re-read, ms. Default 60 s (EVIDENCE_POLL_MS). */
  pollMs?: number;
}

export function IndicatorEvidenceView({ pollMs }: IndicatorEvidenceViewProps) {
  const store = useContext(IndicatorStoreContext);
  const community = useIndicatorState((s) => s.community);
  if (!store) return null;
  return community ? <CommunityEvidence evidence={store.evidence} community={community} pollMs={pollMs} /> : <NoCommunity />;
}

function NoCommunity() {
  const lang = useLang();
  return <div className="empty" data-testid="evidence-empty">{ew('evidenceNeedCommunity', lang)}</div>;
}

function CommunityEvidence({ evidence, community, pollMs }: { evidence: EvidenceStore; community: string; pollMs?: number }) {
  const lang = useLang();
  useEffect(() => evidence.follow(community, pollMs), [evidence, community, pollMs]);
  const held = useStore(evidence.api, (s) => s.community);
  const items = useStore(evidence.api, (s) => s.items);
  const error = useStore(evidence.api, (s) => s.error);
  const computedAt = useStore(evidence.api, (s) => s.computedAt);
  const showRoutes = useStore(evidence.api, (s) => s.showRoutes);
  const routes = useStore(evidence.api, (s) => s.routes);
  const [selected, setSelected] = useState<string | null>(null);

  const choose = (it: AutoItem) => {
    const key = it.check;
    const next = selected === key ? null : key;
    setSelected(next);
    evidence.setHighlight(next && isRouteItem(it.item) ? it.item : null);
  };
  const current = held === community ? items : undefined;
  const chosen = current?.find((it) => it.check === selected);

  return (
    <div className="evidence-view" data-testid="evidence-view">
      <div className="evidence-bar">
        <label className="evidence-toggle">
          <input type="checkbox" data-testid="show-routes" checked={showRoutes} disabled={routes.length === 0}
            onChange={(e) => evidence.setShowRoutes(e.target.checked)} />
          {ew('showRoutes', lang)}
        </label>
        {computedAt !== undefined && held === community ? <span className="muted" data-testid="evidence-computed">{ew('computedAt', lang, { t: formatTime(computedAt, lang) })}</span> : null}
      </div>
      {!current ? (
        <div className="empty" data-testid="evidence-status">
          {error ? (/no twin/.test(error) ? ew('noTwinEvidence', lang) : error) : msg('loading', lang)}
        </div>
      ) : (
        <div className="evidence-table-box">
          <table className="evidence-table" data-testid="evidence-table">
            <thead>
              <tr>
                <th className="ev-id">{ew('colItem', lang)}</th>
                <th className="ev-name">{ew('colName', lang)}</th>
                <th className="ev-value">{ew('colValue', lang)}</th>
                <th className="ev-threshold">{ew('colThreshold', lang)}</th>
                <th className="ev-verdict">{ew('colVerdict', lang)}</th>
                <th className="ev-evidence">{ew('colEvidence', lang)}</th>
              </tr>
            </thead>
            <tbody>
              {current.map((it) => {
                const v = verdictOf(it);
                const text = evidenceText(it, lang);
                return (
                  <tr key={it.check} data-testid="evidence-row" data-item={it.item ?? ''} data-check={it.check} data-verdict={v}
                    className={selected === it.check ? 'ev-selected' : undefined} onClick={() => choose(it)} aria-selected={selected === it.check}>
                    <td className="ev-id">{itemLabel(it)}</td>
                    <td className="ev-name" title={it.name[lang]}>{it.name[lang]}</td>
                    <td className="ev-value" data-testid="evidence-value">{valueText(it, lang)}</td>
                    <td className="ev-threshold" data-testid="evidence-threshold">{thresholdText(it, lang)}</td>
                    <td className="ev-verdict"><span className={`verdict verdict-${v}`} data-testid="evidence-verdict">{verdictText(v, lang)}</span></td>
                    <td className="ev-evidence" title={[text, it.reason].filter(Boolean).join(' · ')} data-testid="evidence-text">
                      {text}{it.reason ? <span className="ev-reason"> {ew('reason', lang)}: {it.reason}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {chosen ? (
            <div className="evidence-detail" data-testid="evidence-detail">
              <b>{itemLabel(chosen)} {chosen.name[lang]}</b>
              <span>{evidenceText(chosen, lang)}</span>
              {chosen.reason ? <span className="ev-reason">{ew('reason', lang)}: {chosen.reason}</span> : null}
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
