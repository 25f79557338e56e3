/**
 * The words of a notification, in Chinese (the groups, phones and mailboxes it reaches are the
 * community's people): one alert, or a digest of those a channel collected in its grouping window.
 * Times are China Standard Time; a digest lists its first alerts and counts the rest.
 */
import { ALERT_TYPE_LABELS, SEVERITY_LABELS, SEVERITIES, type AlertType } from '../../streams/alerts.ts';
import type { Hierarchy } from '../../streams/hierarchy.ts';
import { chinaDateTimeText } from '../../streams/china-time.ts';
import type { MessageAlert, OutgoingMessage } from './senders/outgoing.ts';

/** Lines a digest lists before it says "and N more": a phone screen's worth. */
export const DIGEST_LINES = 10;

const typeText = (t: string) => ALERT_TYPE_LABELS[t as AlertType]?.zh ?? t;
const sevText = (a: MessageAlert) => SEVERITY_LABELS[a.severity]?.zh ?? a.severity;

function placeText(a: MessageAlert, tree: Hierarchy): string {
  const n = tree.get(a.neighbourhood) ?? tree.get(a.community);
  return [n?.name.zh ?? (a.neighbourhood || a.community), a.location].filter(Boolean).join(' ');
}

function stepText(step: number, ackSeconds: (a: MessageAlert) => number, a: MessageAlert): string {
  return step === 0 ? '' : `超过确认时限 ${Math.round(ackSeconds(a) * step)} s 仍未确认，第 ${step} 级升级`;
}

/**
 * The message for `alerts` (one or more, oldest first). `ackSeconds`: each alert's time-to-acknowledge
 * target, s, named in an escalation's words. `unheld`: alerts the channel's full queue could not
 * hold, counted in the digest. `consoleUrl`: where the console is, when known. `ackLink`: the
 * signed link that acknowledges one alert from the message (ack-links.ts), for a single alert.
 */
export function buildMessage(alerts: readonly MessageAlert[], tree: Hierarchy, ackSeconds: (a: MessageAlert) => number, unheld = 0, consoleUrl?: string, ackLink?: (alertId: number) => string | undefined): OutgoingMessage {
  const link = consoleUrl ? `\n[打开告警处置台](${consoleUrl})` : '';
  if (alerts.length === 1 && unheld === 0) {
    const a = alerts[0];
    // Straight to the alert, to acknowledge it (which stops the escalation).
    const toAlert = consoleUrl ? `${consoleUrl}${consoleUrl.includes('?') ? '&' : '?'}alert=${a.id}` : '';
    const esc = stepText(a.step, ackSeconds, a);
    const title = `【${sevText(a)}】${typeText(a.type)} · ${placeText(a, tree)}${a.step ? '（升级）' : ''}${a.note ? '（预案超时）' : ''}`;
    const lines = [
      a.message || typeText(a.type),
      `地点：${placeText(a, tree)}`,
      `时间：${chinaDateTimeText(a.raisedAt)}（北京时间）`,
      `告警编号：#${a.id}`,
      ...(esc ? [`升级：${esc}`] : []),
      ...(a.note ? [`预案：${a.note}`] : []),
    ];
    const ack = a.step >= 0 ? ackLink?.(a.id) : undefined;
    return {
      title,
      markdown: `### ${title}\n${lines.map((l) => `> ${l}`).join('\n')}${ack ? `\n[一键确认收到](${ack})` : ''}${toAlert ? `\n[打开此告警并确认](${toAlert})` : ''}`,
      plain: `${title}\n${lines.join('\n')}${ack ? `\n一键确认：${ack}` : ''}${toAlert ? `\n${toAlert}` : ''}`,
      alerts,
    };
  }
  const bySeverity = [...SEVERITIES].reverse().map((s) => [s, alerts.filter((a) => a.severity === s).length] as const).filter(([, n]) => n > 0);
  const escalated = alerts.filter((a) => a.step > 0).length;
  const title = `【告警汇总】${alerts.length + unheld} 条${escalated ? `（其中 ${escalated} 条超时未确认）` : ''}`;
  const counts = bySeverity.map(([s, n]) => `${SEVERITY_LABELS[s].zh} ${n}`).join(' · ');
  const items = alerts.slice(0, DIGEST_LINES).map((a) =>
    `#${a.id} ${sevText(a)} ${typeText(a.type)} ${placeText(a, tree)} ${chinaDateTimeText(a.raisedAt).slice(11, 19)}${a.step ? ` 升级第 ${a.step} 级` : ''}${a.note ? ` 预案超时：${a.note}` : ''}`);
  const rest = alerts.length - Math.min(alerts.length, DIGEST_LINES) + unheld;
  const more = rest > 0 ? [`另有 ${rest} 条未列出，请在告警处置台查看`] : [];
  return {
    title,
    markdown: `### ${title}\n> ${counts}\n${[...items, ...more].map((l) => `- ${l}`).join('\n')}${link}`,
    plain: `${title}\n${counts}\n${[...items, ...more].join('\n')}`,
    alerts,
  };
}

/** What "send a test" sends: the channel's people see it is a test and where it came from. */
export function testMessage(channelName: string, nodeName: string, at: number): OutgoingMessage {
  const title = `【测试】社区智慧服务平台通知测试`;
  const lines = [`通道：${channelName}`, `节点：${nodeName}`, `时间：${chinaDateTimeText(at)}（北京时间）`, '收到本消息说明通道配置正确，无需处理。'];
  return { title, markdown: `### ${title}\n${lines.map((l) => `> ${l}`).join('\n')}`, plain: `${title}\n${lines.join('\n')}`, alerts: [], test: true };
}
