/**
 * Words of the cockpit itself (not of the data): titles, states, derived quantities. Labels of
 * measurements, fields, alert types and severities come from streams/ through labels.ts instead.
 */
import type { Lang } from './i18n-store.ts';

const MESSAGES = {
  appTitle: { zh: '社区运行指挥驾驶舱', en: 'Community Operations Cockpit' },
  langToggle: { zh: 'EN', en: '中文' },
  langToggleTitle: { zh: 'Switch to English', en: '切换到中文' },
  // Connection badge.
  phase_connecting: { zh: '连接中', en: 'Connecting' },
  phase_connected: { zh: '实时连接', en: 'Live' },
  phase_reconnecting: { zh: '重连中', en: 'Reconnecting' },
  phase_refused: { zh: '订阅被拒绝', en: 'Subscription refused' },
  storeOk: { zh: '存储正常', en: 'Store OK' },
  storeDown: { zh: '存储不可达', en: 'Store unreachable' },
  spooled: { zh: '待补写', en: 'spooled' },
  points: { zh: '点', en: 'pts' },
  dataStale: { zh: '数据停滞', en: 'Data stale' },
  noDataYet: { zh: '暂无数据', en: 'No data yet' },
  lastData: { zh: '最近数据', en: 'Last data' },
  // Cards.
  freeSpaces: { zh: '空余车位', en: 'Free spaces' },
  occupancy: { zh: '占用率', en: 'Occupancy' },
  meterCount: { zh: '电表 {n} 块', en: '{n} meters' },
  meterCountOne: { zh: '电表 1 块', en: '1 meter' },
  sensorCount: { zh: '{n} 个传感器', en: '{n} sensors' },
  sensorCountOne: { zh: '1 个传感器', en: '1 sensor' },
  sensorRange: { zh: '{n} 个传感器 · {min}–{max}', en: '{n} sensors · {min}–{max}' },
  statusCounts: { zh: '管网状态', en: 'Sensor status' },
  // Alerts.
  recentAlerts: { zh: '实时告警', en: 'Recent alerts' },
  noAlerts: { zh: '暂无告警', en: 'No alerts' },
  // Load curve.
  loadCurveTitle: { zh: '楼栋用电负荷曲线', en: 'Building load curve' },
  building: { zh: '楼栋', en: 'Building' },
  axisTime: { zh: '时间', en: 'Time' },
  axisLoad: { zh: '负荷', en: 'Load' },
  last24h: { zh: '近24小时 · 5分钟均值 + 实时', en: 'Last 24 h · 5-min mean + live' },
  noBuilding: { zh: '该节点暂无楼栋电表数据', en: 'No building meters under this node' },
  loading: { zh: '加载中…', en: 'Loading…' },
  loadFailed: { zh: '历史数据加载失败，正在重试', en: 'History failed to load; retrying' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageKey = keyof typeof MESSAGES;

export function msg(key: MessageKey, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = MESSAGES[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}
