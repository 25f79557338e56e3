/**
 * The shift report: the handover's content (server/alerts/lifecycle/alert-queries.ts) as a report
 * model. Every alert of the shift with its handling times against its severity's targets
 * (DEFAULT_RESPONSE_TARGETS or the server's own), overdue steps marked, a summary per severity,
 * the actions taken in the shift and each step of the emergency plans its alerts started. Drills
 * are listed, marked, and counted in none of the figures.
 *
 * Other parts of the product add sections through `ShiftSectionSource`: each source is asked with
 * the same node, shift and scope and its sections follow, in every format.
 */
import { ALERT_STATE_LABELS, type AlertAction, type AlertState, type ResponseTargets } from '../../streams/alert-lifecycle.ts';
import { RULE_ALERT_TYPE_LABELS, type RuleAlertType } from '../../streams/alert-rules.ts';
import { SEVERITIES, SEVERITY_LABELS, type Severity } from '../../streams/alerts.ts';
import type { ReportColumn, ReportRow, ReportSection } from '../../streams/reports.ts';
import type { HandoverReport } from '../alerts/lifecycle/alert-queries.ts';
import { ROLE_LABELS } from '../../streams/roles.ts';

/** What a section source is asked: the shift's node, span and the caller's scope. */
export interface ShiftQuery {
  node: string;
  from: number;
  to: number;
  now: number;
  /** The caller's scope nodes; undefined: the whole tree. */
  within?: readonly string[];
}

/** Adds sections to the shift report (after the alerts and actions). */
export type ShiftSectionSource = (q: ShiftQuery) => ReportSection[] | Promise<ReportSection[]>;

/** Where one step stands against its target at the report's time. */
export type StepOutcome = 'met' | 'missed' | 'overdue' | 'running' | 'none';

export const STEP_OUTCOME_LABELS: Readonly<Record<StepOutcome, { zh: string; en: string }>> = {
  met: { zh: '按时', en: 'On time' },
  missed: { zh: '超时完成', en: 'Late' },
  overdue: { zh: '已超时', en: 'Overdue' },
  running: { zh: '进行中', en: 'Running' },
  none: { zh: '—', en: '—' },
};

/** The history's actions as the report names them. */
export const ACTION_LABELS: Readonly<Record<Exclude<AlertAction, 'repeat' | 'notify'>, { zh: string; en: string }>> = {
  raise: { zh: '发生', en: 'Raised' },
  ack: { zh: '确认', en: 'Acknowledged' },
  dispatch: { zh: '派单', en: 'Dispatched' },
  resolve: { zh: '处置', en: 'Resolved' },
  close: { zh: '关闭', en: 'Closed' },
  reopen: { zh: '重开', en: 'Reopened' },
  comment: { zh: '备注', en: 'Comment' },
  escalate: { zh: '升级', en: 'Escalated' },
  plan: { zh: '预案', en: 'Plan' },
  clear: { zh: '恢复', en: 'Cleared' },
};

const TOTAL = { zh: '合计', en: 'Total' };

type Alert = HandoverReport['alerts'][number];
const OPEN: readonly AlertState[] = ['raised', 'acknowledged', 'dispatched'];

/** As the console's clocks read them: done within the target, late, or still due and past it. */
export function ackOutcome(a: Alert, targetS: number, now: number): StepOutcome {
  if (a.state === 'raised') return now - a.clockFrom > targetS * 1000 ? 'overdue' : 'running';
  if (a.ackSeconds !== null && a.acknowledgedAt !== null && a.acknowledgedAt >= a.clockFrom) return a.ackSeconds <= targetS ? 'met' : 'missed';
  return 'none';
}

export function resolveOutcome(a: Alert, targetS: number, now: number): StepOutcome {
  if (OPEN.includes(a.state)) return now - a.clockFrom > targetS * 1000 ? 'overdue' : 'running';
  if (a.resolveSeconds !== null) return a.resolveSeconds <= targetS ? 'met' : 'missed';
  return 'none';
}

