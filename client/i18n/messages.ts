/**
 * Words of the cockpit itself (not of the data): titles, states, derived quantities. Labels of
 * measurements, fields, alert types and severities come from streams/ through labels.ts instead.
 */
import type { Lang } from './i18n-store.ts';
import { PIPE } from '../../streams/families/index.ts';

const MESSAGES = {
  appTitle: { zh: '社区运行指挥驾驶舱', en: 'Community Operations Cockpit' },
  langToggle: { zh: 'EN', en: '中文' },
  langToggleTitle: { zh: 'Switch to English', en: '切换到中文' },
  // A tour's staged incident in the alert list.
  demoAlert: { zh: '演示', en: 'Demo' },
  startTour: { zh: '演示导览', en: 'Tour' },
  reports: { zh: '报表', en: 'Reports' },
  reportsTitle: { zh: '交接班、指标推进与能耗碳排放报表（可打印、导出 CSV / Excel）', en: 'Shift, indicator-progress and energy and carbon reports (print, CSV, Excel)' },
  breadcrumb: { zh: '所在层级', en: 'Levels above' },
  levelUp: { zh: '返回上一级', en: 'Up one level' },
  // Connection badge.
  phase_connecting: { zh: '连接中', en: 'Connecting' },
  phase_connected: { zh: '实时连接', en: 'Live' },
  phase_reconnecting: { zh: '重连中', en: 'Reconnecting' },
  phase_refused: { zh: '订阅被拒绝', en: 'Subscription refused' },
  storeOk: { zh: '存储正常', en: 'Store OK' },
  storeDown: { zh: '存储不可达', en: 'Store unreachable' },
  storeDegraded: { zh: '存储异常', en: 'Store degraded' },
  spooled: { zh: '待补写', en: 'spooled' },
  points: { zh: '点', en: 'pts' },
  dataStale: { zh: '数据停滞', en: 'Data stale' },
  noDataYet: { zh: '暂无数据', en: 'No data yet' },
  lastData: { zh: '最近数据', en: 'Last data' },
  loading: { zh: '加载中…', en: 'Loading…' },
  loadFailed: { zh: '数据加载失败，正在重试', en: 'Failed to load; retrying' },
  total: { zh: '合计', en: 'Total' },
  last24h: { zh: '近24小时', en: 'Last 24 h' },
  sensorCount: { zh: '{n} 个传感器', en: '{n} sensors' },
  pageOf: { zh: '第 {page}/{pages} 页 · 共 {n} 项', en: 'Page {page}/{pages} · {n} items' },
  // Energy.
  energyTitle: { zh: '综合能源', en: 'Energy' },
  todayVsYesterday: { zh: '今日 vs 昨日 · 5分钟均值', en: 'Today vs yesterday · 5-min means' },
  today: { zh: '今日', en: 'Today' },
  yesterday: { zh: '昨日', en: 'Yesterday' },
  axisLoad: { zh: '负荷', en: 'Load' },
  peak: { zh: '峰值', en: 'Peak' },
  valley: { zh: '谷值', en: 'Valley' },
  pvShare: { zh: '今日光伏占比', en: 'PV share today' },
  carbonToday: { zh: '今日碳排放（电+气）', en: 'Carbon today (power + gas)' },
  noEnergyData: { zh: '该节点暂无电表数据', en: 'No meters under this node' },
  // Building services.
  servicesTitle: { zh: '设施运行', en: 'Building services' },
  servicesNote: { zh: '电梯 · 消防水 · 垃圾分类 · 托育 · 门禁', en: 'Lifts · fire water · bins · childcare · gates' },
  // Parking.
  parkingTitle: { zh: '智慧停车', en: 'Parking' },
  freeSpaces: { zh: '空余车位', en: 'Free spaces' },
  occupancy: { zh: '占用率', en: 'Occupancy' },
  totalSpaces: { zh: '总泊位', en: 'Total spaces' },
  freeOfTotal: { zh: '空 {free} / {total}', en: '{free} free / {total}' },
  last24hOccupancy: { zh: '近24小时占用率', en: 'Occupancy, last 24 h' },
  // Pipes.
  pipesTitle: { zh: '综合管网', en: 'Pipe networks' },
  network: { zh: '管网', en: 'Network' },
  pressure: { zh: '压力', en: 'Pressure' },
  meanPressure: { zh: '平均压力', en: ' mean pressure' },
  sensors: { zh: '传感器', en: 'Sensors' },
  sensorUnit: { zh: '个', en: 'count' },
  noSensors: { zh: '暂无压力数据', en: 'No pressure readings' },
  leaksNow: { zh: '当前泄漏', en: 'Leaks now' },
  noLeaks: { zh: '无泄漏', en: 'No leaks' },
  // Walkway environment.
  envTitle: { zh: '山城步道环境', en: 'Walkway environment' },
  sensor: { zh: '传感器', en: 'Sensor' },
  meanOfSensors: { zh: '均值', en: 'Mean' },
  thresholdTitle: { zh: '预警/告警阈值', en: 'Warning / alarm thresholds' },
  // Alerts.
  recentAlerts: { zh: '待处置告警', en: 'Open alerts' },
  noAlerts: { zh: '暂无告警', en: 'No alerts' },
  alertRecordsUnread: { zh: '告警记录未读取', en: 'Alert records not read' },
  alertStatsTitle: { zh: '告警统计', en: 'Alert statistics' },
  alertCount: { zh: '告警', en: 'Alerts' },
  timesUnit: { zh: '次', en: 'count' },
  openAlerts: { zh: '未闭环', en: 'Open' },
  closedAlerts: { zh: '已闭环', en: 'Closed' },
  timeToAck: { zh: '确认时长中位', en: 'Median time to ack' },
  timeToResolve: { zh: '处置时长中位', en: 'Median time to resolve' },
  minutesUnit: { zh: '分钟', en: 'min' },
  hoursUnit: { zh: '小时', en: 'h' },
  lifecycleUnavailable: { zh: '处置闭环统计未接入（服务端无 /api/alerts/stats）', en: 'Handling figures unavailable (no /api/alerts/stats on the server)' },
  // Indicators.
  scenesTitle: { zh: '九大场景达标', en: 'Nine scenes' },
  sceneShare: { zh: '细项达标率 (%)', en: 'Items met (%)' },
  sceneAreaShare: { zh: '基本项平均达标率 (%)', en: 'Mean basic ratio (%)' },
  progressTitle: { zh: '指标进度', en: 'Indicator progress' },
  itemsTotal: { zh: '110 项细项', en: '110 items' },
  gate: { zh: '门槛', en: 'gate' },
  gatePassed: { zh: '已通过', en: 'Passed' },
  gateNotPassed: { zh: '未通过', en: 'Not passed' },
  bindingMet: { zh: '达标 {met}/{total} · 不适用 {na} · 待办 {open}', en: 'Met {met}/{total} · N/A {na} · open {open}' },
  ratio: { zh: '达标率', en: 'ratio' },
  basicMet: { zh: '达标 {met} / 适用 {applicable}', en: 'Met {met} of {applicable} applicable' },
  counted: { zh: '计数', en: 'counted' },
  itemsUnit: { zh: '项', en: 'items' },
  communitiesN: { zh: '{n} 个社区', en: '{n} communities' },
  gatePassedCommunities: { zh: '通过约束项门槛的社区', en: 'Communities passing the gate' },
  meanBasicRatio: { zh: '基本项平均达标率', en: 'Mean basic ratio' },
  additionalMet: { zh: '附加项达标', en: 'Additional items met' },
  itemsTitle: { zh: '指标细项', en: 'Indicator items' },
  scene: { zh: '场景', en: 'Scene' },
  allScenes: { zh: '全部场景', en: 'All scenes' },
  itemType: { zh: '类型', en: 'Type' },
  allTypes: { zh: '全部类型', en: 'All types' },
  status: { zh: '状态', en: 'Status' },
  allStatuses: { zh: '全部状态', en: 'All statuses' },
  itemNo: { zh: '编号', en: 'No.' },
  itemText: { zh: '细项内容', en: 'Item' },
  evidence: { zh: '佐证', en: 'Evidence' },
  assessedBy: { zh: '评估人 · 时间', en: 'By · time' },
  noEvidence: { zh: '—', en: '—' },
  latestChange: { zh: '最新变更', en: 'Latest change' },
  itemsNeedCommunity: { zh: '选择社区查看细项', en: 'Choose a community to see its items' },
  // Above the community level: what only a community's own devices can show.
  lotsNeedCommunity: { zh: '各停车场明细请选择社区查看', en: 'Choose a community to see each car park' },
  pipesNeedCommunity: { zh: '管网传感器状态按社区查看，请选择社区', en: 'Pipe sensors are shown per community: choose a community' },
  sensorsNeedCommunity: { zh: '各传感器读数请选择社区查看', en: 'Choose a community to see each sensor' },
  devicesNeedCommunity: { zh: '设备状态计数请选择社区查看', en: 'Choose a community to count devices by state' },
  areaTotals: { zh: '辖区合计', en: 'Area totals' },
  maxDrainageLevel: { zh: '排水最高液位', en: 'Highest drainage level' },
  // Curves of today against yesterday above the community, from the roll-up history.
  occupancyTodayVsYesterday: { zh: '占用率 今日 vs 昨日 · 5分钟均值', en: 'Occupancy, today vs yesterday · 5-min means' },
  drainageTodayVsYesterday: { zh: '排水最高液位 今日 vs 昨日', en: 'Highest drainage level, today vs yesterday' },
  noHistoryYet: { zh: '暂无历史（每分钟记录一次）', en: 'No history yet (recorded every minute)' },
  // Rankings of a node's children.
  rankingsTitle: { zh: '排名对比', en: 'Rankings' },
  rankingsOf: { zh: '下辖{level} {n} 个', en: '{n} × {level}' },
  rankingFailing: { zh: '约束项未达标', en: 'Failing the gate' },
  rankingMetric: { zh: '排名指标', en: 'Rank by' },
  noFigure: { zh: '无数据', en: 'no data' },
  failingCount: { zh: '未达标 {total} 个社区 · 显示 {shown} 个 · 未评估 {unassessed} 个', en: '{total} communities failing · {shown} shown · {unassessed} not assessed' },
  noneFailing: { zh: '已评估社区均通过约束项', en: 'Every assessed community passes the gate' },
  failingItems: { zh: '未达标约束项', en: 'Binding items not met' },
  complianceOverTime: { zh: '近30日达标趋势', en: 'Compliance, last 30 days' },
  gateShare: { zh: '约束项达标社区占比', en: 'Communities passing the gate' },
  basicShare: { zh: '基本项平均完成率', en: 'Mean basic-item ratio' },
  ratioAxis: { zh: '比例 (%)', en: 'Share (%)' },
  drillTo: { zh: '进入 {name}', en: 'Open {name}' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof MESSAGES;

export function msg(key: MessageKey, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = MESSAGES[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}

/** Name of a pipe network (the pipe family's `network` tag values); an unknown one as it is. */
export function networkLabel(network: string, lang: Lang): string {
  return PIPE_NETWORK_LABELS.get(network)?.[lang] ?? network;
}
const PIPE_NETWORK_LABELS = new Map(PIPE.tags.flatMap((t) => ('values' in t ? t.values : [])).map((v) => [v.value as string, v.label]));
