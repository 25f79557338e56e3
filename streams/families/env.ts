/**
 * Walkway environment (山城步道 · 环境感知): temperature, humidity, PM2.5 and noise along the
 * stair-street walkways, "with alarms on abnormal values" (三(四)3). The thresholds below are the
 * one table the walkway panel, the twin's sensor colours and the legend all read.
 */
import { defineFamily, type StandardRef } from './family-descriptor.ts';

const CMA_HEAT: StandardRef = {
  code: 'CMA Order No. 16 (2007)',
  title: { zh: '气象灾害预警信号发布与传播办法（高温预警信号）', en: 'Meteorological disaster warning signals: high temperature' },
  clause: 'yellow signal at a maximum of 35 °C, orange at 37 °C',
};

const GB_3095: StandardRef = {
  code: 'GB 3095-2012',
  title: { zh: '环境空气质量标准', en: 'Ambient air quality standard' },
  clause: 'PM2.5 24-hour mean: grade I 35 µg/m³, grade II 75 µg/m³',
};

const GB_3096: StandardRef = {
  code: 'GB 3096-2008',
  title: { zh: '声环境质量标准', en: 'Environmental quality standard for noise' },
  // Category 1 is the residential function area (居住、医疗卫生、文化教育…需要保持安静的区域):
  // 55 dB(A) by day (06–22 h) and 45 dB(A) at night. The alarm level, 10 dB over the limit, is
  // the product's: the standard has one limit per category.
  clause: 'category 1 (residential): 55 dB(A) day, 45 dB(A) night; alarm at limit + 10 dB',
};

const PRODUCT_HUMIDITY: StandardRef = {
  code: 'product',
  title: { zh: '本产品运营阈值', en: 'The product\'s operating levels' },
  // No national standard: the levels at which wet stone stairs and mould become a walkway concern.
  clause: 'relative humidity 85 % (slippery stairs) and 95 %',
};

export const ENV = defineFamily({
  measurement: 'env',
  label: { zh: '步道环境', en: 'Walkway environment' },
  kind: 'telemetry',
  tags: [
    { key: 'community', role: 'placement', label: { zh: '社区', en: 'Community' } },
    { key: 'neighbourhood', role: 'placement', label: { zh: '小区', en: 'Neighbourhood' } },
    { key: 'walkway', role: 'place', label: { zh: '步道', en: 'Walkway' } },
    { key: 'sensor', role: 'device', label: { zh: '环境传感器', en: 'Environment sensor' } },
  ],
  fields: [
    { key: 'temperature_c', type: 'float', unit: '°C', label: { zh: '温度', en: 'Temperature' }, rollup: 'mean', digits: 1 },
    { key: 'humidity_pct', type: 'float', unit: '%', label: { zh: '湿度', en: 'Humidity' }, rollup: 'mean', digits: 0 },
    { key: 'pm25_ugm3', type: 'float', unit: 'µg/m³', label: { zh: 'PM2.5', en: 'PM2.5' }, rollup: 'mean', digits: 0 },
    { key: 'noise_db', type: 'float', unit: 'dB', label: { zh: '噪声', en: 'Noise' }, rollup: 'mean', digits: 0 },
  ],
  intervalS: 60,
  thresholds: [
    { field: 'temperature_c', limits: { warn: 35, alarm: 37 }, standard: CMA_HEAT },
    { field: 'humidity_pct', limits: { warn: 85, alarm: 95 }, standard: PRODUCT_HUMIDITY },
    { field: 'pm25_ugm3', limits: { warn: 35, alarm: 75 }, standard: GB_3095 },
    { field: 'noise_db', limits: { warn: 55, alarm: 65 }, night: { warn: 45, alarm: 55 }, standard: GB_3096 },
  ],
  topic: 'env',
  twin: { object: 'sensor', layer: 'devices', colour: { kind: 'levels' } },
  card: {
    rows: [{ field: 'temperature_c' }, { field: 'humidity_pct' }, { field: 'pm25_ugm3' }, { field: 'noise_db' }],
    spark: ['pm25_ugm3'],
  },
  cockpit: [{ field: 'temperature_c' }, { field: 'humidity_pct' }, { field: 'pm25_ugm3' }, { field: 'noise_db' }],
  alertTypes: [
    { type: 'environment_abnormal', label: { zh: '环境指标异常', en: 'Environment out of range' }, raisedBy: 'rule' },
  ],
});
