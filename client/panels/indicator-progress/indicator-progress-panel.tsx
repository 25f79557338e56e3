/**
 * Progress of the indicator system (streams/indicators/progress.ts rules): whether the binding gate
 * is passed (and how many binding items still hold it shut), the basic ratio, the additional items
 * counted, and the status of all 110 items. Above the community level: communities passing the gate,
 * the mean basic ratio and additional items met across the area.
 */
import { ASSESSMENT_STATUSES, STATUS_LABELS } from '../../../streams/indicators/assessment.ts';
import { ITEM_TYPE_LABELS } from '../../../streams/indicators/catalogue.ts';
import type { StatusCounts } from '../../../streams/indicators/progress.ts';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { msg } from '../../i18n/messages.ts';
import { useIndicatorState } from '../../indicators/indicator-context.ts';
import { formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';

function StatusBar({ statuses, lang }: { statuses: StatusCounts; lang: Lang }) {
  const total = ASSESSMENT_STATUSES.reduce((a, s) => a + statuses[s], 0);
  return (
    <div className="status-dist">
      <div className="status-bar" aria-hidden="true">
        {ASSESSMENT_STATUSES.map((s) => (statuses[s] > 0 ? <span key={s} className={`seg seg-${s}`} style={{ flexGrow: statuses[s] }} /> : null))}
      </div>
      <ul className="status-legend">
        {ASSESSMENT_STATUSES.map((s) => (
          <li key={s} className={`legend-${s}`} data-testid={`items-${s}`}>
            <span className="swatch" />{STATUS_LABELS[s][lang]} <b>{formatNumber(statuses[s], 0, lang)}</b>
            <span className="muted">/{total}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function IndicatorProgressPanel() {
  const lang = useLang();
  const progress = useIndicatorState((s) => s.progress);
  const area = useIndicatorState((s) => s.area);
  const error = useIndicatorState((s) => s.error);
  const items = msg('itemsUnit', lang);
  if (area && !progress) {
    return (
      <PanelFrame id="progress" title={msg('progressTitle', lang)} note={msg('communitiesN', lang, { n: area.communities })}>
        <div className="progress-figures">
          <div className="gate-card" data-testid="gate" data-passed={String(area.passingGate === area.communities && area.communities > 0)}>
            <span className="fig-label">{msg('gatePassedCommunities', lang)}</span>
            <span className="fig-value">{formatNumber(area.passingGate, 0, lang)}<small>/ {area.communities}</small></span>
          </div>
          <div className="fig"><span className="fig-label">{msg('meanBasicRatio', lang)}</span>
            <span className="fig-value" data-testid="basic-ratio">{area.meanBasicRatio === null ? '—' : formatNumber(area.meanBasicRatio * 100, 1, lang)}<small>%</small></span></div>
          <div className="fig"><span className="fig-label">{msg('additionalMet', lang)}</span>
            <span className="fig-value" data-testid="additional-met">{formatNumber(area.additionalMet, 0, lang)}<small>{items}</small></span></div>
        </div>
        <StatusBar statuses={area.statuses} lang={lang} />
      </PanelFrame>
    );
  }
  if (!progress) {
    return (
      <PanelFrame id="progress" title={msg('progressTitle', lang)}>
        <div className="empty">{error ? msg('loadFailed', lang) : msg('loading', lang)}</div>
      </PanelFrame>
    );
  }
  const { binding, basic, additional } = progress;
  const ratio = basic.ratio;
  return (
    <PanelFrame id="progress" title={msg('progressTitle', lang)} note={msg('itemsTotal', lang)}>
      <div className="progress-figures">
        <div className={`gate-card ${binding.passed ? 'gate-passed' : 'gate-open'}`} data-testid="gate" data-passed={String(binding.passed)}>
          <span className="fig-label">{ITEM_TYPE_LABELS.binding[lang]} · {msg('gate', lang)}</span>
          <span className="fig-value gate-verdict" data-testid="gate-verdict">{binding.passed ? msg('gatePassed', lang) : msg('gateNotPassed', lang)}</span>
          <span className="fig-note" data-testid="binding-met">
            {msg('bindingMet', lang, { met: binding.met, total: binding.total, na: binding.notApplicable, open: binding.open })}
          </span>
        </div>
        <div className="fig">
          <span className="fig-label">{ITEM_TYPE_LABELS.basic[lang]} · {msg('ratio', lang)}</span>
          <span className="fig-value" data-testid="basic-ratio">{ratio === null ? '—' : formatNumber(ratio * 100, 1, lang)}<small>%</small></span>
          <span className="fig-note">{msg('basicMet', lang, { met: basic.met, applicable: basic.applicable })}</span>
          <span className="bar" aria-hidden="true"><span className="bar-fill" style={{ width: `${ratio === null ? 0 : ratio * 100}%` }} /></span>
        </div>
        <div className="fig">
          <span className="fig-label">{ITEM_TYPE_LABELS.additional[lang]} · {msg('counted', lang)}</span>
          <span className="fig-value" data-testid="additional-met">{formatNumber(additional.met, 0, lang)}<small>/ {additional.total} {items}</small></span>
        </div>
      </div>
      <StatusBar statuses={progress.statuses} lang={lang} />
    </PanelFrame>
  );
}
