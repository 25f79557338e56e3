/**
 * Names of the shipped tree: the statistics bureau's committee names shortened to the place
 * (中山二路社区居民委员会 → 中山二路社区), and English names in Hanyu Pinyin with the generic part
 * translated (渝中区 → Yuzhong District). Pinyin comes from a function the caller passes in, so this
 * module needs no package the product does not ship.
 */

/** Syllables of a Chinese string, toneless, lower-case, ü written as v (one entry per character). */
export type ToPinyin = (zh: string) => string[];

/** 中山二路社区居民委员会 → 中山二路社区, 盐井凼村民委员会 → 盐井凼村, X村村民委员会 → X村. */
export function shortZhName(name: string): string {
  return name
    .replace(/(村|社区)村民委员会$/, '$1')
    .replace(/村民委员会$/, '村')
    .replace(/居民委员会$/, '')
    .replace(/委员会$/, '');
}

/** Generic parts, longest first, with their English; the specific part before them is romanized. */
const SUFFIXES: readonly (readonly [string, string])[] = [
  ['社区工作站', 'Community Workstation'],
  ['街道办事处', 'Subdistrict'],
  ['办事处', 'Office'],
  ['自治县', 'Autonomous County'],
  ['族乡', 'Ethnic Township'],
  ['街道', 'Subdistrict'],
  ['社区', 'Community'],
  ['区', 'District'],
  ['县', 'County'],
  ['镇', 'Town'],
  ['乡', 'Township'],
  ['村', 'Village'],
];

/** The ethnic groups named in Chongqing's autonomous counties and ethnic townships. */
const ETHNIC: Readonly<Record<string, string>> = { 土家: 'Tujia', 苗: 'Miao', 仡佬: 'Gelao', 回: 'Hui' };

/**
 * Readings of place names where the dictionary's goes wrong: polyphonic characters read as in
 * Chongqing's names (龙都 Longdu, 曾家 Zengjia, 柏林 Bailin), a character it lacks (大青㭎村).
 */
export const CHAR_READINGS: Readonly<Record<string, string>> = { 都: 'du', 曾: 'zeng', 柏: 'bai', 㭎: 'gang' };

/** 两路口街道 → Lianglukou Subdistrict; 石柱土家族自治县 → Shizhu Tujia Autonomous County. */
export function englishName(zh: string, toPinyin: ToPinyin): string {
  const suffix = SUFFIXES.find(([s]) => zh.endsWith(s) && zh.length > s.length);
  let stem = suffix ? zh.slice(0, -suffix[0].length) : zh;
  const peoples: string[] = [];
  if (suffix && (suffix[0] === '自治县' || suffix[0] === '族乡')) {
    // 秀山土家族苗族自治县: the peoples are written before the generic part, each once.
    stem = suffix[0] === '族乡' ? `${stem}族` : stem;
    let m: RegExpMatchArray | null;
    while ((m = stem.match(/(土家|仡佬|苗|回)族$/))) {
      peoples.unshift(ETHNIC[m[1]]);
      stem = stem.slice(0, -m[0].length);
    }
  }
  const words = [romanize(stem, toPinyin)];
  if (peoples.length > 0) words.push(peoples.join(' and '));
  if (suffix) words.push(suffix[1]);
  const en = words.filter(Boolean).join(' ');
  if (!/^[A-Z][\x20-\x7e]*$/.test(en)) throw new Error(`English name of ${zh} is not capitalised ASCII: "${en}"`);
  return en;
}

/** The specific part in pinyin, one word per run of Chinese (华润·凌江 → Huarun Lingjiang). */
function romanize(stem: string, toPinyin: ToPinyin): string {
  return stem
    .split(/[·・\s]+/)
    .filter(Boolean)
    .map((part) => capitalise(joinSyllables(syllablesOf(part, toPinyin))))
    .join(' ');
}

function syllablesOf(part: string, toPinyin: ToPinyin): string[] {
  const chars = [...part];
  const syllables = toPinyin(part);
  if (syllables.length !== chars.length) throw new Error(`pinyin of ${part} has ${syllables.length} syllables for ${chars.length} characters`);
  return syllables.map((s, i) => CHAR_READINGS[chars[i]] ?? s.toLowerCase());
}

/** Pinyin orthography: an apostrophe before a syllable starting with a, o or e (南岸 → Nan'an). */
function joinSyllables(syllables: string[]): string {
  return syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
