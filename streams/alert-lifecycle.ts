/**
 * The life of an alert in the control room: raised → acknowledged → dispatched → resolved → closed,
 * with reopen. Shared by the server (which enforces it) and the console (which offers only the
 * actions allowed in the current state).
 */
import type { Severity } from './alerts.ts';

export const ALERT_STATES = ['raised', 'acknowledged', 'dispatched', 'resolved', 'closed'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_STATE_LABELS: Readonly<Record<AlertState, { zh: string; en: string }>> = {
  raised: { zh: '待确认', en: 'Raised' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  dispatched: { zh: '已派单', en: 'Dispatched' },
  resolved: { zh: '已处置', en: 'Resolved' },
  closed: { zh: '已关闭', en: 'Closed' },
};

/** States in which an alert still needs someone (repeats are folded into it, clocks run). */
export const OPEN_STATES: readonly AlertState[] = ['raised', 'acknowledged', 'dispatched'];

/** What operators do to an alert (`POST /api/alerts/:id/<action>`). */
export const OPERATOR_ACTIONS = ['ack', 'dispatch', 'resolve', 'close', 'reopen', 'comment'] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

/**
 * Every entry of an alert's history: operator actions plus what the system does ('notify': a
 * delivery attempt to a channel; 'plan': a step of its emergency plan checked off, done or overdue).
 */
export type AlertAction = 'raise' | OperatorAction | 'escalate' | 'repeat' | 'clear' | 'notify' | 'plan';

/** The state each operator action moves to, from the states it is allowed in. `comment` keeps the state. */
export const TRANSITIONS: Readonly<Record<Exclude<OperatorAction, 'comment'>, { from: readonly AlertState[]; to: AlertState }>> = {
  ack: { from: ['raised'], to: 'acknowledged' },
  // Re-dispatching hands the job to another person or team.
  dispatch: { from: ['acknowledged', 'dispatched'], to: 'dispatched' },
  // A false alarm handled from the desk is resolved without dispatching anyone.
  resolve: { from: ['acknowledged', 'dispatched'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'raised' },
};

/** Operator actions allowed in a state, in the order the console offers them. */
export function allowedActions(state: AlertState): OperatorAction[] {
  const out: OperatorAction[] = [];
  for (const [action, t] of Object.entries(TRANSITIONS)) if (t.from.includes(state)) out.push(action as OperatorAction);
  out.push('comment');
  return out;
}

/** One alert with its current state, as the REST API and `alertUpdate` frames carry it. */
export interface AlertRecord {
  id: number;
  community: string;
  neighbourhood: string;
  type: string;
  severity: Severity;
  /** 'device': an event posted by a device; 'rule': raised by a rule on the live streams. */
  source: 'device' | 'rule';
  /** The rule that fired (source 'rule'). */
  ruleId: string | null;
  /** Device or sensor id (for a rule alert: the series' device-like tag). */
  device: string;
  /** Tags of the series a rule fired on (source 'rule'), or of the device event. */
  tags: Record<string, string>;
  location: string;
  message: string;
  /** Reading that raised it (the field value, rate or event count), or null. */
  value: number | null;
  state: AlertState;
  /** Increments on every state transition; a transition must name the revision it was decided on. */
  revision: number;
  /** Epoch ms of the event that raised it (device or sample time). */
  raisedAt: number;
  /** Epoch ms the time-to-acknowledge and time-to-resolve clocks run from: raise, or the last reopen (server time). */
  clockFrom: number;
  /** Repeats folded into this alert, 1 for a single event. */
  count: number;
  /** Epoch ms of the last repeat (or of the raise). */
  lastSeen: number;
  /** For a rule alert: whether its condition still holds. Device alerts: always true until resolved. */
  active: boolean;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  /** Person or team the alert was dispatched to. */
  assignee: string | null;
  dispatchedAt: number | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  closedAt: number | null;
  /** Seconds from clockFrom to acknowledgement / resolution, once they happened. */
  ackSeconds: number | null;
  resolveSeconds: number | null;
  /** Set once a time target was missed; level 1: acknowledgement overdue, 2: resolution overdue. */
  escalated: boolean;
  escalationLevel: number;
  /** Epoch ms of the last change of any kind (server time). */
  updatedAt: number;
  /**
   * Staged by a demo tour (server/tours/staged-incidents.ts): held only by the screen playing the
   * tour, never stored, listed, counted or reported. Absent on real records.
   */
  demo?: true;
  /**
   * Raised for a drill of an emergency plan (POST /api/drills): stored, listed and handed over
   * marked as a drill, never counted in statistics, summaries or reports, never notified. Absent
   * on real records.
   */
  drill?: true;
}

/** One entry of an alert's append-only history. */
export interface AlertHistoryEntry {
  /** Increasing across all alerts. */
  seq: number;
  alertId: number;
  action: AlertAction;
  /** State before and after ('comment', 'repeat', 'escalate': the same). */
  fromState: AlertState | null;
  toState: AlertState;
  /** Operator who acted; 'system' for raise, repeat, clear and escalate. */
  operator: string;
  comment: string;
  /**
   * Dispatch: the assignee; reopen: the reason is the comment; escalate: the level and target
   * missed; notify: a DeliveryDetail as JSON (streams/notify.ts); plan: what was checked off, done
   * or overdue, in words.
   */
  detail: string;
  /** Server time, epoch ms. */
  at: number;
}

/** Time targets for one severity, seconds. */
export interface SeverityTargets {
  ackSeconds: number;
  resolveSeconds: number;
}

export type ResponseTargets = Record<Severity, SeverityTargets>;

/** Defaults, after common property-management practice: seconds for critical, hours for info. */
export const DEFAULT_RESPONSE_TARGETS: ResponseTargets = {
  critical: { ackSeconds: 60, resolveSeconds: 30 * 60 },
  major: { ackSeconds: 5 * 60, resolveSeconds: 2 * 3600 },
  warning: { ackSeconds: 15 * 60, resolveSeconds: 8 * 3600 },
  info: { ackSeconds: 3600, resolveSeconds: 24 * 3600 },
};
