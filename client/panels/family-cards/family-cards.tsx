/**
 * Latest totals of the watched node, one card per family: energy, parking, pipe network and
 * walkway environment (whose means also show the spread between sensors). Labels and units come from measurements.ts; the cards re-render on the
 * revision tick only.
 */
import { PIPE_STATUSES } from '../../../streams/measurements.ts';
import { useLang } from '../../i18n/i18n-store.ts';
import { familyLabel, fieldLabel, fieldUnit, pipeStatusLabel } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { useLiveData } from '../../app/live-context.ts';
import type { LiveData } from '../../live/live-store.ts';
import { CardFrame } from './card-frame.tsx';
import { Metric, formatNumber } from './metric.tsx';
import { fieldSpread, summarySeries, summaryValue } from './summary-values.ts';

/** A field of a family shown as a metric, with its decimals. */
interface FieldSpec {
  measurement: string;
  field: string;
  digits: number;
}

function FieldMetric({ spec, data, size, spread }: { spec: FieldSpec; data: LiveData; size?: 'hero' | 'normal'; spread?: boolean }) {
  const lang = useLang();
  const { measurement, field, digits } = spec;
  const s = spread ? fieldSpread(data, measurement, field) : undefined;
  return (
    <Metric
      id={`${measurement}.${field}`}
      label={fieldLabel(measurement, field, lang)}
      value={summaryValue(data, measurement, field)}
      unit={fieldUnit(measurement, field, lang)}
      digits={digits}
      lang={lang}
      size={size}
    >
      {s && s.count > 0 ? (
        <div className="metric-note" data-testid={`spread-${measurement}.${field}`}>
          {s.count > 1
            ? msg('sensorRange', lang, { n: s.count, min: formatNumber(s.min, digits, lang), max: formatNumber(s.max, digits, lang) })
            : msg('sensorCountOne', lang)}
        </div>
      ) : null}
    </Metric>
  );
}

export function EnergyCard() {
  const lang = useLang();
  const data = useLiveData();
  const meters = summarySeries(data, 'energy', 'load_kw');
  return (
    <CardFrame family="energy" title={familyLabel('energy', lang)} note={meters === 0 ? undefined : meters === 1 ? msg('meterCountOne', lang) : msg('meterCount', lang, { n: meters })}>
      <FieldMetric spec={{ measurement: 'energy', field: 'load_kw', digits: 1 }} data={data} size="hero" />
      <div className="metric-row">
        <FieldMetric spec={{ measurement: 'energy', field: 'pv_kw', digits: 1 }} data={data} />
        <FieldMetric spec={{ measurement: 'energy', field: 'ev_kw', digits: 1 }} data={data} />
      </div>
    </CardFrame>
  );
}

export function ParkingCard() {
  const lang = useLang();
  const data = useLiveData();
  const occupied = summaryValue(data, 'parking', 'occupied');
  const capacity = summaryValue(data, 'parking', 'capacity');
  const free = Math.max(0, capacity - occupied);
  const ratio = capacity > 0 ? occupied / capacity : NaN;
  const level = ratio >= 0.95 ? 'bad' : ratio >= 0.8 ? 'warn' : 'ok';
  return (
    <CardFrame family="parking" title={familyLabel('parking', lang)}>
      <div className="metric-row">
        <Metric id="parking.free" label={msg('freeSpaces', lang)} value={free} unit={fieldUnit('parking', 'capacity', lang)} digits={0} lang={lang} size="hero" />
        <Metric id="parking.occupancy" label={msg('occupancy', lang)} value={ratio * 100} unit="%" digits={0} lang={lang} size="hero" />
      </div>
      <div className={`bar bar-${level}`} aria-hidden="true">
        <div className="bar-fill" style={{ width: `${Number.isFinite(ratio) ? Math.min(100, ratio * 100) : 0}%` }} />
      </div>
      <div className="metric-row">
        <FieldMetric spec={{ measurement: 'parking', field: 'occupied', digits: 0 }} data={data} />
        <FieldMetric spec={{ measurement: 'parking', field: 'capacity', digits: 0 }} data={data} />
      </div>
    </CardFrame>
  );
}

/** Latest status of every pipe sensor of the node, counted by status. */
function pipeStatusCounts(data: LiveData): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of PIPE_STATUSES) counts[s] = 0;
  for (const d of data.schema.values()) {
    if (d.measurement !== 'pipe' || d.field !== 'status') continue;
    const status = data.latestText.get(d.id);
    if (status !== undefined) counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

export function PipeCard() {
  const lang = useLang();
  const data = useLiveData();
  const counts = pipeStatusCounts(data);
  return (
    <CardFrame family="pipe" title={familyLabel('pipe', lang)}>
      <div className="metric-row">
        <FieldMetric spec={{ measurement: 'pipe', field: 'pressure_kpa', digits: 0 }} data={data} />
        <FieldMetric spec={{ measurement: 'pipe', field: 'flow_m3h', digits: 1 }} data={data} />
      </div>
      <div className="metric-label">{msg('statusCounts', lang)}</div>
      <ul className="status-counts">
        {PIPE_STATUSES.map((s) => (
          <li key={s} className={`status status-${s}${counts[s] > 0 ? ' status-active' : ''}`}>
            <span className="status-label">{pipeStatusLabel(s, lang)}</span>
            <span className="status-count" data-testid={`pipe-status-${s}`}>{formatNumber(counts[s], 0, lang)}</span>
          </li>
        ))}
      </ul>
    </CardFrame>
  );
}

const ENV_FIELDS: FieldSpec[] = [
  { measurement: 'env', field: 'temperature_c', digits: 1 },
  { measurement: 'env', field: 'humidity_pct', digits: 0 },
  { measurement: 'env', field: 'pm25_ugm3', digits: 0 },
  { measurement: 'env', field: 'noise_db', digits: 0 },
];

export function EnvCard() {
  const lang = useLang();
  const data = useLiveData();
  return (
    <CardFrame family="env" title={familyLabel('env', lang)}>
      <div className="metric-grid">
        {ENV_FIELDS.map((spec) => <FieldMetric key={spec.field} spec={spec} data={data} spread />)}
      </div>
    </CardFrame>
  );
}
