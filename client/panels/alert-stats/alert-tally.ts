/**
 * Alerts counted by type and severity over a time window of their raise: the lifecycle records the
 * cockpit holds (the same records the console and `GET /api/alerts/stats` count). A record is one
 * alert however many repeats it folded in.
 */
import { SEVERITIES } from '../../../streams/alerts.ts';

/** What the tally reads of an alert record. */
export interface TalliedAlert {
  id: number;
  type: string;
  severity: string;
  /** Epoch ms. */
  raisedAt: number;
  /** A tour's staged incident: shown in the list, never counted. */
  demo?: true;
}

export interface AlertTally {
  /** type → severity → count. */
  byType: Map<string, Map<string, number>>;
  bySeverity: Map<string, number>;
  total: number;
}

/** Counts of the distinct records with `from <= raisedAt <= to` (epoch ms), staged demo incidents left out. */
export function tallyAlerts(alerts: Iterable<TalliedAlert>, from: number, to = Infinity): AlertTally {
  const seen = new Set<number>();
  const tally: AlertTally = { byType: new Map(), bySeverity: new Map(), total: 0 };
  for (const a of alerts) {
    if (a.demo || !(a.raisedAt >= from && a.raisedAt <= to) || seen.has(a.id)) continue;
    seen.add(a.id);
    let sev = tally.byType.get(a.type);
    if (!sev) tally.byType.set(a.type, (sev = new Map()));
    sev.set(a.severity, (sev.get(a.severity) ?? 0) + 1);
    tally.bySeverity.set(a.severity, (tally.bySeverity.get(a.severity) ?? 0) + 1);
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
