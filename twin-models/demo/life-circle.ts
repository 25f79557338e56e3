/**
 * The facility categories of the guideline's 表 1 (现代社区生活圈设施配置表, 18+N): the ones a
 * 10-minute life circle must have inside the community, and the 15-minute ones (the "N") it may.
 * The seed's table marks 17 facilities for the 10-minute circle while its note speaks of 18; the
 * table is kept as printed.
 */
export interface FacilityCategory {
  key: string;
  zh: string;
  en: string;
  /** The guideline scene the table files it under. */
  scene: string;
  circle: '10min' | '15min';
}

const c = (key: string, zh: string, en: string, scene: string, circle: FacilityCategory['circle']): FacilityCategory => ({ key, zh, en, scene, circle });

export const LIFE_CIRCLE_FACILITIES: readonly FacilityCategory[] = [
  c('party_mass_centre', '党群服务中心', 'Party-mass service centre', '渝快智治', '15min'),
  c('council_hall', '社区议事厅', 'Community council hall', '渝快智治', '10min'),
  c('property_station', '先锋物业服务站', 'Property service station', '渝快智治', '10min'),
  c('culture_centre', '社区文化活动中心', 'Community cultural centre', '渝见邻里', '15min'),
  c('culture_station', '社区文化活动站', 'Cultural activity station', '渝见邻里', '10min'),
  c('street_service_centre', '街道综合服务中心', 'Street service centre', '渝见邻里', '15min'),
  c('community_service_centre', '社区综合服务中心', 'Community service centre', '渝见邻里', '10min'),
  c('shared_space', '邻里共享空间', 'Shared neighbourhood space', '渝见邻里', '10min'),
  c('public_green', '公共绿地', 'Public green space', '山水宜居', '15min'),
  c('health_centre', '社区卫生服务中心', 'Community health centre', '山水宜居', '15min'),
  c('health_station', '社区卫生服务站', 'Community health station', '健康颐养', '10min'),
  c('elderly_centre', '养老服务中心', 'Elderly care centre', '健康颐养', '15min'),
  c('elderly_station', '养老服务站', 'Elderly care station', '健康颐养', '10min'),
  c('canteen', '社区食堂', 'Community canteen', '健康颐养', '10min'),
  c('childcare', '托育照护驿站', 'Childcare station', '健康颐养', '10min'),
  c('kindergarten', '普惠性幼儿园', 'Public kindergarten', '全龄教育', '10min'),
  c('after_school', '四点半课堂', 'After-school class', '全龄教育', '10min'),
  c('reading_room', '社区书房', 'Community reading room', '全龄教育', '10min'),
  c('commercial_centre', '社区商业中心', 'Community commercial centre', '全龄教育', '15min'),
  c('maker_space', '社区众创空间', 'Community maker space', '多元活力', '10min'),
  c('convenience_shop', '便民商业网点', 'Convenience shops', '多元活力', '10min'),
  c('parcel_lockers', '末端物流设施', 'Parcel lockers and delivery station', '多元活力', '10min'),
  c('fitness_centre', '全民健身中心', 'Fitness centre', '多元活力', '15min'),
  c('sports_ground', '多功能运动场地', 'Multi-purpose sports ground', '多元活力', '10min'),
  c('refuge_area', '社区级避难场所', 'Community refuge area', '安全韧性', '10min'),
];

