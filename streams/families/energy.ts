/**
 * Energy (山水宜居 · 综合能源资源管理平台): one electricity meter per building, with its load curve,
 * rooftop PV generation and EV charging (item 11.4, energy monitoring of buildings and utilities).
 */
import { defineFamily, tagValueList, type TagValueOf } from './family-descriptor.ts';

export const ENERGY = defineFamily({
  measurement: 'energy',
  label: { zh: '能源负荷', en: 'Energy load' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'building', role: 'place', label: { zh: '建筑', en: 'Building' } },
    { key: 'meter', role: 'device', label: { zh: '电表', en: 'Meter' } },
    {
      key: 'category', role: 'attribute', label: { zh: '建筑类型', en: 'Building use' },
      values: [
        { value: 'residential', label: { zh: '住宅', en: 'Residential' } },
        { value: 'public_service', label: { zh: '公共服务', en: 'Public service' } },
        { value: 'commercial', label: { zh: '商业', en: 'Commercial' } },
      ],
    },
  ],
  fields: [
    { key: 'load_kw', type: 'float', unit: 'kW', label: { zh: '用电负荷', en: 'Load' }, rollup: 'sum', digits: 1 },
    { key: 'energy_kwh', type: 'float', unit: 'kWh', label: { zh: '累计电量', en: 'Energy (cumulative)' }, rollup: 'sum', digits: 0 },
    { key: 'pv_kw', type: 'float', unit: 'kW', label: { zh: '光伏发电', en: 'PV generation' }, rollup: 'sum', digits: 1 },
    { key: 'ev_kw', type: 'float', unit: 'kW', label: { zh: '充电桩负荷', en: 'EV charging' }, rollup: 'sum', digits: 1 },
  ],
  intervalS: 60,
  topic: 'energy',
  twin: {
    object: 'building',
    layer: 'buildings',
    binding: ['element'],
    // Energy intensity, W per m² of floor area: residential towers run at a few W/m², a busy public
    // building at 20–40. The stops are the legend's ticks.
    colour: {
      kind: 'ramp', field: 'load_kw', perFloorArea: true, factor: 1000, unit: 'W/m²',
      stops: [
        { at: 0, colour: [38, 84, 150, 255] },
        { at: 3, colour: [40, 170, 200, 255] },
        { at: 6, colour: [90, 210, 120, 255] },
        { at: 10, colour: [245, 200, 60, 255] },
        { at: 16, colour: [250, 120, 50, 255] },
        { at: 25, colour: [230, 50, 60, 255] },
      ],
    },
  },
  card: { rows: [{ field: 'load_kw' }, { field: 'pv_kw' }, { field: 'ev_kw' }], spark: ['load_kw'] },
  cockpit: [{ field: 'load_kw', hero: true }, { field: 'pv_kw' }, { field: 'ev_kw' }],
  alertTypes: [
    { type: 'charger_overheat', label: { zh: '充电桩过热', en: 'Charger overheating' }, raisedBy: 'device' },
  ],
});

/** What a building is used for (the `category` tag, the manifest's `use`). */
export type BuildingCategory = TagValueOf<typeof ENERGY, 'category'>;
export const BUILDING_CATEGORIES = tagValueList(ENERGY, 'category');
