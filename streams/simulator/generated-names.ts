/**
 * Names for generated neighbourhoods (小区) as Chongqing estates are called: a place or good-omen
 * word and a suffix that tells the era — towers of the 2000s are 花园, 苑, 家园, 名都; the walk-ups
 * of the 1980s and 1990s are 新村, 小区 or a works' staff quarters (宿舍).
 */
import type { LocalName } from './community-config.ts';
import type { Rng } from './random.ts';

/** How a neighbourhood was built: high-rise towers, mid-rise blocks, or older walk-ups without lifts. */
export type EstateKind = 'tower' | 'midrise' | 'walkup';

const WORDS: readonly LocalName[] = [
  { zh: '金竹', en: 'Jinzhu' }, { zh: '桂花', en: 'Guihua' }, { zh: '翠湖', en: 'Cuihu' }, { zh: '山水', en: 'Shanshui' },
  { zh: '滨江', en: 'Binjiang' }, { zh: '嘉陵', en: 'Jialing' }, { zh: '枇杷', en: 'Pipa' }, { zh: '南山', en: 'Nanshan' },
  { zh: '学府', en: 'Xuefu' }, { zh: '阳光', en: 'Yangguang' }, { zh: '锦绣', en: 'Jinxiu' }, { zh: '和平', en: 'Heping' },
  { zh: '幸福', en: 'Xingfu' }, { zh: '怡景', en: 'Yijing' }, { zh: '碧水', en: 'Bishui' }, { zh: '鹏程', en: 'Pengcheng' },
  { zh: '紫薇', en: 'Ziwei' }, { zh: '星光', en: 'Xingguang' }, { zh: '海棠', en: 'Haitang' }, { zh: '黄葛', en: 'Huangge' },
  { zh: '银杏', en: 'Yinxing' }, { zh: '朝阳', en: 'Chaoyang' }, { zh: '春晖', en: 'Chunhui' }, { zh: '东方', en: 'Dongfang' },
  { zh: '江岸', en: 'Jiang\'an' }, { zh: '云峰', en: 'Yunfeng' }, { zh: '天池', en: 'Tianchi' }, { zh: '龙湖', en: 'Longhu' },
  { zh: '观山', en: 'Guanshan' }, { zh: '半岛', en: 'Bandao' }, { zh: '映月', en: 'Yingyue' }, { zh: '秀水', en: 'Xiushui' },
];

/** Works and institutions whose staff quarters became neighbourhoods. */
const WORKS: readonly LocalName[] = [
  { zh: '建设厂', en: 'Jianshe Works' }, { zh: '重钢', en: 'Chongqing Steel' }, { zh: '长安厂', en: 'Chang\'an Works' },
  { zh: '嘉陵厂', en: 'Jialing Works' }, { zh: '邮电局', en: 'Post and Telecom' }, { zh: '电力局', en: 'Electric Power Bureau' },
  { zh: '教师', en: 'Teachers\'' }, { zh: '纺织厂', en: 'Textile Mill' }, { zh: '机床厂', en: 'Machine Tool Works' },
];

const SUFFIXES: Readonly<Record<EstateKind, readonly LocalName[]>> = {
  tower: [{ zh: '花园', en: 'Garden' }, { zh: '苑', en: 'Court' }, { zh: '家园', en: 'Homes' }, { zh: '名都', en: 'Mingdu' }, { zh: '雅居', en: 'Residences' }, { zh: '华府', en: 'Huafu' }],
  midrise: [{ zh: '小区', en: 'Neighbourhood' }, { zh: '苑', en: 'Court' }, { zh: '花园', en: 'Garden' }, { zh: '佳园', en: 'Jiayuan' }],
  walkup: [{ zh: '新村', en: 'New Village' }, { zh: '小区', en: 'Neighbourhood' }],
};

/** The community's own name without 社区 / Community, for the neighbourhood that carries it. */
export function stemOf(name: LocalName): LocalName {
  const zh = name.zh.replace(/(社区工作站|社区居委会|社区|居委会|居民委员会)$/, '') || name.zh;
  const en = name.en.replace(/\s*(Residential\s+)?(Community|Neighbourhood Committee)$/i, '') || name.en;
  return { zh, en };
}

/** A neighbourhood name not in `taken` (which it joins); the first one often carries the community's own name. */
export function neighbourhoodName(rng: Rng, kind: EstateKind, community: LocalName, taken: Set<string>): LocalName {
  for (let attempt = 0; ; attempt++) {
    const suffix = rng.pick(SUFFIXES[kind]);
    let name: LocalName;
    let word = '';
    const stem = stemOf(community);
    if (taken.size === 0 && !/\d/.test(stem.zh) && rng.bernoulli(0.5)) {
      name = { zh: `${stem.zh}${suffix.zh}`, en: `${stem.en} ${suffix.en}` };
    } else if (kind === 'walkup' && rng.bernoulli(0.4)) {
      const works = rng.pick(WORKS);
      name = { zh: `${works.zh}宿舍`, en: `${works.en} Staff Quarters` };
    } else {
      const w = rng.pick(WORDS);
      word = w.zh;
      name = { zh: `${w.zh}${suffix.zh}`, en: `${w.en} ${suffix.en}` };
    }
    // After many clashes (a community with many neighbourhoods), number the name: 二期, 三期 …
    if (attempt > 20) name = { zh: `${name.zh}${attempt - 19}期`, en: `${name.en} Phase ${attempt - 19}` };
    // Neighbours do not share a name's word (翠湖花园 beside 翠湖苑) unless the words run out.
    if (!taken.has(name.zh) && (!word || attempt > 20 || !taken.has(`word:${word}`))) {
      taken.add(name.zh);
      if (word) taken.add(`word:${word}`);
      return name;
    }
  }
}

/** Cardinal gates of a neighbourhood, main one first. */
export const GATE_SIDES: readonly LocalName[] = [
  { zh: '北门', en: 'North Gate' }, { zh: '南门', en: 'South Gate' }, { zh: '东门', en: 'East Gate' }, { zh: '西门', en: 'West Gate' },
];

/** Places a crowd or a fall is watched for (area cameras): squares, garages, Chongqing's steep slopes. */
export const WATCHED_AREAS: readonly string[] = ['中心广场', '地下车库出入口', '儿童游乐区', '多功能运动场', '消防通道', '边坡护栏', '梯道平台', '临江观景台'];
