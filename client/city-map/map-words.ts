/** Words of the city map, zh-CN first; the cockpit's language toggle picks one. */
import type { Lang } from '../i18n/i18n-store.ts';

const WORDS = {
  figure: { zh: '着色指标', en: 'Colour by' },
  noData: { zh: '暂无数据', en: 'No data' },
  schematic: { zh: '位置示意', en: 'Schematic position' },
  twinPlaced: { zh: '孪生模型位置', en: 'Twin location' },
  loading: { zh: '地图加载中…', en: 'Loading the map…' },
  loadFailed: { zh: '地图加载失败，正在重试', en: 'The map failed to load; retrying' },
  communities: { zh: '社区', en: 'communities' },
  drill: { zh: '点击进入', en: 'Click to open' },
  empty: { zh: '下级暂无地点', en: 'No places below this one' },
} as const;

export type MapWord = keyof typeof WORDS;

export function mw(key: MapWord, lang: Lang): string {
  return WORDS[key][lang];
}
