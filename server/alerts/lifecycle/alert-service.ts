/**
 * The alert lifecycle: raising (with de-duplication of repeats), operator transitions with
 * optimistic concurrency, comments, and escalation of missed time targets.
 *
 * Every change is committed to the records database (synchronous, `synchronous = FULL`) before
 * `onChange` is called, so what operators see confirmed or broadcast has survived a power cut.
 * Alerts still open are indexed in memory by their de-duplication key: a device and alert type, or
 * a rule and series.
 */
import { SEVERITIES, type AlertEvent, type Severity } from '../../../streams/alerts.ts';
import {
  DEFAULT_RESPONSE_TARGETS, OPEN_STATES, TRANSITIONS, allowedActions,
  type AlertAction, type AlertHistoryEntry, type AlertRecord, type AlertState, type OperatorAction, type ResponseTargets,
} from '../../../streams/alert-lifecycle.ts';
import { SEVERITY_RANK } from '../../../streams/alert-rules.ts';
import { migrate, type RecordsDb } from '../../records/records-db.ts';
import type { RuleClearing, RuleFiring } from '../rules/rule-engine.ts';
import { ALERT_MIGRATIONS } from './alert-schema.ts';
import { AlertError, toHistory, toRecord, type AlertRow, type HistoryRow } from './alert-rows.ts';

export interface AlertServiceOptions {
  /** Time targets per severity, seconds; missing severities keep DEFAULT_RESPONSE_TARGETS. */
  targets?: Partial<ResponseTargets>;
  /** Server clock, epoch ms. Default Date.now. */
  now?: () => number;
  /** How often missed targets are looked for, ms. Default 5000; 0 starts no timer (call `checkEscalations`). */
  escalationCheckMs?: number;
  /** A device event repeats an open alert of the same device and type within this window, ms. Default 10 minutes. */
  deviceDedupMs?: number;
  /** Called after every committed change, with the alert's current record. */
  onChange?: (action: AlertAction, alert: AlertRecord, entry: AlertHistoryEntry | undefined) => void;
}

/** What an operator sends with an action. */
export interface ActionInput {
  operator: string;
  comment?: string;
  /** The revision the operator decided on; required for every action but `comment`. */
  expectedRevision?: number;
  /** `dispatch`: the person or team. */
  assignee?: string;
}

const OPEN_SQL = `('raised', 'acknowledged', 'dispatched')`;

export class AlertService {
  readonly targets: ResponseTargets;
  private readonly openByKey = new Map<string, number>();
  /** Alerts raised from history (`recordHistory`) whose incident may still see repeats: closed once it is over. */
  private readonly historyOpen = new Set<number>();
  private readonly now: () => number;
  private readonly deviceDedupMs: number;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly q: ReturnType<typeof prepare>;

  constructor(private readonly db: RecordsDb, private readonly opts: AlertServiceOptions = {}) {
    migrate(db, 'alerts', ALERT_MIGRATIONS);
    this.q = prepare(db);
    this.now = opts.now ?? Date.now;
    this.deviceDedupMs = opts.deviceDedupMs ?? 10 * 60_000;
    this.targets = { ...DEFAULT_RESPONSE_TARGETS, ...opts.targets };
    for (const r of db.prepare(`SELECT id, dedup_key FROM alerts WHERE state IN ${OPEN_SQL} ORDER BY id`).all() as { id: number; dedup_key: string }[]) {
      this.openByKey.set(r.dedup_key, r.id);
    }
    const every = opts.escalationCheckMs ?? 5000;
    if (every > 0) this.timer = setInterval(() => this.checkEscalations(), every);
  }

  /** A device event (the `alert` measurement): a new alert, or a repeat of an open one from the same device and type. */
  raiseFromDevice(e: AlertEvent): AlertRecord {
    return this.raiseDevice(e, this.now(), false);
  }

  /**
   * Device events from the past (the simulator's backfill, or history it plays at speed): each
   * folds into the alert of its device and type as a live event would, every step dated at the
   * event rather than by the server clock, and an alert whose incident is over by `asOf` (no repeat
   * within the dedup window) is closed by the system at the end of that window. History so leaves
   * the records a live run would have left had the control room closed each alert, and none that
   * needs anyone now. Times are epoch ms.
   */
  recordHistory(events: readonly AlertEvent[], asOf: number): void {
    for (const e of [...events].sort((a, b) => a.time - b.time)) {
      this.closeEndedHistory(e.time);
      this.raiseDevice(e, e.time, true);
    }
    this.closeEndedHistory(asOf);
  }

