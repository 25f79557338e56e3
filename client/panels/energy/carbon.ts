/**
 * Carbon of the electricity a community draws from the grid.
 *
 * The emission factor is the national average of China's grid for 2022, 0.5703 kgCO₂/kWh, as
 * published by the Ministry of Ecology and Environment and the National Bureau of Statistics
 * (生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》, 2024: 全国电力平均二氧化碳排放因子).
 * PV generated and used on site carries no grid emissions, so only grid imports are counted.
 */

/** kgCO₂ per kWh drawn from the grid (national average, 2022). */
export const GRID_EMISSION_FACTOR_KG_PER_KWH = 0.5703;

/** Where the factor comes from, as shown on the wall. */
export const GRID_EMISSION_FACTOR_SOURCE = {
  zh: '全国电网平均排放因子 0.5703 kgCO₂/kWh（2022年，生态环境部、国家统计局公布）',
  en: 'National grid average 0.5703 kgCO₂/kWh (2022, MEE and NBS)',
} as const;

/** kgCO₂ of `gridKwh` kWh of grid electricity at `factor` kgCO₂/kWh (default the 2022 national average). */
export function carbonKg(gridKwh: number, factor = GRID_EMISSION_FACTOR_KG_PER_KWH): number {
  return gridKwh * factor;
}
