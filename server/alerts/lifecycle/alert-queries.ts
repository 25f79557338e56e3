/** Read-side queries over the alert tables: filtered lists, statistics and the shift handover. */
import type { Hierarchy } from '../../../streams/hierarchy.ts';
import type { AlertHistoryEntry, AlertRecord } from '../../../streams/alert-lifecycle.ts';
import type { Statement } from 'better-sqlite3';
import type { PlanLoop } from '../../../streams/plans.ts';
import type { RecordsDb } from '../../records/records-db.ts';
import { AlertError, toHistory, toRecord, type AlertRow, type HistoryRow } from './alert-rows.ts';

export interface AlertFilter {
  /** Any hierarchy node: a neighbourhood, a community, or a level above (all its communities). */
  node?: string;
  /** The caller's scope nodes (each with its subtree): nothing outside them is listed; undefined = the whole tree. */
  within?: readonly string[];
  states?: string[];
  types?: string[];
  severities?: string[];
  /** On raise time, epoch ms: from inclusive, to exclusive. */
  from?: number;
  to?: number;
  /** Leave drills out (statistics). */
  real?: boolean;
}

export interface AlertStats {
  node: string | null;
  from: number | null;
  to: number | null;
  total: number;
  open: number;
  escalated: number;
  byType: Record<string, number>;
  bySeverity: Record<string, number>;
  byState: Record<string, number>;
  /** Seconds, over the alerts acknowledged / resolved; null when there are none. */
  timeToAck: { count: number; median: number | null; p95: number | null };
  timeToResolve: { count: number; median: number | null; p95: number | null };
}

export interface HandoverReport {
  node: string | null;
  from: number;
  to: number;
  /** Server time the report was made, epoch ms. */
  generatedAt: number;
  /** Counts of real alerts; `drills`: drill alerts in the report (listed, marked, not counted). */
  summary: { raised: number; acknowledged: number; resolved: number; closed: number; escalated: number; stillOpen: number; drills: number };
  /** Alerts raised in the range, acted on in it, or still open at its end; each with its actions in the range. */
  alerts: (AlertRecord & { actions: AlertHistoryEntry[]; plan?: PlanLoop })[];
}

/** Alert figures of every place that has any, from two grouped queries over the whole tree. */
export interface PlaceAlertFigures {
  /** Open alerts (raised, acknowledged, dispatched) counted per community, neighbourhood and severity. */
  open: { community: string; neighbourhood: string; severity: string; n: number }[];
  /** Seconds from raise to acknowledgement of each alert acknowledged since the time asked. */
  acks: { community: string; neighbourhood: string; s: number }[];
}

export class AlertQueries {
  private placeOpen?: Statement<[], PlaceAlertFigures['open'][number]>;
  private placeAcks?: Statement<[number], PlaceAlertFigures['acks'][number]>;

  constructor(private readonly db: RecordsDb, private readonly hierarchy: Hierarchy) {}