  private raiseDevice(e: AlertEvent, at: number, history: boolean): AlertRecord {
    const key = `device\n${e.community}\n${e.device}\n${e.type}`;
    const tags: Record<string, string> = { community: e.community, neighbourhood: e.neighbourhood, type: String(e.type), severity: String(e.severity), device: e.device };
    return this.raise(key, this.deviceDedupMs, {
      community: e.community, neighbourhood: e.neighbourhood, type: String(e.type), severity: severityOf(e.severity), source: 'device',
      ruleId: null, device: e.device, tags, location: e.location, message: e.message, value: null, time: e.time,
    }, at, history);
  }

  /** Close the history alerts whose last event is more than a dedup window before `t` (epoch ms). */
  private closeEndedHistory(t: number): void {
    for (const id of this.historyOpen) {
      const row = this.q.get.get(id) as AlertRow | undefined;
      // Someone acted on it meanwhile: it is theirs now.
      if (!row || row.state !== 'raised') {
        this.historyOpen.delete(id);
        continue;
      }
      const end = row.last_seen + this.deviceDedupMs;
      // At exactly the window's end an event still repeats the alert (as `raise` counts it).
      if (end >= t) continue;
      const result = this.db.transaction(() => {
        this.q.close.run(end, Math.max(end, row.updated_at), id, row.revision);
        const detail = `history: no repeat within ${Math.round(this.deviceDedupMs / 1000)} s; closed without handling`;
        const entry = this.append(id, 'close', 'raised', 'closed', 'system', '', detail, end);
        return { row: this.q.get.get(id) as AlertRow, entry };
      })();
      this.historyOpen.delete(id);
      if (this.openByKey.get(row.dedup_key) === id) this.openByKey.delete(row.dedup_key);
      this.opts.onChange?.('close', toRecord(result.row), result.entry);
    }
  }

  /** A rule fired: a new alert, or a repeat of the open one from the same rule and series. */
  raiseFromRule(f: RuleFiring): AlertRecord {
    const key = `rule\n${f.community}\n${f.rule.id}\n${f.seriesKey}`;
    return this.raise(key, Infinity, {
      community: f.community, neighbourhood: f.neighbourhood, type: f.rule.type, severity: f.rule.severity, source: 'rule',
      ruleId: f.rule.id, device: f.device, tags: f.tags, location: f.location, message: f.message, value: f.value, time: f.time,
    });
  }

  /**
   * An alert raised for a drill of an emergency plan: stored like a device alert but marked
   * `drill`, never folded into another (each drill is its own). Epoch ms `at`: server time.
   */
  raiseDrill(d: { community: string; neighbourhood: string; type: string; severity: Severity; device: string; location: string; message: string; drill: string }): AlertRecord {
    const at = this.now();
    const tags = { community: d.community, neighbourhood: d.neighbourhood, type: d.type, severity: d.severity, device: d.device, drill: d.drill };
    return this.raise(`drill\n${d.drill}\n${at}`, 0, {
      community: d.community, neighbourhood: d.neighbourhood, type: d.type, severity: d.severity, source: 'device', ruleId: null,
      device: d.device, tags, location: d.location, message: d.message, value: null, time: at, drill: true,
    }, at);
  }

  /**
   * A step of the alert's emergency plan checked off, done or overdue: appended to its history
   * (`plan`, the state unchanged) and told as a change, so consoles watching its node re-read it.
   */
  recordPlan(id: number, operator: string, detail: string): AlertRecord | undefined {
    const at = this.now();
    const result = this.db.transaction(() => {
      const row = this.q.get.get(id) as AlertRow | undefined;
      if (!row) return undefined;
      // Strictly later: a console re-reads the plan when the record's updatedAt moves.
      this.q.touch.run(Math.max(at, row.updated_at + 1), id);
      const state = row.state as AlertState;
      return { row: this.q.get.get(id) as AlertRow, entry: this.append(id, 'plan', state, state, operator, '', detail, at) };
    })();
    if (!result) return undefined;
    const rec = toRecord(result.row);
    this.opts.onChange?.('plan', rec, result.entry);
    return rec;
  }