const ALERT_COLUMNS: ReportColumn[] = [
  { key: 'id', label: { zh: '编号', en: 'ID' }, kind: 'number', width: 8 },
  { key: 'raisedAt', label: { zh: '发生时间', en: 'Raised' }, kind: 'time', unit: 'UTC+8' },
  { key: 'type', label: { zh: '类型', en: 'Type' }, kind: 'text', width: 14 },
  { key: 'severity', label: { zh: '级别', en: 'Severity' }, kind: 'text', width: 8 },
  { key: 'state', label: { zh: '状态', en: 'State' }, kind: 'text', width: 8 },
  { key: 'neighbourhood', label: { zh: '小区', en: 'Neighbourhood' }, kind: 'text', width: 12 },
  { key: 'location', label: { zh: '位置', en: 'Location' }, kind: 'text', width: 16 },
  { key: 'message', label: { zh: '内容', en: 'Message' }, kind: 'text', width: 24 },
  { key: 'ackSeconds', label: { zh: '确认用时', en: 'Time to ack' }, kind: 'number', unit: 's' },
  { key: 'ackTarget', label: { zh: '确认时限', en: 'Ack target' }, kind: 'number', unit: 's' },
  { key: 'ackOutcome', label: { zh: '确认', en: 'Ack' }, kind: 'text', width: 10 },
  { key: 'resolveSeconds', label: { zh: '处置用时', en: 'Time to resolve' }, kind: 'number', unit: 's' },
  { key: 'resolveTarget', label: { zh: '处置时限', en: 'Resolve target' }, kind: 'number', unit: 's' },
  { key: 'resolveOutcome', label: { zh: '处置', en: 'Resolution' }, kind: 'text', width: 10 },
  { key: 'overdue', label: { zh: '超时', en: 'Overdue' }, kind: 'flag', width: 8 },
  { key: 'acknowledgedBy', label: { zh: '确认人', en: 'Acknowledged by' }, kind: 'text', width: 14 },
  { key: 'resolvedBy', label: { zh: '处置人', en: 'Resolved by' }, kind: 'text', width: 14 },
];

const PLAN_COLUMNS: ReportColumn[] = [
  { key: 'alert', label: { zh: '告警编号', en: 'Alert' }, kind: 'number', width: 8 },
  { key: 'plan', label: { zh: '应急预案', en: 'Emergency plan' }, kind: 'text', width: 18 },
  { key: 'drill', label: { zh: '演练', en: 'Drill' }, kind: 'flag', width: 6 },
  { key: 'startedAt', label: { zh: '启动时间', en: 'Started' }, kind: 'time', unit: 'UTC+8' },
  { key: 'step', label: { zh: '步骤', en: 'Step' }, kind: 'text', width: 20 },
  { key: 'role', label: { zh: '责任角色', en: 'Role' }, kind: 'text', width: 12 },
  { key: 'target', label: { zh: '时限', en: 'Target' }, kind: 'number', unit: 's' },
  { key: 'seconds', label: { zh: '用时', en: 'Took' }, kind: 'number', unit: 's' },
  { key: 'outcome', label: { zh: '结果', en: 'Outcome' }, kind: 'text', width: 10 },
  { key: 'doneBy', label: { zh: '完成人', en: 'Done by' }, kind: 'text', width: 14 },
  { key: 'items', label: { zh: '检查项', en: 'Checklist' }, kind: 'text', width: 8 },
];

const SUMMARY_COLUMNS: ReportColumn[] = [
  { key: 'severity', label: { zh: '级别', en: 'Severity' }, kind: 'text', width: 10 },
  { key: 'alerts', label: { zh: '告警', en: 'Alerts' }, kind: 'number' },
  { key: 'raised', label: { zh: '本班新发', en: 'Raised this shift' }, kind: 'number' },
  { key: 'stillOpen', label: { zh: '仍未关闭', en: 'Still open' }, kind: 'number' },
  { key: 'ackTarget', label: { zh: '确认时限', en: 'Ack target' }, kind: 'number', unit: 's' },
  { key: 'ackMet', label: { zh: '按时确认', en: 'Acked on time' }, kind: 'number' },
  { key: 'ackLate', label: { zh: '确认超时', en: 'Ack late or overdue' }, kind: 'number' },
  { key: 'resolveTarget', label: { zh: '处置时限', en: 'Resolve target' }, kind: 'number', unit: 's' },
  { key: 'resolveMet', label: { zh: '按时处置', en: 'Resolved on time' }, kind: 'number' },
  { key: 'resolveLate', label: { zh: '处置超时', en: 'Resolution late or overdue' }, kind: 'number' },
  { key: 'onTimeRatio', label: { zh: '按时率', en: 'On-time rate' }, kind: 'ratio' },
];

