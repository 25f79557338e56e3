/** Words of the plan card, the drill form and the drill report (zh-CN first, English on the toggle). */
import type { Lang } from '../../i18n/i18n-store.ts';

const MESSAGES = {
  plan: { zh: '应急预案', en: 'Emergency plan' },
  planNone: { zh: '该类告警暂无应急预案', en: 'No emergency plan for this alert type' },
  planFailed: { zh: '预案加载失败', en: 'The plan failed to load' },
  drill: { zh: '演练', en: 'Drill' },
  drillNote: { zh: '演练告警：不计入统计，不发送通知', en: 'Drill: not counted in statistics, nobody is notified' },
  started: { zh: '启动于 {t}', en: 'started {t}' },
  complete: { zh: '预案已全部完成', en: 'Plan complete' },
  stepOf: { zh: '第 {n} 步', en: 'Step {n}' },
  target: { zh: '目标 {d}', en: 'target {d}' },
  left: { zh: '剩余 {d}', en: '{d} left' },
  overdue: { zh: '超时 {d}', en: 'overdue {d}' },
  doneBy: { zh: '{who} 于 {t} 完成，用时 {d}', en: 'done by {who} at {t}, took {d}' },
  met: { zh: '达标', en: 'met' },
  missed: { zh: '超时', en: 'late' },
  markDone: { zh: '本步完成', en: 'Step done' },
  tickAll: { zh: '请先勾选全部检查项', en: 'Tick every item first' },
  tickedBy: { zh: '{who} {t}', en: '{who} {t}' },
  contacts: { zh: '联系', en: 'Call' },
  failed: { zh: '操作失败：', en: 'Failed:' },
  report: { zh: '演练报告', en: 'Drill report' },
  finishDrill: { zh: '结束演练', en: 'Finish the drill' },
  startDrill: { zh: '预案演练', en: 'Plan drill' },
  drillTemplate: { zh: '预案', en: 'Plan' },
  drillNode: { zh: '小区', en: 'Neighbourhood' },
  drillStart: { zh: '开始演练', en: 'Start the drill' },
  close: { zh: '关闭', en: 'Close' },
  print: { zh: '打印', en: 'Print' },
  reportTitle: { zh: '应急预案演练报告', en: 'Emergency plan drill report' },
  colStep: { zh: '步骤', en: 'Step' },
  colRole: { zh: '责任人', en: 'Role' },
  colTarget: { zh: '目标用时', en: 'Target' },
  colTook: { zh: '实际用时', en: 'Took' },
  colBy: { zh: '完成人', en: 'Done by' },
  colItems: { zh: '检查项', en: 'Checklist' },
  colVerdict: { zh: '结果', en: 'Result' },
  pending: { zh: '未完成', en: 'not done' },
  summary: { zh: '共 {steps} 步：完成 {done}，达标 {met}，超时 {missed}，未完成 {pending}', en: '{steps} steps: {done} done, {met} met, {missed} late, {pending} not done' },
  total: { zh: '演练总用时 {d}', en: 'Drill took {d} in all' },
  unfinished: { zh: '演练尚未结束', en: 'The drill is still going' },
  startedBy: { zh: '发起人', en: 'Started by' },
  generatedAt: { zh: '生成时间', en: 'Generated at' },
  loopTitle: { zh: '预案闭环', en: 'Plan steps' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type PlanMessage = keyof typeof MESSAGES;

export function pt(key: PlanMessage, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = MESSAGES[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}
