/**
 * A small sites tree shaped like the shipped Chongqing one (official codes as ids, 社区 urban,
 * 村 rural, the demo community with its three neighbourhoods under 两路口街道): three districts,
 * six streets, 21 urban communities including the demo, four villages.
 */
import type { SiteRecord } from '../../streams/sites/site-record.ts';

const site = (id: string, level: SiteRecord['level'], parent: string | null, zh: string, en: string, extra: Partial<SiteRecord> = {}): SiteRecord => ({
  id, level, parent, code: /^\d+$/.test(id) ? id : null, name: { zh, en }, ...extra,
});

const STREETS: [string, string, string, string, [string, string][], number][] = [
  // street id, district, zh, en, urban communities (zh, en), villages
  ['500103004000', '500103', '两路口街道', 'Lianglukou Subdistrict', [['中山三路社区', 'Zhongshansanlu Community'], ['大田湾社区', 'Datianwan Community'], ['桂花园社区', 'Guihuayuan Community']], 0],
  ['500103001000', '500103', '七星岗街道', 'Qixinggang Subdistrict', [['金汤街社区', 'Jintangjie Community'], ['通远门社区', 'Tongyuanmen Community'], ['领事巷社区', 'Lingshixiang Community'], ['兴隆台社区', 'Xinglongtai Community']], 0],
  ['500103002000', '500103', '解放碑街道', 'Jiefangbei Subdistrict', [['民生路社区', 'Minshenglu Community'], ['邹容路社区', 'Zouronglu Community'], ['八一路社区', 'Bayilu Community']], 0],
  ['500105001000', '500105', '观音桥街道', 'Guanyinqiao Subdistrict', [['建新北路社区', 'Jianxinbeilu Community'], ['嘉陵社区', 'Jialing Community'], ['洋河社区', 'Yanghe Community'], ['北城天街社区', 'Beichengtianjie Community']], 1],
  ['500105002000', '500105', '华新街街道', 'Huaxinjie Subdistrict', [['华新街社区', 'Huaxinjie Community'], ['鲤鱼池社区', 'Liyuchi Community'], ['红土地社区', 'Hongtudi Community']], 0],
  ['500112001000', '500112', '双龙湖街道', 'Shuanglonghu Subdistrict', [['双龙湖社区', 'Shuanglonghu Community'], ['金港社区', 'Jingang Community'], ['宝圣湖社区', 'Baoshenghu Community']], 3],
];

export const FIXTURE_SITES: readonly SiteRecord[] = [
  site('500000', 'city', null, '重庆市', 'Chongqing'),
  site('500103', 'district', '500000', '渝中区', 'Yuzhong District'),
  site('500105', 'district', '500000', '江北区', 'Jiangbei District'),
  site('500112', 'district', '500000', '渝北区', 'Yubei District'),
  ...STREETS.flatMap(([id, district, zh, en, communities, villages]) => [
    site(id, 'street', district, zh, en),
    ...communities.map(([czh, cen], i) => site(`${id.slice(0, 9)}${String(i + 1).padStart(3, '0')}`, 'community', id, czh, cen, { urban: true })),
    ...Array.from({ length: villages }, (_, i) => site(`${id.slice(0, 9)}${String(200 + i + 1)}`, 'community', id, `第${i + 1}村`, `Village ${i + 1}`, { urban: false })),
  ]),
  site('c-eling', 'community', '500103004000', '鹅岭社区', 'Eling Community', { twin: 'c-eling', urban: true }),
  site('n-eling-1', 'neighbourhood', 'c-eling', '鹅岭正街小区', 'Eling Zhengjie Neighbourhood'),
  site('n-eling-2', 'neighbourhood', 'c-eling', '佛图关小区', 'Fotuguan Neighbourhood'),
  site('n-eling-3', 'neighbourhood', 'c-eling', '李子坝小区', 'Liziba Neighbourhood'),
];
