/**
 * Alerts counted by type and severity over a time window, from the history of the `alert`
 * measurement (/api/query, one raw point per event) and the live alerts that came after it.
 * An event is identified by time, device, type and severity, so one seen both ways counts once.
 */
import { SEVERITIES } from '../../../streams/alerts.ts';

export interface AlertEventKey {
  type: string;
  severity: string;
  device: string;
  /** Epoch ms. */
  time: number;
}

export interface AlertTally {
  /** type → severity → count. */
  byType: Map<string, Map<string, number>>;
  bySeverity: Map<string, number>;
  total: number;
}

/** Series of the `alert` measurement's `value` field, as /api/query answers with window=raw. */
export interface AlertHistorySeries {
  tags: Record<string, string>;
  t: readonly number[];
}

/** One event per raw point of the history. */
export function eventsOfHistory(series: readonly AlertHistorySeries[]): AlertEventKey[] {
  const out: AlertEventKey[] = [];
  for (const s of series) {
    for (const time of s.t) out.push({ type: s.tags.type ?? 'unknown', severity: s.tags.severity ?? 'warning', device: s.tags.device ?? '', time });
  }
  return out;
}

/** Counts of the distinct events with `from <= time <= to` (epoch ms). */
export function tallyAlerts(events: Iterable<AlertEventKey>, from: number, to = Infinity): AlertTally {
  const seen = new Set<string>();
  const tally: AlertTally = { byType: new Map(), bySeverity: new Map(), total: 0 };
  for (const e of events) {
    if (!(e.time >= from && e.time <= to)) continue;
    const key = `${e.time}\n${e.device}\n${e.type}\n${e.severity}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let sev = tally.byType.get(e.type);
    if (!sev) tally.byType.set(e.type, (sev = new Map()));
    sev.set(e.severity, (sev.get(e.severity) ?? 0) + 1);
    tally.bySeverity.set(e.severity, (tally.bySeverity.get(e.severity) ?? 0) + 1);
    tally.total++;
  }
  return tally;
}

/** Types ordered by count, most first (ties by name), for the bar chart. */
export function typesByCount(tally: AlertTally): string[] {
  const total = (t: string) => {
    let n = 0;
    for (const c of tally.byType.get(t)!.values()) n += c;
    return n;
  };
  return [...tally.byType.keys()].sort((a, b) => total(b) - total(a) || (a < b ? -1 : 1));
}

/** Severities most serious first: critical, major, warning, info, then any unknown ones. */
export function severitiesBySeriousness(present: Iterable<string>): string[] {
  const known = [...SEVERITIES].reverse() as string[];
  const extra = [...present].filter((s) => !known.includes(s)).sort();
  return [...known, ...extra];
}
