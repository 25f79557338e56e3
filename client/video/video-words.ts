/** Words of the camera player, zh-CN first with the English toggle. */
import type { Lang } from '../i18n/i18n-store.ts';

const WORDS = {
  live: { zh: '实时', en: 'Live' },
  playback: { zh: '回放', en: 'Playback' },
  playbackFrom: { zh: '回放 · 自 {time} 起', en: 'Playback from {time}' },
  backToLive: { zh: '返回实时', en: 'Back to live' },
  loading: { zh: '正在连接视频流…', en: 'Connecting to the stream…' },
  retrying: { zh: '正在重新连接视频流（第 {n} 次）…', en: 'Reconnecting to the stream (attempt {n})…' },
  unreachable: { zh: '无法连接摄像头“{camera}”的视频流（{host}），每分钟自动重试', en: 'The video stream of camera “{camera}” could not be reached ({host}); retrying every minute' },
  snapshotShown: { zh: '下方为快照', en: 'Snapshot below' },
  snapshotFailed: { zh: '快照也无法获取', en: 'The snapshot could not be loaded either' },
  noStream: { zh: '视频平台未提供实时流（未设置 VIDEO_LIVE_TEMPLATE）', en: 'The video platform gives no live stream (VIDEO_LIVE_TEMPLATE is not set)' },
  snapshotOnly: { zh: '快照', en: 'Snapshot' },
  playing: { zh: '播放中', en: 'Playing' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type VideoWord = keyof typeof WORDS;

export function vw(key: VideoWord, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = WORDS[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}