const ACTION_COLUMNS: ReportColumn[] = [
  { key: 'at', label: { zh: '时间', en: 'Time' }, kind: 'time', unit: 'UTC+8' },
  { key: 'alert', label: { zh: '告警编号', en: 'Alert' }, kind: 'number', width: 8 },
  { key: 'action', label: { zh: '操作', en: 'Action' }, kind: 'text', width: 12 },
  { key: 'operator', label: { zh: '操作人', en: 'Operator' }, kind: 'text', width: 18 },
  { key: 'comment', label: { zh: '说明', en: 'Comment' }, kind: 'text', width: 40 },
];

export function shiftSections(h: HandoverReport, targets: ResponseTargets, now: number): ReportSection[] {
  const rows: ReportRow[] = [];
  const per = new Map<Severity, { alerts: number; raised: number; stillOpen: number; ackMet: number; ackLate: number; resolveMet: number; resolveLate: number; done: number; onTime: number }>();
  for (const a of h.alerts) {
    // A drill is listed (marked) but counted in none of the figures.
    if (a.drill) {
      rows.push({ id: a.id, raisedAt: a.raisedAt, type: DRILL_LABEL, severity: SEVERITY_LABELS[a.severity as Severity] ?? a.severity, state: ALERT_STATE_LABELS[a.state] ?? a.state,
        neighbourhood: a.neighbourhood, location: a.location || a.device, message: a.message, ackSeconds: a.ackSeconds, ackTarget: null, ackOutcome: STEP_OUTCOME_LABELS.none,
        resolveSeconds: a.resolveSeconds, resolveTarget: null, resolveOutcome: STEP_OUTCOME_LABELS.none, overdue: false, acknowledgedBy: a.acknowledgedBy ?? '', resolvedBy: a.resolvedBy ?? '' });
      continue;
    }
    const sev = a.severity as Severity;
    const t = targets[sev] ?? targets.info;
    const ack = ackOutcome(a, t.ackSeconds, now);
    const resolve = resolveOutcome(a, t.resolveSeconds, now);
    const late = (o: StepOutcome) => o === 'missed' || o === 'overdue';
    rows.push({
      id: a.id, raisedAt: a.raisedAt, type: RULE_ALERT_TYPE_LABELS[a.type as RuleAlertType] ?? a.type,
      severity: SEVERITY_LABELS[sev] ?? a.severity, state: ALERT_STATE_LABELS[a.state] ?? a.state,
      neighbourhood: a.neighbourhood, location: a.location || a.device, message: a.message,
      ackSeconds: a.ackSeconds, ackTarget: t.ackSeconds, ackOutcome: STEP_OUTCOME_LABELS[ack],
      resolveSeconds: a.resolveSeconds, resolveTarget: t.resolveSeconds, resolveOutcome: STEP_OUTCOME_LABELS[resolve],
      overdue: late(ack) || late(resolve) || a.escalated, acknowledgedBy: a.acknowledgedBy ?? '', resolvedBy: a.resolvedBy ?? '',
    });
    const s = per.get(sev) ?? { alerts: 0, raised: 0, stillOpen: 0, ackMet: 0, ackLate: 0, resolveMet: 0, resolveLate: 0, done: 0, onTime: 0 };
    s.alerts++;
    if (a.raisedAt >= h.from && a.raisedAt < h.to) s.raised++;
    if (OPEN.includes(a.state)) s.stillOpen++;
    if (ack === 'met') s.ackMet++;
    if (late(ack)) s.ackLate++;
    if (resolve === 'met') s.resolveMet++;
    if (late(resolve)) s.resolveLate++;
    // On time: an alert whose every step so far is within its target.
    if (resolve !== 'running' && resolve !== 'none') { s.done++; if (!late(ack) && resolve === 'met') s.onTime++; }
    per.set(sev, s);
  }
  const summary: ReportRow[] = [];
  const sum = { alerts: 0, raised: 0, stillOpen: 0, ackMet: 0, ackLate: 0, resolveMet: 0, resolveLate: 0, done: 0, onTime: 0 };
  for (const sev of SEVERITIES) {
    const s = per.get(sev);
    if (!s) continue;
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += s[k];
    summary.push({
      severity: SEVERITY_LABELS[sev], alerts: s.alerts, raised: s.raised, stillOpen: s.stillOpen,
      ackTarget: targets[sev].ackSeconds, ackMet: s.ackMet, ackLate: s.ackLate,
      resolveTarget: targets[sev].resolveSeconds, resolveMet: s.resolveMet, resolveLate: s.resolveLate,
      onTimeRatio: s.done ? s.onTime / s.done : null,
    });
  }
  const actions: ReportRow[] = h.alerts
    .flatMap((a) => a.actions.filter((x) => x.action !== 'repeat' && x.action !== 'notify').map((x) => ({
      at: x.at, alert: a.id, action: ACTION_LABELS[x.action as keyof typeof ACTION_LABELS] ?? x.action, operator: x.operator,
      comment: x.detail && x.action === 'dispatch' ? `→ ${x.detail}${x.comment ? `: ${x.comment}` : ''}` : x.comment,
    })))
    .sort((x, y) => (x.at as number) - (y.at as number));
  return [
    {
      id: 'summary', title: { zh: '本班概况', en: 'Summary' }, columns: SUMMARY_COLUMNS, rows: summary,
      totals: {
        severity: TOTAL, alerts: sum.alerts, raised: sum.raised, stillOpen: sum.stillOpen, ackTarget: null, ackMet: sum.ackMet, ackLate: sum.ackLate,
        resolveTarget: null, resolveMet: sum.resolveMet, resolveLate: sum.resolveLate, onTimeRatio: sum.done ? sum.onTime / sum.done : null,
      },
      notes: [{
        zh: '按时率：本班已处置的告警中，确认与处置均在时限内的比例。时限按告警级别（秒）。',
        en: 'On-time rate: of the alerts resolved, the share acknowledged and resolved within their targets. Targets per severity, seconds.',
      }],
    },
    {
      id: 'alerts', title: { zh: '告警明细', en: 'Alerts' }, columns: ALERT_COLUMNS, rows,
      notes: [{
        zh: '本班发生、本班处理过或本班结束时仍未关闭的告警。“已超时”：仍未完成且已过时限；“超时完成”：完成但超过时限。',
        en: 'Alerts raised or acted on in the shift, or still open at its end. “Overdue”: not done and past its target; “Late”: done after its target.',
      }],
    },
    { id: 'actions', title: { zh: '处理记录', en: 'Actions' }, columns: ACTION_COLUMNS, rows: actions },
    {
      id: 'plans', title: { zh: '应急预案执行', en: 'Emergency plans run' }, columns: PLAN_COLUMNS, rows: planRows(h),
      notes: [{
        zh: '本班告警启动的应急预案，逐步对照时限：“按时”在时限内完成，“超时完成”完成但超过时限，“已超时”未完成且已过时限。',
        en: 'The emergency plans the shift\'s alerts started, each step against its target: “On time” done within it, “Late” done after it, “Overdue” not done and past it.',
      }],
    },
  ];
}

const DRILL_LABEL = { zh: '演练', en: 'Drill' };

/** Every step of every plan run in the shift, in the order the plans started. */
function planRows(h: HandoverReport): ReportRow[] {
  const rows: ReportRow[] = [];
  const runs = h.alerts.filter((a) => a.plan).sort((x, y) => x.plan!.startedAt - y.plan!.startedAt);
  for (const a of runs) {
    const loop = a.plan!;
    for (const step of loop.steps) {
      const outcome: StepOutcome = step.seconds !== null ? (step.met ? 'met' : 'missed') : step.met === false ? 'overdue' : 'running';
      rows.push({
        alert: a.id, plan: loop.name, drill: loop.drill, startedAt: loop.startedAt, step: step.title, role: ROLE_LABELS[step.role],
        target: step.targetSeconds, seconds: step.seconds, outcome: STEP_OUTCOME_LABELS[outcome], doneBy: step.doneBy ?? '', items: `${step.itemsDone}/${step.items}`,
      });
    }
  }
  return rows;
}
