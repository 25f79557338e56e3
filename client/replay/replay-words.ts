/** Words of the replay (incident review), Chinese first. */
import type { Lang } from '../i18n/i18n-store.ts';

const WORDS = {
  open: { zh: '回放', en: 'Replay' },
  openTitle: { zh: '回放一段历史：驾驶舱与孪生按当时的数据重演', en: 'Replay a past window: the cockpit and twin as they were' },
  from: { zh: '开始', en: 'From' },
  to: { zh: '结束', en: 'To' },
  speed: { zh: '倍速', en: 'Speed' },
  start: { zh: '开始回放', en: 'Start' },
  cancel: { zh: '取消', en: 'Cancel' },
  badWindow: { zh: '开始时间须早于结束时间，且不超过 7 天', en: 'The start must be before the end, at most 7 days apart' },
  replaying: { zh: '回放中', en: 'Replay' },
  play: { zh: '播放', en: 'Play' },
  pause: { zh: '暂停', en: 'Pause' },
  exit: { zh: '返回实时', en: 'Back to live' },
  status_loading: { zh: '读取中…', en: 'Loading…' },
  status_playing: { zh: '播放中', en: 'Playing' },
  status_paused: { zh: '已暂停', en: 'Paused' },
  status_ended: { zh: '已播完', en: 'Ended' },
  status_error: { zh: '读取失败：', en: 'Could not read: ' },
  buffering: { zh: '缓冲中', en: 'buffering' },
  timeline: { zh: '回放进度', en: 'Replay position' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ReplayWord = keyof typeof WORDS;

export function rw(key: ReplayWord, lang: Lang): string {
  return WORDS[key][lang];
}
