/** Words of the twin view, zh-CN first; the cockpit's language toggle picks one. */
import type { Lang } from '../i18n/i18n-store.ts';

const WORDS = {
  layers: { zh: '图层', en: 'Layers' },
  photogrammetry: { zh: '倾斜摄影', en: 'Photogrammetry' },
  buildings: { zh: '建筑能耗', en: 'Building energy' },
  parking: { zh: '停车泊位', en: 'Parking' },
  pipes: { zh: '综合管网', en: 'Pipe networks' },
  walkways: { zh: '山城步道', en: 'Walkways' },
  devices: { zh: '感知设备', en: 'Devices' },
  alerts: { zh: '安全告警', en: 'Alerts' },
  facilities: { zh: '生活圈设施', en: 'Life-circle facilities' },
  loading: { zh: '孪生模型加载中…', en: 'Loading the twin…' },
  noTwin: { zh: '未找到孪生模型', en: 'No twin model' },
  close: { zh: '关闭', en: 'Close' },
  last24h: { zh: '近24小时', en: 'Last 24 h' },
  intensity: { zh: '能耗强度', en: 'Energy intensity' },
  floorArea: { zh: '建筑面积', en: 'Floor area' },
  floors: { zh: '层数', en: 'Floors' },
  households: { zh: '户数', en: 'Households' },
  devicesIn: { zh: '楼内设备', en: 'Devices inside' },
  video: { zh: '视频（接入视频平台）', en: 'Video (from the video platform)' },
  videoNone: { zh: '未接入视频平台', en: 'no video platform connected' },
  neighbourhood: { zh: '小区', en: 'Neighbourhood' },
  noData: { zh: '暂无数据', en: 'No data' },
  legendIntensity: { zh: '能耗强度 (W/m²)', en: 'Energy intensity (W/m²)' },
  north: { zh: '北', en: 'N' },
  openBuilding: { zh: '查看楼层与构件', en: 'Floors and elements' },
  basement: { zh: '地下车库', en: 'Underground parking' },
  tileFailed: { zh: '三维瓦片加载失败', en: 'A 3D tileset failed to load' },
  tileMore: { zh: '另有更多失败的文件', en: 'more files failed' },
} as const;

export type TwinWord = keyof typeof WORDS;
export const tw = (key: TwinWord, lang: Lang): string => WORDS[key][lang];
