/**
 * Energy of the watched node: load now (with PV and EV charging), today's load curve against
 * yesterday's, today's peak and valley with their times, the share of consumption covered by PV
 * and the carbon of grid imports and of the buildings' natural gas (factors and sources stated on
 * the panel). A community's curves are summed from its buildings; an area's (street, district,
 * city) come from the roll-up history, with its PV and EV curves, read every minute.
 */
import { useMemo, useRef, useState } from 'react';
import { useLang, type Lang } from '../../i18n/i18n-store.ts';
import { fieldLabel, fieldUnit } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { formatHourMinute } from '../../i18n/time-format.ts';
import { useAboveCommunity, useLiveData, useLiveState } from '../../app/live-context.ts';
import { useLiveCurveChart } from '../../charts/use-live-curve-chart.ts';
import { summarySeries, summaryValue } from '../../live/summary-values.ts';
import { ENERGY, fieldDef, fieldDigits } from '../../../streams/families/index.ts';
import { Metric, formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { EMISSION_FACTORS_SOURCE } from '../../../streams/emission-factors.ts';
import { EnergyChart, type EnergyChartLabels } from './energy-chart.ts';
import { fetchAreaEnergyDay, fetchEnergyDay, type EnergyDay } from './energy-history.ts';
import { usePolled } from '../../live/use-polled.ts';

export interface EnergyPanelProps {
  /** How often a community's history is read again, ms. Default 5 minutes. */
  refreshMs?: number;
  /** How often an area's roll-up history is read again, ms. Default 1 minute (a record a minute). */
  areaRefreshMs?: number;
  /** Wait before retrying a failed read, ms. Default 10 s. */
  retryMs?: number;
}

type Status = 'loading' | 'ok' | 'none' | 'failed';

function chartLabels(lang: Lang): EnergyChartLabels {
  const unit = fieldUnit('energy', 'load_kw', lang);
  return {
    today: msg('today', lang), yesterday: msg('yesterday', lang), yName: `${msg('axisLoad', lang)} (${unit})`, unit,
    peak: msg('peak', lang), valley: msg('valley', lang),
    pv: fieldLabel('energy', 'pv_kw', lang), ev: fieldLabel('energy', 'ev_kw', lang),
    formatAxisTime: (ms) => formatHourMinute(ms, lang), formatValue: (v) => formatNumber(v, 0, lang),
  };
}

export function EnergyPanel({ refreshMs = 300_000, areaRefreshMs = 60_000, retryMs = 10_000 }: EnergyPanelProps) {
  const lang = useLang();
  const data = useLiveData();
  const node = useLiveState((s) => s.node);
  const epoch = useLiveState((s) => s.epoch);
  const hierarchy = useLiveState((s) => s.hierarchy);
  const aboveCommunity = useAboveCommunity();
  const hostRef = useRef<HTMLDivElement>(null);
  const [day, setDay] = useState<EnergyDay | undefined>(undefined);
  const [status, setStatus] = useState<Status>('loading');
  const labels = useMemo(() => chartLabels(lang), [lang]);
  // The live total extends today's line, sampled into a bounded ring on the tick.
  const chartRef = useLiveCurveChart(hostRef, (el) => new EnergyChart(el, labels), labels,
    (summary) => summary.values['energy.load_kw']?.value, { ring: { maxRows: 4096, windowMs: 3_600_000, initialRows: 256 } });

  const nodeId = node?.id;
  const hasHierarchy = hierarchy.length > 0;
  // `node` is named by its id: a new object for the same node must not refetch.
  // Gas enters the carbon figure where the node has gas meters (known once their totals arrive).
  const withGas = summarySeries(data, 'utility_meter', 'gas_m3h') > 0;
  usePolled(Boolean(node), [nodeId, epoch, hasHierarchy, refreshMs, retryMs, withGas, aboveCommunity], async (signal) => {
    const d = aboveCommunity ? await fetchAreaEnergyDay(node!, signal) : await fetchEnergyDay(node!, hierarchy, signal, Date.now(), withGas);
    if (signal.aborted) return;
    setDay(d);
    setStatus(d.today.t.length || d.yesterday.t.length ? 'ok' : 'none');
    chartRef.current?.setDays(d.dayStart, d.today, d.yesterday, d.to, d.extremes);
    chartRef.current?.setExtras(d.extras);
  }, { name: 'energy', refreshMs: aboveCommunity ? areaRefreshMs : refreshMs, retryMs, onError: () => setStatus('failed') });

  const kw = fieldUnit('energy', 'load_kw', lang);
  const e = day?.extremes;
  const overlay = status === 'loading' ? msg('loading', lang) : status === 'none' ? msg('noEnergyData', lang) : status === 'failed' ? msg('loadFailed', lang) : '';
  return (
    <PanelFrame id="energy" testId="card-energy" title={msg('energyTitle', lang)} note={msg('todayVsYesterday', lang)}>
      <div className="metric-row energy-now">
        {ENERGY.cockpit.map((f) => (
          <Metric key={f.field} id={`energy.${f.field}`} label={fieldLabel('energy', f.field, lang)} value={summaryValue(data, 'energy', f.field)}
            unit={fieldUnit('energy', f.field, lang)} digits={fieldDigits(fieldDef('energy', f.field)!)} lang={lang} size={'hero' in f && f.hero ? 'hero' : undefined} />
        ))}
      </div>
      <div className="chart-wrap">
        <div className="chart-host" ref={hostRef} data-testid="energy-chart" data-status={status} />
        {overlay ? <div className="chart-overlay">{overlay}</div> : null}
      </div>
      <div className="metric-row energy-day" data-testid="energy-day">
        <Metric id="energy.peak" label={`${msg('peak', lang)}${e ? ` · ${formatHourMinute(e.peak.t, lang)}` : ''}`} value={e?.peak.v ?? NaN} unit={kw} digits={0} lang={lang} />
        <Metric id="energy.valley" label={`${msg('valley', lang)}${e ? ` · ${formatHourMinute(e.valley.t, lang)}` : ''}`} value={e?.valley.v ?? NaN} unit={kw} digits={0} lang={lang} />
        <Metric id="energy.pv_share" label={msg('pvShare', lang)} value={(day?.split.pvShare ?? NaN) * 100} unit="%" digits={1} lang={lang} />
        <Metric id="energy.carbon" label={msg('carbonToday', lang)} value={day ? day.carbonKg / 1000 : NaN} unit="tCO₂" digits={2} lang={lang} />
      </div>
      <div className="panel-foot" data-testid="emission-factor" title={EMISSION_FACTORS_SOURCE[lang]}>{EMISSION_FACTORS_SOURCE[lang]}</div>
    </PanelFrame>
  );
}
