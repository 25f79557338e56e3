/** Words of the wall page (status line, start-up and refusals), Chinese first. */
import type { Lang } from '../i18n/i18n-store.ts';

const WORDS = {
  starting: { zh: '大屏启动中…', en: 'Starting the wall…' },
  serverUnreachable: { zh: '服务器暂不可达，{s} 秒后重试：', en: 'Server unreachable, retrying in {s} s: ' },
  tokenLost: { zh: '大屏令牌已失效或未提供：请用管理员提供的链接重新打开。', en: 'The wall\'s token is no longer valid or was not given: open the link from the administrator again.' },
  refused: { zh: '无法打开此大屏：', en: 'This wall cannot open: ' },
  noDisplayId: { zh: '地址中缺少大屏编号（/display/<编号>）。', en: 'The address names no display (/display/<id>).' },
  dataAge: { zh: '数据 {age}', en: 'Data {age}' },
  noData: { zh: '暂无数据', en: 'no data yet' },
  ageSeconds: { zh: '{n} 秒前', en: '{n} s ago' },
  ageMinutes: { zh: '{n} 分钟前', en: '{n} min ago' },
  conn_connecting: { zh: '连接中', en: 'connecting' },
  conn_connected: { zh: '已连接', en: 'connected' },
  conn_reconnecting: { zh: '重连中', en: 'reconnecting' },
  conn_refused: { zh: '被拒绝', en: 'refused' },
  clockAhead: { zh: '本机时钟比服务器快 {s} 秒', en: 'Clock {s} s ahead of the server\'s' },
  clockBehind: { zh: '本机时钟比服务器慢 {s} 秒', en: 'Clock {s} s behind the server\'s' },
  view: { zh: '画面 {i}/{n}', en: 'View {i}/{n}' },
  version: { zh: '版本 {v}', en: 'v{v}' },
  reloading: { zh: '自检失败（{reason}），正在重新载入…', en: 'Health check failed ({reason}); reloading…' },
  reloads: { zh: '已自动重载 {n} 次', en: 'Reloaded itself {n}×' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type WallWord = keyof typeof WORDS;

export function ww(key: WallWord, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = WORDS[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}
