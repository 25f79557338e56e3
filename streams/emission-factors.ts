/**
 * Carbon of the electricity a community draws from the grid, and of the natural gas it burns.
 *
 * The emission factor is the national average of China's grid for 2022, 0.5703 kgCO₂/kWh, as
 * published by the Ministry of Ecology and Environment and the National Bureau of Statistics
 * (生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》, 2024: 全国电力平均二氧化碳排放因子).
 * PV generated and used on site carries no grid emissions, so only grid imports are counted.
 *
 * Natural gas: the default values of China's national GHG accounting guidelines for enterprises
 * (国家发展改革委《公共建筑运营单位（企业）温室气体排放核算方法和报告指南（试行）》, 2015, and the other
 * industry guidelines of the series, 附录 常用化石燃料相关参数缺省值): net calorific value 389.31
 * GJ per 10⁴ Nm³, carbon content 15.3 tC/TJ, oxidation 99 %:
 *   0.038931 GJ/m³ × 15.3 kgC/GJ × 0.99 × 44/12 = 2.162 kgCO₂ per standard m³.
 * The meters read standard m³ (utility_meter's gas fields).
 *
 * The cockpit's energy panel and the monthly energy and carbon report (server/reports) both count
 * with these, so a figure on the wall and in the report agree.
 */

/** kgCO₂ per kWh drawn from the grid (national average, 2022). */
export const GRID_EMISSION_FACTOR_KG_PER_KWH = 0.5703;

/** kgCO₂ per standard m³ of natural gas burnt (national accounting guidelines' default values). */
export const GAS_EMISSION_FACTOR_KG_PER_M3 = 2.162;

/** One factor with its unit and source, as a report names it. */
export interface EmissionFactor {
  id: 'grid' | 'gas';
  name: { zh: string; en: string };
  value: number;
  /** kgCO₂ per this unit. */
  per: 'kWh' | 'm³';
  source: { zh: string; en: string };
}

export const EMISSION_FACTORS: readonly EmissionFactor[] = [
  {
    id: 'grid', name: { zh: '电网购电', en: 'Grid electricity' }, value: GRID_EMISSION_FACTOR_KG_PER_KWH, per: 'kWh',
    source: {
      zh: '生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》（2024）：2022年全国电力平均二氧化碳排放因子',
      en: 'MEE and NBS, announcement of the 2022 electricity CO₂ emission factors (2024): national grid average 2022',
    },
  },
  {
    id: 'gas', name: { zh: '天然气', en: 'Natural gas' }, value: GAS_EMISSION_FACTOR_KG_PER_M3, per: 'm³',
    source: {
      zh: '国家发展改革委《公共建筑运营单位（企业）温室气体排放核算方法和报告指南（试行）》（2015）附录缺省值：低位发热量 389.31 GJ/万Nm³、单位热值含碳量 15.3 tC/TJ、碳氧化率 99%',
      en: "NDRC GHG accounting guidelines for public building operators (2015), appendix defaults: NCV 389.31 GJ per 10⁴ Nm³, 15.3 tC/TJ, 99 % oxidation",
    },
  },
];

/** Both factors and where they come from, as shown under the energy panel's figures. */
export const EMISSION_FACTORS_SOURCE = {
  zh: `电网 ${GRID_EMISSION_FACTOR_KG_PER_KWH} kgCO₂/kWh（2022年全国平均，生态环境部、国家统计局）· 天然气 ${GAS_EMISSION_FACTOR_KG_PER_M3} kgCO₂/m³（国家温室气体核算指南缺省值）`,
  en: `Grid ${GRID_EMISSION_FACTOR_KG_PER_KWH} kgCO₂/kWh (2022 national average, MEE and NBS) · natural gas ${GAS_EMISSION_FACTOR_KG_PER_M3} kgCO₂/m³ (national GHG accounting guidelines' defaults)`,
} as const;

/** kgCO₂ of `m3` standard m³ of natural gas at `factor` kgCO₂/m³ (default the guidelines' 2.162). */
export function gasCarbonKg(m3: number, factor = GAS_EMISSION_FACTOR_KG_PER_M3): number {
  return m3 * factor;
}

/** kgCO₂ of `gridKwh` kWh of grid electricity at `factor` kgCO₂/kWh (default the 2022 national average). */
export function carbonKg(gridKwh: number, factor = GRID_EMISSION_FACTOR_KG_PER_KWH): number {
  return gridKwh * factor;
}