  /** A drill is over: its alert, if still open or resolved, is closed by the one who ended it. Real alerts are refused. */
  endDrill(id: number, operator: string): AlertRecord {
    const at = this.now();
    const result = this.db.transaction(() => {
      const row = this.q.get.get(id) as AlertRow | undefined;
      if (!row) throw new AlertError(404, `no alert ${id}`);
      if (row.drill !== 1) throw new AlertError(409, `alert ${id} is not a drill's`);
      if (row.state === 'closed') return undefined;
      this.q.close.run(at, Math.max(at, row.updated_at), id, row.revision);
      return { row: this.q.get.get(id) as AlertRow, entry: this.append(id, 'close', row.state as AlertState, 'closed', operator, '', 'drill finished', at) };
    })();
    if (!result) return this.get(id)!;
    if (this.openByKey.get(result.row.dedup_key) === id) this.openByKey.delete(result.row.dedup_key);
    const rec = toRecord(result.row);
    this.opts.onChange?.('close', rec, result.entry);
    return rec;
  }

  /** A rule's condition ended: the open alert is marked inactive (it still needs an operator to resolve it). */
  clearFromRule(c: RuleClearing): void {
    const id = this.openByKey.get(`rule\n${c.community}\n${c.ruleId}\n${c.seriesKey}`);
    if (id === undefined) return;
    const at = this.now();
    const rec = this.db.transaction(() => {
      this.q.setActive.run(0, at, id);
      const row = this.q.get.get(id) as AlertRow;
      return { rec: toRecord(row), entry: this.append(id, 'clear', row.state as AlertState, row.state as AlertState, 'system', '', 'condition back to normal', at) };
    })();
    this.opts.onChange?.('clear', rec.rec, rec.entry);
  }

  get(id: number): AlertRecord | undefined {
    const row = this.q.get.get(id) as AlertRow | undefined;
    return row && toRecord(row);
  }

  history(id: number): AlertHistoryEntry[] {
    return (this.q.history.all(id) as HistoryRow[]).map(toHistory);
  }

  /**
   * Apply an operator action. Throws AlertError 404 (no such alert), 400 (bad input) or 409 (not
   * allowed in the current state, or the alert changed since `expectedRevision`).
   */
  act(id: number, action: OperatorAction, input: ActionInput): AlertRecord {
    const at = this.now();
    const result = this.db.transaction(() => {
      const row = this.q.get.get(id) as AlertRow | undefined;
      if (!row) throw new AlertError(404, `no alert ${id}`);
      const state = row.state as AlertState;
      const comment = input.comment ?? '';
      if (action === 'comment') {
        this.q.touch.run(at, id);
        const entry = this.append(id, 'comment', state, state, input.operator, comment, '', at);
        return { row: this.q.get.get(id) as AlertRow, entry };
      }
      const t = TRANSITIONS[action];
      if (!t.from.includes(state)) {
        const last = this.q.lastTransition.get(id) as HistoryRow | undefined;
        const by = last && last.action !== 'raise' ? ` by ${last.operator} at ${new Date(last.at).toISOString()}` : '';
        const verb = { raised: 'raised', acknowledged: 'acknowledged', dispatched: 'dispatched', resolved: 'resolved', closed: 'closed' }[state];
        throw new AlertError(409, `cannot ${action} alert ${id}: it was already ${verb}${by}; its state is ${state} (revision ${row.revision}), allowed: ${allowedActions(state).join(', ')}`);
      }
      if (input.expectedRevision !== row.revision) {
        const last = this.q.lastTransition.get(id) as HistoryRow | undefined;
        throw new AlertError(409, `alert ${id} changed since revision ${input.expectedRevision}: it is at revision ${row.revision} (${state}${last ? `, last ${last.action} by ${last.operator} at ${new Date(last.at).toISOString()}` : ''}); reload it and decide again`);
      }
      const sinceClock = (at - row.clock_from) / 1000;
      let detail = '';
      switch (action) {
        case 'ack':
          this.q.ack.run(at, input.operator, sinceClock, at, id, row.revision);
          break;
        case 'dispatch':
          detail = input.assignee ?? '';
          this.q.dispatch.run(input.assignee, at, at, id, row.revision);
          break;
        case 'resolve':
          this.q.resolve.run(at, input.operator, sinceClock, at, id, row.revision);
          break;
        case 'close':
          this.q.close.run(at, at, id, row.revision);
          break;
        case 'reopen':
          this.q.reopen.run(at, at, id, row.revision);
          break;
      }
      const entry = this.append(id, action, state, t.to, input.operator, comment, detail, at);
      return { row: this.q.get.get(id) as AlertRow, entry };
    })();
    const rec = toRecord(result.row);
    if (rec.state === 'resolved' || rec.state === 'closed') {
      if (this.openByKey.get(result.row.dedup_key) === id) this.openByKey.delete(result.row.dedup_key);
    } else if (action === 'reopen' && !this.openByKey.has(result.row.dedup_key)) {
      this.openByKey.set(result.row.dedup_key, id);
    }
    this.opts.onChange?.(action, rec, result.entry);
    return rec;
  }

