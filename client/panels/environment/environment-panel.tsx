/**
 * Walkway environment of the watched node: the mean of each reading over its sensors, then every
 * sensor's temperature, humidity, PM2.5 and noise coloured against its threshold (the env family's
 * thresholds in streams/families, stated in the table head). Sensors that do not fit turn pages.
 */
import { useRef } from 'react';
import { useLang } from '../../i18n/i18n-store.ts';
import { fieldLabel, fieldUnit } from '../../i18n/labels.ts';
import { msg } from '../../i18n/messages.ts';
import { useAboveCommunity, useLiveData, useLiveState, useNodeName } from '../../app/live-context.ts';
import { summarySeries, summaryValue } from '../../live/summary-values.ts';
import { CommunityHint } from '../community-hint/community-hint.tsx';
import { pageCount, pageOf } from '../../layout/pages.ts';
import { usePageRotation } from '../../layout/use-page-rotation.ts';
import { useRowsThatFit } from '../../layout/use-rows-that-fit.ts';
import { formatNumber } from '../../ui/metric.tsx';
import { PanelFrame } from '../../ui/panel-frame.tsx';
import { ENV, fieldDef, fieldDigits } from '../../../streams/families/index.ts';
import { limitsAt, thresholdOf } from '../../../streams/families/thresholds.ts';
import { ENV_FIELDS, envLevel, envSensorsNow, type EnvField } from './env-sensors.ts';

/** Decimals of each column: the figure's, else the field's. */
const DIGITS = Object.fromEntries(ENV.cockpit.map((f) => [f.field, 'digits' in f ? f.digits : fieldDigits(fieldDef(ENV.measurement, f.field)!)])) as Record<EnvField, number>;
/** Heights of one sensor row and of the table head, rem (match `.env-table` in cockpit.css). */
const ROW_REM = 2;
const HEAD_REM = 2.4;

export interface EnvironmentPanelProps {
  /** Time a page of sensors stays, ms. Default 8 s. */
  pageMs?: number;
}

export function EnvironmentPanel({ pageMs = 8000 }: EnvironmentPanelProps) {
  const lang = useLang();
  const data = useLiveData();
  const hierarchy = useLiveState((s) => s.hierarchy);
  const aboveCommunity = useAboveCommunity();
  const bodyRef = useRef<HTMLDivElement>(null);
  const sensors = envSensorsNow(data);
  // The head and the row of means come first.
  const perPage = Math.max(1, useRowsThatFit(bodyRef, ROW_REM, HEAD_REM + ROW_REM));
  const pages = pageCount(sensors.length, perPage);
  const page = usePageRotation(pages, pageMs);
  const now = Date.now();
  const placeName = useNodeName(lang);
  return (
    <PanelFrame id="environment" testId="card-env" title={msg('envTitle', lang)} note={pages > 1 ? `${page + 1} / ${pages}` : msg('sensorCount', lang, { n: aboveCommunity ? summarySeries(data, 'env', 'temperature_c') : sensors.length })}>
      <div className="env-table-box" ref={bodyRef}>
        <table className="env-table" data-testid="env-table">
          <thead>
            <tr>
              <th>{msg('sensor', lang)}</th>
              {ENV_FIELDS.map((f) => {
                const t = thresholdOf(ENV.measurement, f);
                const th = t && limitsAt(t, now);
                return <th key={f} title={t ? `${msg('thresholdTitle', lang)} · ${t.standard.code}` : undefined}>{fieldLabel('env', f, lang)}{th && <> <span className="th-limit">≥{th.warn}/{th.alarm} {fieldUnit('env', f, lang)}</span></>}</th>;
              })}
            </tr>
          </thead>
          <tbody>
            <tr className="env-mean" data-testid="env-mean">
              <th>{msg('meanOfSensors', lang)}</th>
              {ENV_FIELDS.map((f) => (
                <td key={f} data-testid={`metric-env.${f}`}>
                  <span data-testid={`value-env.${f}`}>{formatNumber(summaryValue(data, 'env', f), DIGITS[f], lang)}</span>
                  <span className="cell-unit" data-testid={`unit-env.${f}`}>{fieldUnit('env', f, lang)}</span>
                </td>
              ))}
            </tr>
            {aboveCommunity ? <tr className="env-hint"><td colSpan={ENV_FIELDS.length + 1}><CommunityHint message="sensorsNeedCommunity" inline /></td></tr> : null}
            {pageOf(sensors, page, perPage).map((s) => (
              <tr key={`${s.neighbourhood}/${s.sensor}`} data-testid="env-row" data-sensor={s.sensor}>
                <th>{placeName(s.neighbourhood)} · {s.sensor}</th>
                {ENV_FIELDS.map((f) => {
                  const level = envLevel(f, s.values[f], s.time);
                  return (
                    <td key={f} className={`env-${level}`} data-level={level} data-field={f}>
                      {formatNumber(s.values[f], DIGITS[f], lang)}<span className="cell-unit">{fieldUnit('env', f, lang)}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </PanelFrame>
  );
}
