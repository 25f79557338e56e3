/** Words of the building detail, Chinese first; the language comes from client/i18n. */
import type { Lang } from '../../i18n/i18n-store.ts';

const MESSAGES = {
  title: { zh: '楼栋BIM详情', en: 'Building BIM detail' },
  close: { zh: '关闭', en: 'Close' },
  closeTitle: { zh: '关闭楼栋详情', en: 'Close the building detail' },
  loading: { zh: '正在加载楼栋模型…', en: 'Loading the building model…' },
  loadFailed: { zh: '楼栋模型加载失败', en: 'The building model failed to load' },
  retry: { zh: '重试', en: 'Retry' },
  noBuilding: { zh: '清单中没有楼栋 {id}', en: 'No building {id} in the manifest' },
  summary: { zh: '{floors} 层 · 高 {height} m · 建筑面积 {area} m²', en: '{floors} floors · {height} m tall · floor area {area} m²' },
  storeys: { zh: '楼层', en: 'Storeys' },
  allStoreys: { zh: '全部楼层', en: 'All storeys' },
  clipUpTo: { zh: '显示至该层', en: 'Up to storey' },
  clipOnly: { zh: '仅该层', en: 'This storey only' },
  explode: { zh: '楼层展开', en: 'Explode floors' },
  explodeValue: { zh: '{f}×层高', en: '{f}× storey height' },
  resetView: { zh: '复位视角', en: 'Reset view' },
  rooms: { zh: '显示房间（{n} 间）', en: 'Show rooms ({n})' },
  roomsTitle: { zh: '房间（IfcSpace）默认隐藏；显示后可点选，告警可按房间定位', en: 'Rooms (IfcSpace) are hidden by default; shown, they can be clicked, so an alert can be located by room' },
  elevation: { zh: '标高 {e} m', en: 'elevation {e} m' },
  legend: { zh: '图例', en: 'Legend' },
  legendSensor: { zh: '接入传感器的构件', en: 'Element with a sensor' },
  legendAlarm: { zh: '告警中', en: 'In alarm' },
  legendSelected: { zh: '已选中', en: 'Selected' },
  legendHover: { zh: '鼠标悬停', en: 'Under the pointer' },
  sensorCount: { zh: '{n} 个传感器构件', en: '{n} sensor elements' },
  hint: { zh: '拖动旋转 · 滚轮缩放 · 点击构件查看', en: 'Drag to orbit · wheel to zoom · click an element' },
  ifcType: { zh: 'IFC类型', en: 'IFC type' },
  name: { zh: '名称', en: 'Name' },
  storey: { zh: '楼层', en: 'Storey' },
  globalId: { zh: 'GlobalId', en: 'GlobalId' },
  tag: { zh: '标记', en: 'Tag' },
  devices: { zh: '绑定设备', en: 'Bound devices' },
  device: { zh: '设备', en: 'Device' },
  stateNormal: { zh: '正常', en: 'Normal' },
  stateUnknown: { zh: '暂无数据', en: 'No data yet' },
  closeCard: { zh: '关闭卡片', en: 'Close the card' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type DetailMessageKey = keyof typeof MESSAGES;

export function dmsg(key: DetailMessageKey, lang: Lang, vars?: Record<string, string | number>): string {
  const text: string = MESSAGES[key][lang];
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}
