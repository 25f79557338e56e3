/** Words of the evidence view and of assessment entry, zh-CN first; the cockpit's language toggle picks one. */
import type { Lang } from '../../i18n/i18n-store.ts';

const WORDS = {
  tabItems: { zh: '细项', en: 'Items' },
  tabEvidence: { zh: '数据佐证', en: 'Data evidence' },
  evidenceTitle: { zh: '数据判定佐证', en: 'Evidence from data' },
  showRoutes: { zh: '孪生体显示步行路线', en: 'Walking routes on the twin' },
  computedAt: { zh: '计算于 {t}', en: 'Computed {t}' },
  evidenceNeedCommunity: { zh: '选择社区查看数据佐证', en: 'Choose a community to see the evidence from data' },
  noTwinEvidence: { zh: '该社区暂无数字孪生，无法从数据判定', en: 'This community has no twin: nothing can be judged from data' },
  colItem: { zh: '编号', en: 'No.' },
  colName: { zh: '指标', en: 'Indicator' },
  colValue: { zh: '数值', en: 'Value' },
  colThreshold: { zh: '阈值', en: 'Threshold' },
  colVerdict: { zh: '判定', en: 'Verdict' },
  colEvidence: { zh: '佐证', en: 'Evidence' },
  verdictMet: { zh: '达标', en: 'Met' },
  verdictNotMet: { zh: '未达标', en: 'Not met' },
  verdictUnknown: { zh: '无法判定', en: 'Cannot judge' },
  sourceGuideline: { zh: '导则', en: 'guideline' },
  sourceProduct: { zh: '产品口径', en: 'product' },
  reason: { zh: '原因', en: 'Reason' },
  entrances: { zh: '{n} 个主要出入口', en: '{n} main entrances' },
  density: { zh: '界内步道 {km} km / 用地 {area} km²', en: '{km} km of walkway inside {area} km²' },
  metering: { zh: '在线计量 {n}/{total}（近 {min} 分钟有数据）', en: '{n} of {total} metered live (data in the last {min} min)' },
  drainage: { zh: '监测覆盖 {covered}/{total} m，在线传感器 {live} 个', en: '{covered} of {total} m covered, {live} sensors live' },
  delay: { zh: '近24小时 {n} 条告警，中位 {median} ms，p95 {p95} ms', en: '{n} alerts in 24 h, median {median} ms, p95 {p95} ms' },
  unreachable: { zh: '不可达', en: 'unreachable' },
  // Assessment entry.
  colActions: { zh: '操作', en: 'Actions' },
  edit: { zh: '评估', en: 'Assess' },
  history: { zh: '记录', en: 'History' },
  drawerTitle: { zh: '细项 {id} 评估', en: 'Item {id}: assessment' },
  readOnly: { zh: '只读：您的角色不能评估该社区的细项', en: 'Read only: your role cannot assess this community’s items' },
  note: { zh: '佐证说明', en: 'Evidence note' },
  links: { zh: '链接（每行一个 http/https 地址）', en: 'Links (one http/https URL a line)' },
  attachments: { zh: '附件（名称 + 文档地址或编号）', en: 'Attachments (name + document URL or id)' },
  attachmentName: { zh: '附件名称', en: 'Name' },
  attachmentRef: { zh: '地址或编号', en: 'URL or id' },
  addAttachment: { zh: '添加附件', en: 'Add attachment' },
  remove: { zh: '移除', en: 'Remove' },
  save: { zh: '保存', en: 'Save' },
  saving: { zh: '保存中…', en: 'Saving…' },
  saved: { zh: '已保存（第 {rev} 版）', en: 'Saved (revision {rev})' },
  close: { zh: '关闭', en: 'Close' },
  badInput: { zh: '输入有误：{e}', en: 'Please correct: {e}' },
  saveFailed: { zh: '保存失败：{e}', en: 'Not saved: {e}' },
  stale: {
    zh: '未保存：此项已被 {who} 于 {at} 修改为“{status}”。下方已显示最新内容，请在此基础上重新修改后保存。',
    en: 'Not saved: {who} changed this item at {at} to “{status}”. The latest version is shown below; apply your change to it and save again.',
  },
  changedMeanwhile: { zh: '打开后此项已被 {who} 修改（第 {rev} 版）', en: '{who} changed this item since you opened it (revision {rev})' },
  historyTitle: { zh: '变更记录', en: 'Change history' },
  noHistory: { zh: '尚无评估记录', en: 'Never assessed' },
  statusChange: { zh: '状态 {from} → {to}', en: 'Status {from} → {to}' },
  statusSet: { zh: '状态 {to}', en: 'Status {to}' },
  noteChanged: { zh: '说明已修改', en: 'note changed' },
  linksChanged: { zh: '链接 {n} 条', en: '{n} links' },
  attachmentsChanged: { zh: '附件 {n} 个', en: '{n} attachments' },
  noChange: { zh: '内容未变', en: 'no change' },
  historyFailed: { zh: '记录读取失败：{e}', en: 'History could not be read: {e}' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type EvidenceWord = keyof typeof WORDS;

export function ew(key: EvidenceWord, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = WORDS[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}