  /**
   * A delivery attempt to a notification channel, appended to the alert's history (`notify`, by
   * 'system', the state unchanged). Not broadcast and not counted as a change: a digest's attempt
   * touches hundreds of alerts, and the console reads the history when it shows one.
   */
  recordDelivery(id: number, detail: string): AlertHistoryEntry | undefined {
    const row = this.q.get.get(id) as AlertRow | undefined;
    if (!row) return undefined;
    const state = row.state as AlertState;
    return this.append(id, 'notify', state, state, 'system', '', detail, this.now());
  }

  /** Escalate open alerts whose time-to-acknowledge or time-to-resolve target has passed; the timer calls this. */
  checkEscalations(now = this.now()): AlertRecord[] {
    const out: AlertRecord[] = [];
    for (const row of this.q.escalatable.all() as AlertRow[]) {
      // History still within its dedup window is closed, not escalated, once its incident is over.
      if (this.historyOpen.has(row.id)) continue;
      const target = this.targets[severityOf(row.severity)];
      const elapsed = (now - row.clock_from) / 1000;
      let level = row.escalation_level;
      let why = '';
      if (level < 2 && elapsed > target.resolveSeconds) {
        level = 2;
        why = `not resolved within the ${target.resolveSeconds} s target for ${row.severity}`;
      } else if (level < 1 && row.state === 'raised' && elapsed > target.ackSeconds) {
        level = 1;
        why = `not acknowledged within the ${target.ackSeconds} s target for ${row.severity}`;
      }
      if (level === row.escalation_level) continue;
      const result = this.db.transaction(() => {
        this.q.escalate.run(level, now, row.id);
        const entry = this.append(row.id, 'escalate', row.state as AlertState, row.state as AlertState, 'system', '', `level ${level}: ${why}`, now);
        return { row: this.q.get.get(row.id) as AlertRow, entry };
      })();
      const rec = toRecord(result.row);
      out.push(rec);
      this.opts.onChange?.('escalate', rec, result.entry);
    }
    return out;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** `at`: the server time of the change (the event's time for history); `history`: from `recordHistory`. */
  private raise(key: string, dedupMs: number, a: {
    community: string; neighbourhood: string; type: string; severity: Severity; source: 'device' | 'rule'; ruleId: string | null;
    device: string; tags: Record<string, string>; location: string; message: string; value: number | null; time: number; drill?: boolean;
  }, at = this.now(), history = false): AlertRecord {
    const openId = this.openByKey.get(key);
    if (openId !== undefined) {
      const row = this.q.get.get(openId) as AlertRow | undefined;
      if (row && OPEN_STATES.includes(row.state as AlertState) && a.time - row.last_seen <= dedupMs) {
        // A repeat: counted on the open alert, which takes the higher severity and the latest reading.
        const severity = SEVERITY_RANK[a.severity] > SEVERITY_RANK[severityOf(row.severity)] ? a.severity : row.severity;
        // A live repeat of a history alert makes it a live one, for an operator to close.
        if (!history) this.historyOpen.delete(openId);
        // updated_at never goes back (clients keep the newest), even for a history event.
        this.q.repeat.run(Math.max(row.last_seen, a.time), severity, a.message, a.value, Math.max(at, row.updated_at), openId);
        const rec = toRecord(this.q.get.get(openId) as AlertRow);
        this.opts.onChange?.('repeat', rec, undefined);
        return rec;
      }
    }
    const result = this.db.transaction(() => {
      const info = this.q.insert.run(
        key, a.community, a.neighbourhood, a.type, a.severity, a.source, a.ruleId, a.device, JSON.stringify(a.tags), a.location,
        a.message, a.value, a.time, at, a.time, at, a.drill ? 1 : 0,
      );
      const id = Number(info.lastInsertRowid);
      const entry = this.append(id, 'raise', null, 'raised', 'system', '', a.source === 'rule' ? `rule ${a.ruleId}` : `device ${a.device}`, at);
      return { row: this.q.get.get(id) as AlertRow, entry };
    })();
    this.openByKey.set(key, result.row.id);
    if (history) this.historyOpen.add(result.row.id);
    const rec = toRecord(result.row);
    this.opts.onChange?.('raise', rec, result.entry);
    return rec;
  }

  private append(id: number, action: AlertAction, from: AlertState | null, to: AlertState, operator: string, comment: string, detail: string, at: number): AlertHistoryEntry {
    const info = this.q.append.run(id, action, from, to, operator, comment, detail, at);
    return { seq: Number(info.lastInsertRowid), alertId: id, action, fromState: from, toState: to, operator, comment, detail, at };
  }
}

function severityOf(s: string): Severity {
  return (SEVERITIES as readonly string[]).includes(s) ? (s as Severity) : 'warning';
}

function prepare(db: RecordsDb) {
  const rev = 'revision = revision + 1, updated_at = ? WHERE id = ? AND revision = ?';
  return {
    get: db.prepare('SELECT * FROM alerts WHERE id = ?'),
    history: db.prepare('SELECT * FROM alert_history WHERE alert_id = ? ORDER BY seq'),
    lastTransition: db.prepare(`SELECT * FROM alert_history WHERE alert_id = ? AND action NOT IN ('comment', 'repeat', 'clear', 'escalate', 'notify', 'plan') ORDER BY seq DESC LIMIT 1`),
    insert: db.prepare(`INSERT INTO alerts (dedup_key, community, neighbourhood, type, severity, source, rule_id, device, tags, location, message, value,
      state, revision, raised_at, clock_from, count, last_seen, active, updated_at, drill)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'raised', 1, ?, ?, 1, ?, 1, ?, ?)`),
    repeat: db.prepare('UPDATE alerts SET count = count + 1, last_seen = ?, severity = ?, message = ?, value = ?, active = 1, updated_at = ? WHERE id = ?'),
    setActive: db.prepare('UPDATE alerts SET active = ?, updated_at = ? WHERE id = ?'),
    touch: db.prepare('UPDATE alerts SET updated_at = ? WHERE id = ?'),
    ack: db.prepare(`UPDATE alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, ack_seconds = ?, ${rev}`),
    dispatch: db.prepare(`UPDATE alerts SET state = 'dispatched', assignee = ?, dispatched_at = ?, ${rev}`),
    resolve: db.prepare(`UPDATE alerts SET state = 'resolved', resolved_at = ?, resolved_by = ?, resolve_seconds = ?, ${rev}`),
    close: db.prepare(`UPDATE alerts SET state = 'closed', closed_at = ?, ${rev}`),
    // The clocks start again; what happened before stays in the history.
    reopen: db.prepare(`UPDATE alerts SET state = 'raised', clock_from = ?, acknowledged_at = NULL, acknowledged_by = NULL, assignee = NULL,
      dispatched_at = NULL, resolved_at = NULL, resolved_by = NULL, closed_at = NULL, ack_seconds = NULL, resolve_seconds = NULL,
      escalated = 0, escalation_level = 0, ${rev}`),
    escalatable: db.prepare(`SELECT * FROM alerts WHERE state IN ${OPEN_SQL} AND escalation_level < 2`),
    escalate: db.prepare('UPDATE alerts SET escalated = 1, escalation_level = ?, updated_at = ? WHERE id = ?'),
    append: db.prepare('INSERT INTO alert_history (alert_id, action, from_state, to_state, operator, comment, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
  };
}
