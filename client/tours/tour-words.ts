/** Words of the tour overlay and the keyframe recorder. */
import type { Lang } from '../i18n/i18n-store.ts';

const WORDS = {
  tour: { zh: '演示导览', en: 'Tour' },
  loading: { zh: '正在载入演示导览…', en: 'Loading the tour…' },
  loadFailed: { zh: '演示导览载入失败', en: 'The tour could not be loaded' },
  escCloses: { zh: 'Esc 关闭', en: 'Esc closes' },
  paused: { zh: '已暂停 · 空格继续', en: 'Paused · Space to resume' },
  keys: { zh: '→ 下一步　← 上一步　空格 暂停/继续　Esc 结束', en: '→ next   ← back   Space pause/resume   Esc end' },
  stepOf: { zh: '第 {i} / {n} 步', en: 'Step {i} of {n}' },
  waiting: { zh: '正在切换…', en: 'Moving…' },
  incident: { zh: '演示事件', en: 'Staged incident' },
  incidentFailed: { zh: '演示事件未能启动', en: 'The staged incident could not start' },
  demoNote: { zh: '演示数据，不计入统计和报表', en: 'Demo data: never counted or reported' },
  skipped: { zh: '{n} 步不在您的权限范围内，已略过', en: '{n} steps outside your scope were left out' },
  keyframe: { zh: '相机关键帧（已输出到控制台）', en: 'Camera keyframe (logged to the console)' },
  keyframeCopied: { zh: '相机关键帧（已复制）', en: 'Camera keyframe (copied)' },
} as const;

export function tw(key: keyof typeof WORDS, lang: Lang, vars: Record<string, string | number> = {}): string {
  return WORDS[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