  list(f: AlertFilter, limit: number): { alerts: AlertRecord[]; total: number } {
    const { where, params } = this.where(f);
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM alerts a ${where}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM alerts a ${where} ORDER BY raised_at DESC, id DESC LIMIT ?`).all(...params, limit) as AlertRow[];
    return { alerts: rows.map(toRecord), total };
  }

  /** Drills (POST /api/drills) are left out: they are practice, not the community's alerts. */
  stats(f: AlertFilter): AlertStats {
    const { where, params } = this.where({ ...f, real: true });
    const group = (col: string) => Object.fromEntries(
      (this.db.prepare(`SELECT ${col} AS k, COUNT(*) AS n FROM alerts a ${where} GROUP BY ${col} ORDER BY ${col}`).all(...params) as { k: string; n: number }[])
        .map((r) => [r.k, r.n]),
    );
    const durations = (col: string) =>
      (this.db.prepare(`SELECT ${col} AS s FROM alerts a ${where}${where ? ' AND' : ' WHERE'} ${col} IS NOT NULL ORDER BY ${col}`).all(...params) as { s: number }[]).map((r) => r.s);
    const counts = this.db.prepare(`SELECT COUNT(*) AS total, SUM(state IN ('raised', 'acknowledged', 'dispatched')) AS open, SUM(escalated) AS escalated FROM alerts a ${where}`)
      .get(...params) as { total: number; open: number | null; escalated: number | null };
    return {
      node: f.node ?? null, from: f.from ?? null, to: f.to ?? null,
      total: counts.total, open: counts.open ?? 0, escalated: counts.escalated ?? 0,
      byType: group('type'), bySeverity: group('severity'), byState: group('state'),
      timeToAck: summarize(durations('ack_seconds')), timeToResolve: summarize(durations('resolve_seconds')),
    };
  }

  /**
   * Open alerts and acknowledgement times since `since` (epoch ms) for every place at once: the
   * caller maps communities to the nodes it ranks, instead of one query per node.
   */
  placeFigures(since: number): PlaceAlertFigures {
    this.placeOpen ??= this.db.prepare<[], PlaceAlertFigures['open'][number]>(`SELECT community, neighbourhood, severity, COUNT(*) AS n FROM alerts
      WHERE state IN ('raised', 'acknowledged', 'dispatched') AND drill = 0 GROUP BY community, neighbourhood, severity`);
    this.placeAcks ??= this.db.prepare<[number], PlaceAlertFigures['acks'][number]>(`SELECT community, neighbourhood, ack_seconds AS s FROM alerts
      WHERE acknowledged_at >= ? AND ack_seconds IS NOT NULL AND drill = 0`);
    return {
      open: this.placeOpen.all(),
      acks: this.placeAcks.all(since),
    };
  }

  handover(node: string | undefined, from: number, to: number, now: number, within?: readonly string[]): HandoverReport {
    const { where, params } = this.where({ node, within });
    const rows = this.db.prepare(`SELECT * FROM alerts a ${where}${where ? ' AND' : ' WHERE'} (
        (a.raised_at >= ? AND a.raised_at < ?)
        OR a.id IN (SELECT alert_id FROM alert_history WHERE at >= ? AND at < ?)
        OR (a.state IN ('raised', 'acknowledged', 'dispatched') AND a.raised_at < ?)
      ) ORDER BY a.raised_at, a.id`).all(...params, from, to, from, to, to) as AlertRow[];
    const actionsOf = this.db.prepare('SELECT * FROM alert_history WHERE alert_id = ? AND at >= ? AND at < ? ORDER BY seq');
    const alerts = rows.map((r) => ({ ...toRecord(r), actions: (actionsOf.all(r.id, from, to) as HistoryRow[]).map(toHistory) }));
    // Drills are handed over (marked) but not counted.
    const real = alerts.filter((a) => !a.drill);
    const did = (action: string) => real.filter((a) => a.actions.some((h) => h.action === action)).length;
    return {
      node: node ?? null, from, to, generatedAt: now,
      summary: {
        raised: real.filter((a) => a.raisedAt >= from && a.raisedAt < to).length,
        acknowledged: did('ack'), resolved: did('resolve'), closed: did('close'), escalated: did('escalate'),
        stillOpen: real.filter((a) => a.state === 'raised' || a.state === 'acknowledged' || a.state === 'dispatched').length,
        drills: alerts.length - real.length,
      },
      alerts,
    };
  }

  private where(f: AlertFilter): { where: string; params: (string | number)[] } {
    const parts: string[] = [];
    const params: (string | number)[] = [];
    const oneOf = (col: string, values: string[] | undefined) => {
      if (!values?.length) return;
      parts.push(`a.${col} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (f.node !== undefined) {
      const node = this.hierarchy.get(f.node);
      if (!node) throw new AlertError(404, `unknown node "${clip(f.node)}"; see /api/hierarchy`);
      if (node.level === 'neighbourhood') oneOf('neighbourhood', [node.id]);
      else {
        const communities = this.hierarchy.communitiesUnder(node.id);
        if (communities.length === 0) parts.push('0');
        else oneOf('community', communities);
      }
    }
    if (f.within !== undefined) {
      // Each scope node is a neighbourhood (its alerts) or a place above (its communities' alerts).
      const any: string[] = [];
      for (const id of f.within) {
        const n = this.hierarchy.get(id);
        if (!n) continue;
        const ids = n.level === 'neighbourhood' ? [n.id] : this.hierarchy.communitiesUnder(n.id);
        if (ids.length === 0) continue;
        any.push(`a.${n.level === 'neighbourhood' ? 'neighbourhood' : 'community'} IN (${ids.map(() => '?').join(', ')})`);
        params.push(...ids);
      }
      parts.push(any.length ? `(${any.join(' OR ')})` : '0');
    }
    oneOf('state', f.states);
    oneOf('type', f.types);
    oneOf('severity', f.severities);
    if (f.from !== undefined) { parts.push('a.raised_at >= ?'); params.push(f.from); }
    if (f.to !== undefined) { parts.push('a.raised_at < ?'); params.push(f.to); }
    if (f.real) parts.push('a.drill = 0');
    return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
  }
}

/** Median and 95th percentile (nearest rank) of sorted values. */
export function summarize(sorted: number[]): { count: number; median: number | null; p95: number | null } {
  const n = sorted.length;
  if (n === 0) return { count: 0, median: null, p95: null };
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { count: n, median: round(median), p95: round(sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
