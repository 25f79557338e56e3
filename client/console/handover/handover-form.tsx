/**
 * The shift handover: a time range (default the last 12 hours, the server's default shift) under
 * the console's node; downloads the CSV (`format=csv`) and opens the printable page of the JSON.
 */
import { useState } from 'react';
import { useLang } from '../../i18n/i18n-store.ts';
import { t } from '../console-messages.ts';
import { handoverUrl } from '../live/alerts-api.ts';
// The inputs are China Standard Time, the control room's clock, whatever the PC's zone.
import { HOUR_MS, chinaLocalInputValue as toLocalInput, parseChinaLocalInput as fromLocalInput } from '../../../streams/china-time.ts';

const SHIFT_MS = 12 * HOUR_MS;

/** The printable page of a handover report. */
export function handoverPageUrl(node: string, from: number, to: number): string {
  return `/console.html?${new URLSearchParams({ view: 'handover', node, from: String(from), to: String(to) })}`;
}

export function HandoverForm({ node, onClose }: { node: string; onClose: () => void }) {
  const lang = useLang();
  // The inputs have minute precision: the default end is the next whole minute, so what just happened is in.
  const [range, setRange] = useState(() => {
    const end = Math.ceil((Date.now() + 1) / 60_000) * 60_000;
    return { from: toLocalInput(end - SHIFT_MS), to: toLocalInput(end) };
  });
  const from = fromLocalInput(range.from);
  const to = fromLocalInput(range.to);
  const ok = Number.isFinite(from) && Number.isFinite(to) && from < to;
  return (
    <div className="handover-form" data-testid="handover-form" role="dialog" aria-label={t('handoverTitle', lang)}>
      <h3>{t('handoverTitle', lang)}</h3>
      <label>{t('from', lang)} <input type="datetime-local" data-testid="handover-from" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} /></label>
      <label>{t('to', lang)} <input type="datetime-local" data-testid="handover-to" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} /></label>
      <span className="muted">(UTC+8)</span>
      {!ok && <p className="warn">{t('rangeInvalid', lang)}</p>}
      <div className="action-buttons">
        <a className={`button${ok ? '' : ' disabled'}`} data-testid="handover-csv" href={ok ? handoverUrl(node, from, to, 'csv') : undefined} download>{t('downloadCsv', lang)}</a>
        <a className={`button${ok ? '' : ' disabled'}`} data-testid="handover-print" href={ok ? handoverPageUrl(node, from, to) : undefined} target="_blank" rel="noopener">{t('printable', lang)}</a>
        <button type="button" onClick={onClose}>{t('close', lang)}</button>
      </div>
    </div>
  );
}
