/**
 * The shift handover as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads the
 * Chinese as mojibake), CRLF line ends, RFC 4180 quoting, and every text cell that a spreadsheet
 * would take for a formula (starting with = + - @, tab or carriage return) prefixed with an
 * apostrophe, so a hostile comment cannot run as a formula on the next shift's machine.
 */
import { ALERT_STATE_LABELS, type AlertState } from '../../../streams/alert-lifecycle.ts';
import { SEVERITY_LABELS, type Severity } from '../../../streams/alerts.ts';
import { RULE_ALERT_TYPE_LABELS, type RuleAlertType } from '../../../streams/alert-rules.ts';
import type { HandoverReport } from '../lifecycle/alert-queries.ts';
import { chinaDateTimeText } from '../../../streams/china-time.ts';
import { CHANNEL_KIND_LABELS, parseDeliveryDetail } from '../../../streams/notify.ts';
import { loopText } from '../../../streams/plans.ts';
import { csvCell as cell } from '../../reports/csv-cell.ts';

const BOM = '\uFEFF';

const COLUMNS = [
  '编号 ID', '发生时间 Raised (UTC+8)', '类型 Type', '级别 Severity', '状态 State', '小区 Neighbourhood', '位置 Location',
  '内容 Message', '次数 Count', '确认人 Acknowledged by', '确认用时 Time to ack (s)', '派单给 Dispatched to',
  '处置人 Resolved by', '处置用时 Time to resolve (s)', '升级 Escalation level', '本班处理记录 Actions this shift',
  '演练 Drill', '应急预案闭环 Plan steps (done by, time vs target)',
];

export function handoverCsv(r: HandoverReport): string {
  const lines = [COLUMNS.map(cell).join(',')];
  for (const a of r.alerts) {
    const actions = a.actions
      .filter((h) => h.action !== 'repeat')
      .map((h) => `${beijingTime(h.at)} ${h.operator} ${h.action}${h.detail ? ` (${detailText(h.action, h.detail)})` : ''}${h.comment ? `: ${h.comment}` : ''}`)
      .join('\n');
    lines.push([
      a.id, beijingTime(a.raisedAt), RULE_ALERT_TYPE_LABELS[a.type as RuleAlertType]?.zh ?? a.type,
      SEVERITY_LABELS[a.severity as Severity]?.zh ?? a.severity, ALERT_STATE_LABELS[a.state as AlertState]?.zh ?? a.state,
      a.neighbourhood, a.location, a.message, a.count, a.acknowledgedBy ?? '', a.ackSeconds ?? '', a.assignee ?? '',
      a.resolvedBy ?? '', a.resolveSeconds ?? '', a.escalationLevel, actions,
      a.drill ? '演练 Drill' : '', a.plan ? `${a.plan.name.zh}\n${loopText(a.plan)}` : '',
    ].map(cell).join(','));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** A delivery entry's JSON as a line a person reads: channel, outcome, attempt. */
function detailText(action: string, detail: string): string {
  const d = action === 'notify' ? parseDeliveryDetail(detail) : undefined;
  if (!d) return detail;
  return `${CHANNEL_KIND_LABELS[d.kind]?.zh ?? d.kind} ${d.name}: ${d.outcome} ${d.attempt}/${d.attempts}${d.status !== null ? ` ${d.status}` : ''}`;
}

/** Control rooms work in China Standard Time. */
const beijingTime = chinaDateTimeText;
